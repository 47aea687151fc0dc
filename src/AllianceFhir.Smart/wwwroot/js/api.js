// The app's JSON API. The session lives in a cookie set by the launch; unsafe requests carry the antiforgery token
// from /api/context in the X-CSRF-TOKEN header.
let csrfToken = null;

export async function loadContext() {
  const response = await fetch('api/context', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new ApiError(response.status, response.status === 401
    ? 'This app must be launched from the EHR. Open the patient chart and launch AllianceFhir from there.'
    : `The app could not load its context (${response.status}).`);
  const context = await response.json();
  csrfToken = context.csrfToken ?? null;
  return context;
}

export function getCsrfToken() {
  return csrfToken;
}

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  // 401 from a feature: the session with the EHR has ended (token refused or not renewable); the server forgot it.
  get sessionEnded() {
    return this.status === 401;
  }
}

async function read(response) {
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, describe(body, response.status), body);
  return body;
}

function describe(body, status) {
  if (body && typeof body === 'object') {
    if (body.resourceType === 'OperationOutcome') {
      return (body.issue ?? []).filter(i => i.severity === 'error' || i.severity === 'fatal')
        .map(i => i.diagnostics ?? i.details?.text ?? i.code).join(' ') || `Request failed (${status}).`;
    }
    return body.detail ?? body.title ?? `Request failed (${status}).`;
  }
  return `Request failed (${status}).`;
}

export async function getJson(url) {
  return read(await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json, application/fhir+json' } }));
}

export async function postJson(url, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json, application/fhir+json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/fhir+json';
  if (csrfToken) headers['X-CSRF-TOKEN'] = csrfToken;
  return read(await fetch(url, { method: 'POST', credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

export function patientUrl(context, path) {
  return `api/patients/${encodeURIComponent(context.patient)}/${path}`;
}
