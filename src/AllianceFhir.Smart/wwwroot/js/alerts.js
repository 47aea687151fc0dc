import { getJson, postJson, patientUrl } from './api.js';
import { el } from './charts.js';

const kindLabel = {
  'safety-self-harm': 'Safety',
  'alliance-rupture': 'Alliance',
  'not-on-track': 'Progress',
};

export async function loadAlerts(context, container, onAlerts) {
  container.replaceChildren(el('p', { text: 'Loading alerts…' }));
  const alerts = await getJson(patientUrl(context, 'alerts'));
  renderAlertList(context, container, alerts, onAlerts, {});
  onAlerts?.(alerts);
  return alerts;
}

export function renderAlertList(context, container, alerts, onAlerts, { compact }) {
  if (alerts.length === 0) {
    container.replaceChildren(el('p', { text: 'No active alerts for this client.' }));
    return;
  }
  const canAct = context.features?.['acknowledge-alerts']?.enabled !== false;
  const items = alerts.map(alert => {
    const label = kindLabel[alert.kind] ?? 'Alert';
    const heading = el('h3', { text: alert.title.startsWith(label) ? alert.title : `${label}: ${alert.title}` });
    const node = el('article', { class: `alert ${alert.kind === 'safety-self-harm' ? 'safety' : ''}`, 'data-alert': `${alert.type}/${alert.id}` }, heading,
      el('p', { text: alert.summary }));
    if (alert.detail && !compact) node.append(el('p', { text: alert.detail }));
    const meta = [alert.since ? `Raised ${new Date(alert.since).toISOString().slice(0, 10)}` : null, `recorded as ${alert.type}`,
      alert.acknowledged ? `acknowledged${alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : ''}${alert.acknowledgedAt ? ` on ${new Date(alert.acknowledgedAt).toISOString().slice(0, 16).replace('T', ' ')}` : ''}` : null,
      alert.escalatedAt ? `escalated ${new Date(alert.escalatedAt).toISOString().slice(0, 16).replace('T', ' ')} (not acknowledged in time)` : null];
    node.append(el('p', { class: 'meta', text: meta.filter(Boolean).join(' · ') }));
    if (canAct) {
      const actions = el('div', { class: 'actions' });
      if (!alert.acknowledged) actions.append(button('Acknowledge', 'acknowledge', alert));
      actions.append(button('Mark as resolved', 'resolve', alert));
      node.append(actions);
    }
    return node;
  });
  container.replaceChildren(...items);

  function button(label, action, alert) {
    const b = el('button', { type: 'button', text: label, 'aria-label': `${label}: ${alert.title}` });
    b.addEventListener('click', async () => {
      b.disabled = true;
      const status = document.getElementById('status');
      try {
        await postJson(patientUrl(context, `alerts/${encodeURIComponent(alert.type)}/${encodeURIComponent(alert.id)}/${action}`));
        status.textContent = action === 'acknowledge' ? `Alert acknowledged: ${alert.title}.` : `Alert resolved: ${alert.title}.`;
        document.dispatchEvent(new CustomEvent('alerts-changed'));
      } catch (e) {
        status.textContent = `Could not ${action} the alert: ${e.message}`;
        b.disabled = false;
      }
    });
    return b;
  }
}
