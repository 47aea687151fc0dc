// Charts (Chart.js 4 with its date-fns adapter and annotation plugin, served from lib/) with a text alternative for each:
// a summary in the canvas' label and a data table. Every chart has the same time axis (dates in the clinician's zone,
// never session numbers), so a rupture and a symptom change line up. Okabe & Ito colours; series also differ by dash and
// point shape, markers by shape, so nothing relies on colour.
import { day, dayMonth, dateTime, year, zoneLabel } from './time.js';

export const palette = {
  black: '#000000', orange: '#E69F00', sky: '#56B4E9', green: '#009E73', yellow: '#F0E442', blue: '#0072B2', vermillion: '#D55E00', purple: '#CC79A7',
};
const ruptureFill = 'rgba(213, 94, 0, 0.16)';
const ruptureFillFaint = 'rgba(213, 94, 0, 0.08)';
const bandFill = 'rgba(0, 158, 115, 0.16)';
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

const num = v => (Math.round(v * 10) / 10).toString();
const ms = iso => new Date(iso).getTime();

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

function figure(id, title, description, notes, dataTable, { small = false } = {}) {
  const canvas = el('canvas', { id: `chart-${id}`, role: 'img', 'aria-label': description });
  const parts = [el('figcaption', { text: title }), el('div', { class: small ? 'chart-box small' : 'chart-box' }, canvas)];
  for (const note of notes) if (note) parts.push(typeof note === 'string' ? el('p', { class: 'legend-note', text: note }) : note);
  if (dataTable) parts.push(el('details', { class: 'data-table' }, el('summary', { text: `Data table: ${title}` }), dataTable));
  return { canvas, node: el('figure', { id: `figure-${id}`, class: small ? 'small' : null }, ...parts) };
}

function draw(id, canvas, config) {
  charts.get(id)?.destroy();
  if (!window.Chart) return; // the table and summary still carry everything
  charts.set(id, new window.Chart(canvas, config));
}

// Print: redraw at the printed size, then back (Chart.js sizes canvases to the screen).
window.addEventListener('beforeprint', () => charts.forEach(c => c.resize()));
window.addEventListener('afterprint', () => charts.forEach(c => c.resize()));

// The one time axis every chart shares: the same bounds and the same tick dates (from dashboard.js' sharedRange), dates
// in the clinician's zone; the year on the first tick and where it changes.
// A small multiple's labels are smaller, so it can show them all; where it cannot, it leaves some out (never moves them).
function timeAxis(range, { title = true, small = false } = {}) {
  return {
    type: 'time', min: range.min, max: range.max,
    time: { minUnit: 'day' },
    afterBuildTicks: axis => { axis.ticks = range.ticks.map(value => ({ value })); },
    ticks: {
      maxRotation: 0, autoSkip: true, autoSkipPadding: small ? 4 : 12, ...(small ? { font: { size: 10 } } : {}),
      callback: (value, i, ticks) => dayMonth(value, i === 0 || year(ticks[i - 1].value) !== year(value)),
    },
    title: { display: title, text: `Date (${zoneLabel()})` },
  };
}

// Every y axis the same width, so charts of one width map a date to the same pixel (the plot areas line up).
const yAxisWidth = 56;
function yAxis(options) {
  return { ...options, afterFit: axis => { axis.width = yAxisWidth; } };
}

// Tap or hover near a date shows that date's values: usable with a finger on a tablet.
const interaction = { mode: 'nearest', axis: 'x', intersect: false };

function tooltip() {
  return {
    callbacks: {
      title: items => items.length ? dateTime(items[0].parsed.x) : '',
      afterBody: items => {
        const raw = items.find(i => i.raw?.encounter)?.raw;
        return raw ? `Encounter: ${raw.encounter}` : '';
      },
    },
  };
}

// Points at the scale's maximum or minimum are drawn whole (not cut by the chart area).
const unclipped = { clip: false };
const layout = { padding: { top: 10, right: 10, left: 4 } };

export function symptomChart(chart, range) {
  const first = chart.points[0];
  const last = chart.points[chart.points.length - 1];
  const description = `${chart.name} scores over ${chart.points.length} date(s), from ${num(first.value)} (${first.band ?? 'no band'}) on ${day(first.date)} to ` +
    `${num(last.value)} (${last.band ?? 'no band'}) on ${day(last.date)}` +
    (chart.caseness ? `; caseness threshold ${chart.caseness.comparator} ${num(chart.caseness.value)}` : '') + '. The data table below lists every score.';
  const rows = chart.points.map(p => [dateTime(p.date), String(p.session), p.encounter ?? '', num(p.value) + (p.prorated ? ' (prorated)' : ''), p.band ?? '',
    p.reliableChange === 'improvement' ? 'Reliable improvement' : p.reliableChange === 'deterioration' ? 'Reliable deterioration' : '']);
  const legend = `Line: ${chart.name} score by date. Diamonds: reliable improvement since intake; triangles: reliable deterioration` +
    (chart.reliableChangeThreshold ? ` (change of ${num(chart.reliableChangeThreshold)} or more)` : '') +
    (chart.caseness ? `. Dashed line: caseness threshold (${chart.caseness.comparator} ${num(chart.caseness.value)}; ${chart.caseness.source ?? 'catalogue'})` : '') +
    '. Grey bands: severity, deeper is more severe.';
  const expected = chart.expected;
  const expectedNote = expected ? el('p', { class: 'expected-note' },
    el('span', { text: `Green band: the expected course for a client starting at ${num(first.value)}, ${expected.model} (${expected.source}). ` }),
    expected.unverified ? el('strong', { class: 'unverified', text: 'Unverified default parameters: calibrate locally before relying on them. ' }) : null,
    el('span', { class: 'meaning', text: expected.meaning })) : null;
  const f = figure(chart.instrumentId, `${chart.name}: ${chart.title}`, description, [legend, expectedNote, ...(chart.scaleNotes ?? []).map(scaleNote)],
    table(`${chart.name} scores by date`, ['Date', 'Session', 'Encounter', 'Score', 'Severity', 'Reliable change'], rows));
  const big = chart.points.length > 30 ? 2 : 3;
  const datasets = [];
  if (expected) {
    datasets.push({
      label: 'expected-lower', data: expected.points.map(p => ({ x: ms(p.date), y: p.lower })), borderWidth: 0, pointRadius: 0, pointHitRadius: 0, fill: false, order: 3,
    }, {
      label: `Expected course ± ${num(expected.tolerance)}${expected.unverified ? ' (unverified defaults)' : ''}`,
      data: expected.points.map(p => ({ x: ms(p.date), y: p.upper })), borderWidth: 0, pointRadius: 0, pointHitRadius: 0,
      fill: '-1', backgroundColor: bandFill, borderColor: palette.green, order: 3,
    }, {
      label: 'expected', data: expected.points.map(p => ({ x: ms(p.date), y: p.expected })), borderColor: palette.green, borderDash: [3, 3], borderWidth: 1.5,
      pointRadius: 0, pointHitRadius: 0, fill: false, order: 2,
    });
  }
  datasets.push({
    label: `${chart.name} score`,
    data: chart.points.map(p => ({ x: ms(p.date), y: p.value, encounter: p.encounter })),
    borderColor: palette.blue,
    backgroundColor: palette.blue,
    borderWidth: 2,
    pointStyle: chart.points.map(p => p.reliableChange === 'improvement' ? 'rectRot' : p.reliableChange === 'deterioration' ? 'triangle' : 'circle'),
    pointRadius: chart.points.map(p => p.reliableChange ? big + 2 : big),
    pointBackgroundColor: chart.points.map(p => p.reliableChange === 'deterioration' ? palette.vermillion : palette.blue),
    tension: 0, order: 0, ...unclipped,
  });
  const annotations = {};
  if (chart.caseness) annotations.caseness = {
    type: 'line', yMin: chart.caseness.value, yMax: chart.caseness.value, borderColor: palette.vermillion, borderDash: [6, 4], borderWidth: 2,
    label: { display: true, content: `Caseness ${chart.caseness.comparator} ${num(chart.caseness.value)}`, position: 'start', xAdjust: 70, yAdjust: -11, backgroundColor: 'rgba(255,255,255,0.85)', color: '#1a1a1a', font: { size: 11 } },
  };
  return {
    node: f.node,
    render: () => draw(chart.instrumentId, f.canvas, {
      type: 'line',
      data: { datasets },
      options: {
        maintainAspectRatio: false, animation: false, layout, interaction,
        scales: { y: yAxis({ min: chart.min, max: chart.max, ticks: { includeBounds: false }, title: { display: true, text: 'Score' } }), x: timeAxis(range) },
        plugins: {
          severityBands: { bands: chart.bands },
          legend: { labels: { usePointStyle: true, filter: item => !['expected-lower', 'expected'].includes(item.text) } },
          tooltip: { ...tooltip(), filter: item => !String(item.dataset.label).startsWith('expected') && !item.dataset.label.startsWith('Expected') },
          annotation: { annotations },
        },
      },
      plugins: [bandsPlugin],
    }),
  };
}

function scaleNote(text) {
  return el('p', { class: 'scale-note', text });
}

// Ruptures as shaded episodes from start to repair (or to the last date while open), labelled at the top.
function ruptureBoxes(ruptures, range, { faint = false, labelled = true, prefix = '' } = {}) {
  const boxes = {};
  ruptures.forEach((r, i) => {
    const end = r.repairDate ? ms(r.repairDate) : range.max;
    boxes[`${prefix}rupture-${i}`] = {
      type: 'box', xMin: ms(r.startDate), xMax: end, backgroundColor: faint ? ruptureFillFaint : ruptureFill,
      borderColor: palette.vermillion, borderWidth: faint ? 0 : 1, borderDash: r.repairDate ? [] : [4, 3], drawTime: 'beforeDatasetsDraw',
      label: labelled ? {
        // an open episode ends at the axis' end, often a few days wide: its label reads leftwards from there
        display: true, content: r.repairDate ? 'Rupture → repair' : 'Rupture (open)', position: { x: r.repairDate ? 'start' : 'end', y: 'start' },
        color: '#7a2e00', font: { size: 11, weight: 'bold' }, padding: 3,
      } : { display: false },
    };
  });
  return boxes;
}

function ruptureList(ruptures, scaleLabel) {
  if (!ruptures.length) return null;
  const list = el('ul', { class: 'rupture-list' });
  for (const r of ruptures) {
    list.append(el('li', {
      class: 'rupture-episode', 'data-start': r.startDate, 'data-end': r.repairDate ?? '',
      text: `${scaleLabel}: rupture from ${day(r.startDate)} (${num(r.preRuptureLevel)} to ${num(r.lowestScore)}) ` +
        (r.repairDate ? `to repair on ${day(r.repairDate)}` : '— not yet repaired'),
    }));
  }
  return list;
}

export function allianceChart(chart, range) {
  const total = chart.scales[0];
  const subscales = chart.scales.slice(1);
  const ruptures = chart.ruptures.filter(r => r.scale === total.key);
  const rupturesText = ruptures.length === 0 ? 'no ruptures found' : ruptures.map(r => r.repairDate
    ? `a dip on ${day(r.startDate)} (${num(r.preRuptureLevel)} to ${num(r.lowestScore)}), repaired on ${day(r.repairDate)}`
    : `a dip on ${day(r.startDate)} (${num(r.preRuptureLevel)} to ${num(r.lowestScore)}), not yet repaired`).join('; ');
  const last = total.points[total.points.length - 1];
  const description = `${chart.name} alliance ${total.label.toLowerCase()} over ${total.points.length} rating(s), latest ${num(last.value)} on ${day(last.date)} ` +
    `(range ${num(total.min)} to ${num(total.max)}); ${rupturesText}. The data table below lists every score.`;
  const byKey = Object.fromEntries(chart.scales.map(s => [s.key, new Map(s.points.map(p => [p.date, p.value]))]));
  const rows = total.points.map(p => [dateTime(p.date), String(p.session), p.encounter ?? '', ...chart.scales.map(s => {
    const v = byKey[s.key].get(p.date);
    return v === undefined ? '' : num(v);
  }), ruptureNote(ruptures, p.date)]);
  const legend = `Black line: ${total.label.toLowerCase()} by date. Shaded: a rupture episode, from the dip (downward triangle) to the repair (star); ` +
    'dashed edge while not yet repaired' + (chart.concern ? `. Dotted line: alliance concern (${chart.concern.comparator} ${num(chart.concern.value)})` : '') + '.';
  const f = figure(chart.instrumentId, `${chart.name}: ${chart.title}`, description,
    [legend, ruptureList(ruptures, `${chart.name} ${total.label.toLowerCase()}`), ...(total.scaleNotes ?? []).map(scaleNote)],
    table(`${chart.name} scores by date`, ['Date', 'Session', 'Encounter', ...chart.scales.map(s => s.label), 'Rupture / repair'], rows));
  const points = total.points.map(p => ({ x: ms(p.date), y: p.value, encounter: p.encounter }));
  const start = new Set(ruptures.map(r => r.startDate));
  const repair = new Set(ruptures.filter(r => r.repairDate).map(r => r.repairDate));
  const datasets = [{
    label: total.label, data: points, borderColor: palette.black, backgroundColor: palette.black, pointRadius: total.points.length > 30 ? 1.5 : 3,
    borderWidth: 2.5, tension: 0, ...unclipped,
  }, {
    label: 'Rupture starts', data: total.points.filter(p => start.has(p.date)).map(p => ({ x: ms(p.date), y: p.value })), showLine: false,
    pointStyle: 'triangle', rotation: 180, pointRadius: 8, borderColor: palette.vermillion, backgroundColor: palette.vermillion, ...unclipped,
  }, {
    label: 'Repaired', data: total.points.filter(p => repair.has(p.date)).map(p => ({ x: ms(p.date), y: p.value })), showLine: false,
    pointStyle: 'star', pointRadius: 9, borderColor: palette.green, backgroundColor: palette.green, borderWidth: 2, ...unclipped,
  }];
  const annotations = ruptureBoxes(ruptures, range);
  if (chart.concern) annotations.concern = {
    type: 'line', yMin: chart.concern.value, yMax: chart.concern.value, borderColor: palette.purple, borderDash: [2, 3], borderWidth: 2,
    label: { display: true, content: `Concern ${chart.concern.comparator} ${num(chart.concern.value)}`, position: 'end', yAdjust: 11, backgroundColor: 'rgba(255,255,255,0.85)', color: '#1a1a1a', font: { size: 11 } },
  };
  const renders = [() => draw(chart.instrumentId, f.canvas, {
    type: 'line',
    data: { datasets },
    options: {
      maintainAspectRatio: false, animation: false, layout, interaction,
      scales: { y: yAxis({ min: total.min, max: total.max, ticks: { includeBounds: false }, title: { display: true, text: total.label } }), x: timeAxis(range) },
      plugins: { legend: { labels: { usePointStyle: true } }, tooltip: tooltip(), annotation: { annotations } },
    },
  })];

  // Subscales (goal, task, bond) as small multiples on the same time axis, each with its own ruptures and the total's.
  const nodes = [f.node];
  if (subscales.length) {
    const multiples = el('div', { class: 'small-multiples', id: `subscales-${chart.instrumentId}`, role: 'group', 'aria-label': `${chart.name} subscales` });
    subscales.forEach((s, i) => {
      const own = chart.ruptures.filter(r => r.scale === s.key);
      const lastSub = s.points[s.points.length - 1];
      const id = `${chart.instrumentId}-${s.key}`;
      const g = figure(id, `${chart.name} ${s.label.toLowerCase()}`, `${chart.name} ${s.label.toLowerCase()} subscale over ${s.points.length} rating(s), latest ${num(lastSub.value)} ` +
        `(range ${num(s.min)} to ${num(s.max)}); ${own.length ? `${own.length} rupture(s) of its own` : 'no ruptures of its own'}; the total's ruptures shaded.`,
        [ruptureList(own, `${chart.name} ${s.label.toLowerCase()}`), ...(s.scaleNotes ?? []).map(scaleNote)], null, { small: true });
      multiples.append(g.node);
      const colour = [palette.orange, palette.sky, palette.green, palette.purple][i % 4];
      renders.push(() => draw(id, g.canvas, {
        type: 'line',
        data: { datasets: [{ label: s.label, data: s.points.map(p => ({ x: ms(p.date), y: p.value, encounter: p.encounter })), borderColor: colour, backgroundColor: colour,
          pointRadius: s.points.length > 30 ? 1 : 2.5, borderWidth: 2, tension: 0, ...unclipped }] },
        options: {
          maintainAspectRatio: false, animation: false, layout, interaction,
          scales: { y: yAxis({ min: s.min, max: s.max, ticks: { maxTicksLimit: 5, includeBounds: false } }), x: timeAxis(range, { title: false, small: true }) },
          plugins: { legend: { display: false }, tooltip: tooltip(),
            annotation: { annotations: { ...ruptureBoxes(ruptures, range, { faint: true, labelled: false, prefix: 'total-' }), ...ruptureBoxes(own, range) } } },
        },
      }));
    });
    nodes.push(el('p', { class: 'legend-note', text: `${chart.name} subscales on the same dates: faint shading marks the total's ruptures, strong shading a subscale's own.` }), multiples);
  }
  return { node: el('div', { class: 'alliance-group' }, ...nodes), render: () => renders.forEach(r => r()) };
}

function ruptureNote(ruptures, date) {
  const notes = [];
  for (const r of ruptures) {
    if (r.startDate === date) notes.push('Rupture starts');
    if (r.repairDate === date) notes.push('Repaired');
  }
  return notes.join(', ');
}

// Self-report and caregiver report of one construct on the shared time axis: the client's line solid blue with circles,
// each caregiver's dashed (orange, then purple, sky) with squares, triangles, diamonds and labelled with who they are; a
// discrepant pair (docs/domain.md §10) is joined by a dotted vermillion connector. The marker's meaning and the latest
// comparison are said in words beside the chart.
const caregiverStyles = [
  { colour: palette.orange, point: 'rect', dash: [7, 4] },
  { colour: palette.purple, point: 'triangle', dash: [14, 4] },
  { colour: palette.sky, point: 'rectRot', dash: [10, 3, 3, 3] },
];

export function informantChart(chart, range) {
  const id = `informants-${chart.instrumentId}`;
  const rows = [];
  chart.self.forEach(p => rows.push([dateTime(p.date), 'Client (self-report)', num(p.value), p.band ?? '', '']));
  chart.caregivers.forEach(c => c.points.forEach(p => {
    const cmp = c.comparisons.find(x => x.caregiverDate === p.date);
    rows.push([dateTime(p.date), c.label, num(p.value), p.band ?? '',
      cmp?.discrepant === true ? 'Discrepant' : cmp?.discrepant === false ? 'Agree' : 'Not compared']);
  }));
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  const description = `${chart.name}: the client's self-report (${chart.self.length} score(s)) beside ` +
    chart.caregivers.map(c => `${c.label} (${c.points.length} score(s))`).join(', ') + '. The notes and data table below say where they disagree.';
  const legend = `Solid blue line, circles: the client's own ${chart.name}. ` +
    chart.caregivers.map((c, i) => `Dashed line, ${['squares', 'triangles', 'diamonds'][i % 3]}: ${c.label}`).join('. ') +
    '. Dotted vermillion connector: an informant discrepancy. Grey bands: severity, deeper is more severe.';
  const marker = el('p', { class: 'discrepancy-marker' },
    el('span', { text: chart.marker + ' ' }),
    chart.markerUnverified ? el('strong', { class: 'unverified', text: 'The band count, SD cut and time window are unverified defaults: calibrate locally.' }) : null);
  const notes = el('ul', { class: 'discrepancy-notes', id: `discrepancy-${chart.instrumentId}` });
  chart.notes.forEach(n => notes.append(el('li', { text: n })));
  const f = figure(id, `${chart.name}: self-report and caregiver report`, description, [legend, marker, notes],
    table(`${chart.name}: self-report and caregiver report by date`, ['Date', 'Informant', 'Score', 'Severity', 'Discrepancy'], rows));
  const datasets = [{
    label: `Client (self-report)`, data: chart.self.map(p => ({ x: ms(p.date), y: p.value })), borderColor: palette.blue, backgroundColor: palette.blue,
    borderWidth: 2.5, pointStyle: 'circle', pointRadius: 4, tension: 0, ...unclipped,
  }];
  chart.caregivers.forEach((c, i) => {
    const style = caregiverStyles[i % caregiverStyles.length];
    datasets.push({
      label: c.label, data: c.points.map(p => ({ x: ms(p.date), y: p.value })), borderColor: style.colour, backgroundColor: style.colour,
      borderWidth: 2.5, borderDash: style.dash, pointStyle: style.point, pointRadius: 5, tension: 0, ...unclipped,
    });
  });
  const annotations = {};
  chart.caregivers.forEach((c, i) => c.comparisons.forEach((cmp, j) => {
    if (cmp.discrepant !== true) return;
    annotations[`discrepancy-${i}-${j}`] = {
      type: 'line', xMin: ms(cmp.selfDate), xMax: ms(cmp.caregiverDate), yMin: cmp.selfValue, yMax: cmp.caregiverValue,
      borderColor: palette.vermillion, borderDash: [1, 3], borderWidth: 3,
      label: { display: j === c.comparisons.length - 1, content: 'Discrepant', position: 'center', backgroundColor: 'rgba(255,255,255,0.9)', color: '#7a2e00', font: { size: 11, weight: 'bold' } },
    };
  }));
  return {
    node: f.node,
    render: () => draw(id, f.canvas, {
      type: 'line',
      data: { datasets },
      options: {
        maintainAspectRatio: false, animation: false, layout, interaction,
        scales: { y: yAxis({ min: chart.min, max: chart.max, ticks: { includeBounds: false }, title: { display: true, text: 'Score' } }), x: timeAxis(range) },
        plugins: { severityBands: { bands: chart.bands }, legend: { labels: { usePointStyle: true } }, tooltip: tooltip(), annotation: { annotations } },
      },
      plugins: [bandsPlugin],
    }),
  };
}

// Test and print hooks: the Chart.js instance of a chart id.
export function chartOf(id) {
  return charts.get(id);
}
