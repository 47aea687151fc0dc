import { loadContext, getCsrfToken } from './api.js';
import { applySmartStyle } from './style.js';
import { loadDashboard } from './dashboard.js';
import { setUpAdminister } from './administer.js';
import { loadAlerts } from './alerts.js';
import { el } from './charts.js';

const panels = { dashboard: 'dashboard', administer: 'administer', alerts: 'alerts' };
const featureOf = { dashboard: 'dashboard', administer: 'administer', alerts: 'alerts' };
const status = () => document.getElementById('status');

async function main() {
  let context;
  try {
    context = await loadContext();
  } catch (e) {
    status().textContent = e.message;
    document.querySelectorAll('[role=tabpanel]').forEach(p => p.hidden = true);
    return;
  }
  await applySmartStyle(context.smartStyleUrl);
  setUpTabs();
  setUpSignOut();
  const updateCount = alerts => { document.getElementById('alert-count').textContent = alerts.length ? String(alerts.length) : ''; };

  const loaders = {
    dashboard: () => loadDashboard(context, document.getElementById('dashboard'), updateCount)
      .then(view => { if (context.needPatientBanner) renderBanner(view.patient); }),
    administer: () => setUpAdminister(context, document.getElementById('administer')),
    alerts: () => loadAlerts(context, document.getElementById('alerts'), updateCount),
  };
  for (const [name, load] of Object.entries(loaders)) {
    const feature = context.features?.[featureOf[name]];
    if (feature && !feature.enabled) {
      const note = document.getElementById(`note-${name}`);
      note.textContent = feature.note ?? 'This feature is not available for this launch.';
      note.hidden = false;
      continue;
    }
    load().catch(e => show(name, e));
  }
  const reload = () => {
    if (context.features?.dashboard?.enabled !== false) loaders.dashboard().catch(e => show('dashboard', e));
    if (context.features?.alerts?.enabled !== false) loaders.alerts().catch(e => show('alerts', e));
  };
  document.addEventListener('alerts-changed', reload);
  document.addEventListener('response-saved', reload);
}

function show(name, error) {
  if (error.sessionEnded) {
    sessionEnded(error);
    return;
  }
  document.getElementById(panels[name]).replaceChildren(el('div', { class: 'error-box', role: 'alert' }, el('p', { text: error.message })));
}

// The session is over (the server has already forgotten it): say so once, hide the features, and show the way back.
function sessionEnded(error) {
  const relaunch = typeof error.body?.relaunchUrl === 'string' && error.body.relaunchUrl.startsWith('/launch?') ? error.body.relaunchUrl : null;
  const box = el('div', { class: 'error-box', role: 'alert', id: 'session-ended' },
    el('p', { text: error.body?.title ?? 'Your session with the EHR has ended.' }),
    el('p', { text: relaunch ? 'Launch the app again to continue.' : 'Launch the app again from the patient\'s chart in your EHR to continue.' }));
  if (relaunch) box.append(el('p', {}, el('a', { href: relaunch, text: 'Launch again' })));
  document.querySelectorAll('[role=tabpanel], .tabs, #signout').forEach(p => p.hidden = true);
  document.getElementById('session-ended')?.remove();
  document.getElementById('main').prepend(box);
}

// Sign-out is a plain form POST carrying the antiforgery token; the server answers with its own "signed out" page.
function setUpSignOut() {
  const form = document.getElementById('signout');
  form.querySelector('input[name=__RequestVerificationToken]').value = getCsrfToken() ?? '';
  form.hidden = false;
}

// The EHR asks for a banner (need_patient_banner) when it does not show its own; the Patient comes with the dashboard.
function renderBanner(p) {
  if (!p) return;
  const banner = document.getElementById('banner');
  banner.replaceChildren(el('strong', { text: p.name }), el('span', { text: `Born ${p.birthDate ?? 'unknown'}` }),
    el('span', { text: `Gender ${p.gender ?? 'unknown'}` }),
    // Labelled by the identifier's type: "MRN" only when it is a medical record number.
    p.identifier ? el('span', { id: 'banner-identifier', text: `${p.identifierLabel ?? 'ID'} ${p.identifier}` }) : '');
  banner.hidden = false;
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const select = tab => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', e => {
      const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i - 1 + tabs.length) % tabs.length]
        : e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[tabs.length - 1] : null;
      if (next) { e.preventDefault(); select(next); next.focus(); }
    });
  });
}

main();
