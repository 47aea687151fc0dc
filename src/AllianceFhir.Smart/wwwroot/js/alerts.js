import { getJson, postJson, patientUrl } from './api.js';
import { el } from './charts.js';
import { dateTime, zoneLabel } from './time.js';

const kindLabel = {
  'safety-self-harm': 'Safety',
  'alliance-rupture': 'Alliance',
  'not-on-track': 'Progress',
};
const stateLabel = { raised: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved', 'entered-in-error': 'Entered in error' };
const filters = [
  ['all', 'All alerts'],
  ['open', 'Open (not yet resolved)'],
  ['acknowledged', 'Acknowledged'],
  ['resolved', 'Resolved'],
  ['entered-in-error', 'Entered in error'],
];
const isOpen = a => a.state === 'raised' || a.state === 'acknowledged';

// The alert history: open alerts first, then resolved and acknowledged ones, with who, when and why; filterable.
export async function loadAlerts(context, container, onAlerts) {
  container.replaceChildren(el('p', { text: 'Loading alerts…' }));
  const alerts = await getJson(patientUrl(context, 'alerts/history'));
  const ordered = [...alerts.filter(isOpen), ...alerts.filter(a => !isOpen(a))];
  const select = el('select', { id: 'alert-filter' });
  for (const [value, label] of filters) select.append(el('option', { value, text: label }));
  const shown = el('p', { class: 'meta', id: 'alert-filter-count', role: 'status' });
  const list = el('div', { id: 'alert-history' });
  const apply = () => {
    const f = select.value;
    const subset = ordered.filter(a => f === 'all' || (f === 'open' ? isOpen(a) : a.state === f));
    shown.textContent = `Showing ${subset.length} of ${ordered.length} alert(s). Times in ${zoneLabel()}.`;
    renderAlertList(context, list, subset, { emptyText: ordered.length ? 'No alerts match this filter.' : 'No alerts for this client.' });
  };
  select.addEventListener('change', apply);
  container.replaceChildren(el('div', { class: 'field no-print' }, el('label', { for: 'alert-filter', text: 'Show' }), select), shown, list);
  apply();
  const open = alerts.filter(isOpen);
  onAlerts?.(open);
  return open;
}

function who(name, reference) {
  return name ?? reference ?? 'someone (not recorded)';
}

export function renderAlertList(context, container, alerts, { compact = false, emptyText = 'No active alerts for this client.' } = {}) {
  if (alerts.length === 0) {
    container.replaceChildren(el('p', { text: emptyText }));
    return;
  }
  const canAct = context.features?.['acknowledge-alerts']?.enabled !== false;
  const items = alerts.map(alert => {
    const label = kindLabel[alert.kind] ?? 'Alert';
    const safety = alert.kind === 'safety-self-harm';
    const state = alert.state ?? 'raised';
    const heading = el('h3', {}, el('span', { text: alert.title.startsWith(label) ? alert.title : `${label}: ${alert.title}` }),
      el('span', { class: `state state-${state}`, text: stateLabel[state] ?? state }));
    const node = el('article', { class: `alert ${safety ? 'safety' : ''} ${isOpen(alert) ? 'open' : 'closed'}`, 'data-alert': `${alert.type}/${alert.id}`, 'data-state': state },
      heading, el('p', { text: alert.summary }));
    if (alert.detail && !compact) node.append(el('p', { text: alert.detail }));
    const meta = [alert.since ? `Raised ${dateTime(alert.since)}` : null, `recorded as ${alert.type}`,
      alert.escalatedAt ? `escalated ${dateTime(alert.escalatedAt)} (not acknowledged in time)` : null];
    node.append(el('p', { class: 'meta', text: meta.filter(Boolean).join(' · ') }));
    if (alert.acknowledged)
      node.append(el('p', { class: 'meta acknowledged-by', text: `Acknowledged by ${who(alert.acknowledgedByName, alert.acknowledgedBy)}` +
        (alert.acknowledgedAt ? ` on ${dateTime(alert.acknowledgedAt)}` : '') }));
    if (state === 'resolved')
      node.append(el('p', { class: 'meta resolved-by', text: `Resolved by ${who(alert.resolvedByName, alert.resolvedBy)}` +
        (alert.resolvedAt ? ` on ${dateTime(alert.resolvedAt)}` : '') }),
      el('p', { class: 'reason', text: `Reason: ${alert.resolutionReason ?? 'not recorded'}` }));
    if (canAct && isOpen(alert)) {
      const actions = el('div', { class: 'actions no-print' });
      if (!alert.acknowledged) actions.append(acknowledgeButton(context, alert));
      const resolve = el('button', { type: 'button', text: 'Mark as resolved…', 'aria-label': `Mark as resolved: ${alert.title}` });
      resolve.addEventListener('click', () => {
        resolve.hidden = true;
        node.append(resolveForm(context, alert, safety, () => { resolve.hidden = false; }));
        node.querySelector('textarea')?.focus();
      });
      actions.append(resolve);
      node.append(actions);
    }
    return node;
  });
  container.replaceChildren(...items);
}

function acknowledgeButton(context, alert) {
  const b = el('button', { type: 'button', text: 'Acknowledge', 'aria-label': `Acknowledge: ${alert.title}` });
  b.addEventListener('click', async () => {
    b.disabled = true;
    const status = document.getElementById('status');
    try {
      await postJson(actionUrl(context, alert, 'acknowledge'));
      status.textContent = `Alert acknowledged: ${alert.title}.`;
      document.dispatchEvent(new CustomEvent('alerts-changed'));
    } catch (e) {
      status.textContent = `Could not acknowledge the alert: ${e.message}`;
      b.disabled = false;
    }
  });
  return b;
}

// Resolving ends the alert for everyone: it asks why (kept with the alert) and, for a safety alert, a confirmation.
function resolveForm(context, alert, safety, onCancel) {
  const key = `${alert.type}-${alert.id}`.replace(/[^A-Za-z0-9-]/g, '-');
  const reason = el('textarea', { id: `reason-${key}`, name: 'reason', rows: '2', maxlength: '500', required: true, 'aria-describedby': `reason-help-${key}` });
  const confirm = safety ? el('input', { type: 'checkbox', id: `confirm-${key}`, name: 'confirm', required: true }) : null;
  const error = el('p', { class: 'form-error', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'primary', text: 'Resolve alert' });
  const cancel = el('button', { type: 'button', text: 'Cancel' });
  const form = el('form', { class: 'resolve-form no-print', novalidate: true, 'aria-label': `Resolve: ${alert.title}` },
    el('label', { for: `reason-${key}`, text: 'Why is this alert resolved?' }),
    el('p', { class: 'meta', id: `reason-help-${key}`, text: 'Kept with the alert and shown in its history, with your name and the time.' }),
    reason,
    confirm ? el('div', { class: 'field confirm' }, confirm, el('label', { for: `confirm-${key}`, text: 'I confirm the risk has been reviewed and this safety alert can be closed for everyone.' })) : null,
    error, el('div', { class: 'actions' }, submit, cancel));
  cancel.addEventListener('click', () => { form.remove(); onCancel(); });
  form.addEventListener('input', () => { error.textContent = ''; });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const why = reason.value.trim();
    if (!why) { error.textContent = 'Give a reason before resolving the alert.'; reason.focus(); return; }
    if (confirm && !confirm.checked) { error.textContent = 'Confirm that the risk has been reviewed before resolving a safety alert.'; confirm.focus(); return; }
    submit.disabled = true;
    error.textContent = '';
    const status = document.getElementById('status');
    try {
      await postJson(actionUrl(context, alert, 'resolve'), { reason: why, confirmed: confirm ? confirm.checked : true });
      status.textContent = `Alert resolved: ${alert.title}.`;
      document.dispatchEvent(new CustomEvent('alerts-changed'));
    } catch (err) {
      error.textContent = `Could not resolve the alert: ${err.message}`;
      submit.disabled = false;
    }
  });
  return form;
}

function actionUrl(context, alert, action) {
  return patientUrl(context, `alerts/${encodeURIComponent(alert.type)}/${encodeURIComponent(alert.id)}/${action}`);
}
