import { getJson, patientUrl } from './api.js';
import { el, symptomChart, allianceChart, informantChart } from './charts.js';
import { renderAlertList } from './alerts.js';
import { dateTime, timeZone, zoneLabel } from './time.js';

const DAY = 24 * 60 * 60 * 1000;

export async function loadDashboard(context, container, onAlerts) {
  container.replaceChildren(el('p', { text: 'Loading the dashboard…' }));
  // The clinician's zone goes along so the summary's dates are the dates the clinician sees on the charts.
  const view = await getJson(`${patientUrl(context, 'dashboard')}?tz=${encodeURIComponent(timeZone)}`);
  const parts = [];
  const print = el('button', { type: 'button', id: 'print-dashboard', class: 'no-print', text: 'Print or save as PDF' });
  print.addEventListener('click', () => window.print());
  parts.push(el('div', { class: 'dashboard-head' },
    el('h2', { id: 'summary-heading', text: 'Summary' }),
    el('p', { class: 'zone', id: 'time-zone', text: `Dates and times in ${zoneLabel()}` }),
    print));
  if (view.patient) parts.push(el('p', { class: 'print-only print-patient', text: `${view.patient.name} · born ${view.patient.birthDate ?? 'unknown'}` +
    (view.patient.identifier ? ` · ${view.patient.identifierLabel ?? 'ID'} ${view.patient.identifier}` : '') + ` · printed ${dateTime(new Date())}` }));
  const summary = el('ul', { class: 'summary', 'aria-labelledby': 'summary-heading', id: 'summary' });
  view.summary.forEach(line => summary.append(el('li', { text: line })));
  parts.push(summary);
  if (view.skippedResponses > 0)
    parts.push(el('p', { class: 'note', text: `${view.skippedResponses} questionnaire response(s) in the record could not be scored and are not shown.` }));

  if (context.features?.alerts?.enabled !== false && view.alerts.length > 0) {
    parts.push(el('h2', { text: 'Current alerts' }));
    const list = el('div', { id: 'dashboard-alerts' });
    renderAlertList(context, list, view.alerts, { compact: true });
    parts.push(list);
  }

  const range = sharedRange(view);
  const renders = [];
  parts.push(el('h2', { text: 'Symptoms' }));
  if (view.symptoms.length === 0) parts.push(el('p', { text: 'No PHQ-9 or GAD-7 scores yet.' }));
  const symptoms = el('div', { class: 'charts', id: 'symptom-charts' });
  for (const chart of view.symptoms) {
    const c = symptomChart(chart, range);
    symptoms.append(c.node);
    renders.push(c.render);
  }
  parts.push(symptoms);

  parts.push(el('h2', { text: 'Alliance' }));
  if (view.alliance.length === 0) parts.push(el('p', { text: 'No alliance ratings yet. Giving one (for example WAI-SR or SRS) after a session shows how the work together is going for the client.' }));
  const alliance = el('div', { class: 'charts alliance', id: 'alliance-charts' });
  for (const chart of view.alliance) {
    const c = allianceChart(chart, range);
    alliance.append(c.node);
    renders.push(c.render);
  }
  parts.push(alliance);

  // Self-report beside caregiver report of the same construct (only when a caregiver report exists).
  if ((view.informants ?? []).length > 0) {
    parts.push(el('h2', { id: 'informants-heading', text: 'Self-report and caregiver report' }));
    const informants = el('div', { class: 'charts informants', id: 'informant-charts', 'aria-labelledby': 'informants-heading' });
    for (const chart of view.informants) {
      const c = informantChart(chart, range);
      informants.append(c.node);
      renders.push(c.render);
    }
    parts.push(informants);
  }
  container.replaceChildren(...parts);
  renders.forEach(render => render());
  onAlerts?.(view.alerts);
  return view;
}

// One time axis for every chart: from the first to the last date of any score, a few days' margin either side, and the
// same tick dates on every chart (midnight in the clinician's zone, every 1, 2, 7, 14… days), so a date sits at the
// same place on each chart and a rupture lines up with a symptom change.
function sharedRange(view) {
  const dates = [...view.symptoms.flatMap(c => c.points), ...view.alliance.flatMap(c => c.scales.flatMap(s => s.points)),
    ...(view.informants ?? []).flatMap(c => [...c.self, ...c.caregivers.flatMap(g => g.points)])].map(p => new Date(p.date).getTime());
  if (dates.length === 0) return { min: undefined, max: undefined, ticks: [] };
  const min = Math.min(...dates);
  const max = Math.max(...dates);
  const margin = Math.max(2 * DAY, (max - min) * 0.02);
  return { min: min - margin, max: max + margin, ticks: tickDates(min, max + margin) };
}

// At most seven ticks (the narrowest full-size chart, a tablet held upright, shows them all), the first on the first
// score's day.
const STEPS = [1, 2, 7, 14, 28, 56, 91, 182, 364];
function tickDates(first, last, most = 7) {
  const start = new Date(first);
  start.setHours(0, 0, 0, 0);
  const days = (last - start.getTime()) / DAY;
  const step = STEPS.find(s => Math.floor(days / s) + 1 <= most) ?? 364 * Math.ceil(days / 364 / (most - 1));
  const ticks = [];
  for (const d = start; d.getTime() <= last; d.setDate(d.getDate() + step)) ticks.push(d.getTime());
  return ticks;
}
