// Charts (Chart.js 4, served from lib/) with a text alternative for each: a summary in the canvas' label and a data
// table. Okabe & Ito colours; series also differ by dash and point shape, markers by shape, so nothing relies on colour.
export const palette = {
  black: '#000000', orange: '#E69F00', sky: '#56B4E9', green: '#009E73', yellow: '#F0E442', blue: '#0072B2', vermillion: '#D55E00', purple: '#CC79A7',
};
const scaleStyles = [
  { color: palette.black, dash: [], point: 'circle' },
  { color: palette.orange, dash: [6, 3], point: 'triangle' },
  { color: palette.sky, dash: [2, 2], point: 'rect' },
  { color: palette.green, dash: [10, 3, 2, 3], point: 'rectRot' },
  { color: palette.purple, dash: [4, 4], point: 'star' },
];
const charts = new Map();

// Severity bands as grey bands of increasing depth behind the line, labelled at the left edge.
const bandsPlugin = {
  id: 'severityBands',
  beforeDatasetsDraw(chart, _args, options) {
    const bands = options?.bands ?? [];
    if (!bands.length) return;
    const { ctx, chartArea, scales: { y } } = chart;
    ctx.save();
    bands.forEach((band, i) => {
      const top = y.getPixelForValue(Math.min(band.max + 0.5, y.max));
      const bottom = y.getPixelForValue(Math.max(band.min - 0.5, y.min));
      ctx.fillStyle = `rgba(0, 0, 0, ${0.03 + i * 0.035})`;
      ctx.fillRect(chartArea.left, top, chartArea.right - chartArea.left, bottom - top);
      ctx.fillStyle = '#404040';
      ctx.font = '11px sans-serif';
      ctx.fillText(band.display, chartArea.left + 4, bottom - 4);
    });
    ctx.restore();
  },
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v; else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}
export { el };

const date = iso => new Date(iso).toISOString().slice(0, 10);
const num = v => (Math.round(v * 10) / 10).toString();

function table(caption, headers, rows) {
  const t = el('table');
  t.append(el('caption', { text: caption }));
  const head = el('tr');
  headers.forEach(h => head.append(el('th', { scope: 'col', text: h })));
  t.append(el('thead', {}, head));
  const body = el('tbody');
  rows.forEach(r => {
    const tr = el('tr');
    r.forEach((cell, i) => tr.append(el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: cell } : { text: cell })));
    body.append(tr);
  });
  t.append(body);
  return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, t);
}

function figure(id, title, description, legendNote, dataTable) {
  const canvas = el('canvas', { id: `chart-${id}`, role: 'img', 'aria-label': description });
  const details = el('details', { class: 'data-table' }, el('summary', { text: `Data table: ${title}` }), dataTable);
  return { canvas, node: el('figure', { id: `figure-${id}` }, el('figcaption', { text: title }), el('div', { class: 'chart-box' }, canvas),
    el('p', { class: 'legend-note', text: legendNote }), details) };
}

function draw(id, canvas, config) {
  charts.get(id)?.destroy();
  if (!window.Chart) return; // the table and summary still carry everything
  charts.set(id, new window.Chart(canvas, config));
}

export function symptomChart(chart) {
  const labels = chart.points.map(p => `S${p.session}`);
  const first = chart.points[0];
  const last = chart.points[chart.points.length - 1];
  const description = `${chart.name} scores over ${chart.points.length} session(s), from ${num(first.value)} (${first.band ?? 'no band'}) at intake to ` +
    `${num(last.value)} (${last.band ?? 'no band'}) at session ${last.session}` +
    (chart.caseness ? `; caseness threshold ${chart.caseness.comparator} ${num(chart.caseness.value)}` : '') + '. The data table below lists every score.';
  const rows = chart.points.map(p => [String(p.session), date(p.date), num(p.value) + (p.prorated ? ' (prorated)' : ''), p.band ?? '',
    p.reliableChange === 'improvement' ? 'Reliable improvement' : p.reliableChange === 'deterioration' ? 'Reliable deterioration' : '']);
  const legend = `Line: ${chart.name} score. Diamonds: reliable improvement since intake; triangles: reliable deterioration` +
    (chart.reliableChangeThreshold ? ` (change of ${num(chart.reliableChangeThreshold)} or more)` : '') +
    (chart.caseness ? `. Dashed line: caseness threshold (${chart.caseness.comparator} ${num(chart.caseness.value)}; ${chart.caseness.source ?? 'catalogue'})` : '') +
    '. Shaded bands: severity, deeper is more severe.';
  const f = figure(chart.instrumentId, `${chart.name}: ${chart.title}`, description, legend,
    table(`${chart.name} scores by session`, ['Session', 'Date', 'Score', 'Severity', 'Reliable change'], rows));
  const big = chart.points.length > 30 ? 2 : 3;
  const datasets = [{
    label: `${chart.name} score`,
    data: chart.points.map(p => p.value),
    borderColor: palette.blue,
    backgroundColor: palette.blue,
    borderWidth: 2,
    pointStyle: chart.points.map(p => p.reliableChange === 'improvement' ? 'rectRot' : p.reliableChange === 'deterioration' ? 'triangle' : 'circle'),
    pointRadius: chart.points.map(p => p.reliableChange ? big + 2 : big),
    pointBackgroundColor: chart.points.map(p => p.reliableChange === 'deterioration' ? palette.vermillion : palette.blue),
    tension: 0,
  }];
  if (chart.caseness) datasets.push({
    label: `Caseness (${chart.caseness.comparator} ${num(chart.caseness.value)})`,
    data: chart.points.map(() => chart.caseness.value),
    borderColor: palette.vermillion, borderDash: [6, 4], borderWidth: 2, pointRadius: 0, pointHitRadius: 0,
  });
  return {
    node: f.node,
    render: () => draw(chart.instrumentId, f.canvas, {
      type: 'line',
      data: { labels, datasets },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: { y: { min: chart.min, max: chart.max, title: { display: true, text: 'Score' } }, x: { title: { display: true, text: 'Session' } } },
        plugins: { severityBands: { bands: chart.bands }, legend: { labels: { usePointStyle: true } } },
      },
      plugins: [bandsPlugin],
    }),
  };
}

export function allianceChart(chart) {
  const total = chart.scales[0];
  const labels = total.points.map(p => `S${p.session}`);
  const subscales = chart.scales.slice(1);
  const ruptures = chart.ruptures.filter(r => r.scale === total.key);
  const rupturesText = ruptures.length === 0 ? 'no ruptures found' : ruptures.map(r => r.repairSession
    ? `a dip at session ${r.startSession} (${num(r.preRuptureLevel)} to ${num(r.lowestScore)}), recovered at session ${r.repairSession}`
    : `a dip at session ${r.startSession} (${num(r.preRuptureLevel)} to ${num(r.lowestScore)}), not yet recovered`).join('; ');
  const last = total.points[total.points.length - 1];
  const description = `${chart.name} alliance ${total.label.toLowerCase()} over ${total.points.length} session(s), latest ${num(last.value)} ` +
    `(range ${num(total.min)} to ${num(total.max)}); ${rupturesText}. The data table below lists every score.`;
  const byKey = Object.fromEntries(chart.scales.map(s => [s.key, new Map(s.points.map(p => [p.session, p.value]))]));
  const rows = total.points.map(p => [String(p.session), date(p.date), ...chart.scales.map(s => {
    const v = byKey[s.key].get(p.session);
    return v === undefined ? '' : num(v);
  }), ruptureNote(ruptures, p.session)]);
  const legend = `Solid black line: ${total.label.toLowerCase()} (left axis)` +
    (subscales.length ? `; dashed lines with their own point shapes: ${subscales.map(s => s.label.toLowerCase()).join(', ')} (right axis)` : '') +
    '. Downward triangles: a rupture starts; stars: repaired' +
    (chart.concern ? `. Dotted line: alliance concern (${chart.concern.comparator} ${num(chart.concern.value)})` : '') + '.';
  const f = figure(chart.instrumentId, `${chart.name}: ${chart.title}`, description, legend,
    table(`${chart.name} scores by session`, ['Session', 'Date', ...chart.scales.map(s => s.label), 'Rupture / repair'], rows));
  const datasets = chart.scales.map((s, i) => {
    const style = scaleStyles[i % scaleStyles.length];
    return {
      label: s.label, data: s.points.map(p => p.value), yAxisID: i === 0 ? 'y' : 'y1',
      borderColor: style.color, backgroundColor: style.color, borderDash: style.dash, pointStyle: style.point,
      pointRadius: total.points.length > 30 ? 1.5 : 3, borderWidth: i === 0 ? 2.5 : 1.5, tension: 0,
    };
  });
  const start = new Map(ruptures.map(r => [r.startSession, r]));
  const repair = new Map(ruptures.filter(r => r.repairSession).map(r => [r.repairSession, r]));
  datasets.push({
    label: 'Rupture starts', data: total.points.map(p => start.has(p.session) ? p.value : null), yAxisID: 'y', showLine: false,
    pointStyle: 'triangle', rotation: 180, pointRadius: 8, borderColor: palette.vermillion, backgroundColor: palette.vermillion,
  }, {
    label: 'Repaired', data: total.points.map(p => repair.has(p.session) ? p.value : null), yAxisID: 'y', showLine: false,
    pointStyle: 'star', pointRadius: 9, borderColor: palette.green, backgroundColor: palette.green, borderWidth: 2,
  });
  if (chart.concern) datasets.push({
    label: `Alliance concern (${chart.concern.comparator} ${num(chart.concern.value)})`, data: total.points.map(() => chart.concern.value), yAxisID: 'y',
    borderColor: palette.purple, borderDash: [2, 3], pointRadius: 0, borderWidth: 2,
  });
  return {
    node: f.node,
    render: () => draw(chart.instrumentId, f.canvas, {
      type: 'line',
      data: { labels, datasets },
      options: {
        maintainAspectRatio: false, animation: false, spanGaps: true,
        scales: {
          y: { min: total.min, max: total.max, title: { display: true, text: total.label } },
          ...(subscales.length ? { y1: { position: 'right', min: subscales[0].min, max: subscales[0].max, grid: { drawOnChartArea: false }, title: { display: true, text: 'Subscales' } } } : {}),
          x: { title: { display: true, text: 'Session' } },
        },
        plugins: { legend: { labels: { usePointStyle: true } } },
      },
    }),
  };
}

function ruptureNote(ruptures, session) {
  const notes = [];
  for (const r of ruptures) {
    if (r.startSession === session) notes.push('Rupture starts');
    if (r.repairSession === session) notes.push('Repaired');
  }
  return notes.join(', ');
}
