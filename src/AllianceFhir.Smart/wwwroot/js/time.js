// Times in the clinician's time zone (the browser's), always with the zone shown.
export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

// The calendar date and clock time in the zone; month names as the server's summary and the chart axis write them.
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short',
});
function parts(value) {
  const p = Object.fromEntries(partsFormat.formatToParts(new Date(value)).map(x => [x.type, x.value]));
  return { day: String(Number(p.day)), month: months[Number(p.month) - 1], year: p.year, time: `${p.hour}:${p.minute}`, zone: p.timeZoneName };
}

// "Europe/Berlin (CET)": the zone's name and its abbreviation now.
export function zoneLabel(at = new Date()) {
  const short = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(at).find(p => p.type === 'timeZoneName')?.value;
  return short && short !== timeZone ? `${timeZone} (${short})` : timeZone;
}

// "12 Feb 2026"
export function day(value) {
  const p = parts(value);
  return `${p.day} ${p.month} ${p.year}`;
}

// "12 Feb" (with the year, "12 Feb 2026", when withYear): the time axis' tick labels.
export function dayMonth(value, withYear = false) {
  const p = parts(value);
  return withYear ? `${p.day} ${p.month} ${p.year}` : `${p.day} ${p.month}`;
}

// The calendar year in the zone.
export function year(value) {
  return parts(value).year;
}

// "12 Feb 2026, 10:00 CET"
export function dateTime(value) {
  const p = parts(value);
  return `${p.day} ${p.month} ${p.year}, ${p.time} ${p.zone}`;
}
