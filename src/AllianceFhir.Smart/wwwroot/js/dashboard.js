import { getJson, patientUrl } from './api.js';
import { el, symptomChart, allianceChart } from './charts.js';
import { renderAlertList } from './alerts.js';

export async function loadDashboard(context, container, onAlerts) {
  container.replaceChildren(el('p', { text: 'Loading the dashboard…' }));
  const view = await getJson(patientUrl(context, 'dashboard'));
  const parts = [];
  parts.push(el('h2', { id: 'summary-heading', text: 'Summary' }));
  const summary = el('ul', { class: 'summary', 'aria-labelledby': 'summary-heading', id: 'summary' });
  view.summary.forEach(line => summary.append(el('li', { text: line })));
  parts.push(summary);
  if (view.skippedResponses > 0)
    parts.push(el('p', { class: 'note', text: `${view.skippedResponses} questionnaire response(s) in the record could not be scored and are not shown.` }));

  if (context.features?.alerts?.enabled !== false && view.alerts.length > 0) {
    parts.push(el('h2', { text: 'Current alerts' }));
    const list = el('div', { id: 'dashboard-alerts' });
    renderAlertList(context, list, view.alerts, onAlerts, { compact: true });
    parts.push(list);
  }

  const renders = [];
  parts.push(el('h2', { text: 'Symptoms' }));
  if (view.symptoms.length === 0) parts.push(el('p', { text: 'No PHQ-9 or GAD-7 scores yet.' }));
  const symptoms = el('div', { class: 'charts', id: 'symptom-charts' });
  for (const chart of view.symptoms) {
    const c = symptomChart(chart);
    symptoms.append(c.node);
    renders.push(c.render);
  }
  parts.push(symptoms);

  parts.push(el('h2', { text: 'Alliance' }));
  if (view.alliance.length === 0) parts.push(el('p', { text: 'No alliance ratings yet. Giving one (for example WAI-SR or SRS) after a session shows how the work together is going for the client.' }));
  const alliance = el('div', { class: 'charts', id: 'alliance-charts' });
  for (const chart of view.alliance) {
    const c = allianceChart(chart);
    alliance.append(c.node);
    renders.push(c.render);
  }
  parts.push(alliance);
  container.replaceChildren(...parts);
  renders.forEach(render => render());
  onAlerts?.(view.alerts);
  return view;
}
