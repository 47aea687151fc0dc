// Times in the clinician's time zone (the browser's), always with the zone shown.
export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone });
const timeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });

// "Europe/Berlin (CET)": the zone's name and its abbreviation now.
export function zoneLabel(at = new Date()) {
  const short = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(at).find(p => p.type === 'timeZoneName')?.value;
  return short && short !== timeZone ? `${timeZone} (${short})` : timeZone;
}

// "12 Feb 2026"
export const day = iso => dayFormat.format(new Date(iso));

// "12 Feb 2026, 10:00 CET"
export const dateTime = iso => timeFormat.format(new Date(iso));
