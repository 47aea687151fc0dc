// Node http glue: admin endpoints, the request counter, fault injection, /metadata, refused types, body
// parsing, then Medplum's FhirRouter. Requests reach the repository one at a time, which keeps
// transactions' rollback and the counters simple and exact.
import { getStatus, normalizeOperationOutcome } from '@medplum/core';
import { faultFor } from './stats.mjs';
import { invalid, typeNotSupported } from './repository.mjs';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const MAX_BODY_BYTES = 50 * 1024 * 1024;

/**
 * @param {object} ctx
 * @param {import('@medplum/fhir-router').FhirRouter} ctx.router
 * @param {import('./repository.mjs').EhrRepository} ctx.repo
 * @param {ReturnType<import('./options.mjs').parseOptions>} ctx.options
 * @param {import('./stats.mjs').RequestStats} ctx.stats
 * @param {() => object} ctx.capabilityStatement
 * @param {() => string} ctx.baseUrl
 */
export function createRequestHandler(ctx) {
  const { options, stats } = ctx;
  const base = options.basePath;
  const refused = new Set(options.refuse);
  const refusedUpdate = new Set(options.refuseUpdate ?? []);
  let queue = Promise.resolve();
  const oneAtATime = (fn) => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  return async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;

    // Admin endpoints: neither counted nor faulted.
    if (path === '/$stats' || path === `${base}/$stats`) {
      return sendJson(res, 200, stats.toJSON());
    }
    if (path === '/$faults-off' || path === `${base}/$faults-off`) {
      if (req.method !== 'POST') {
        return sendFhir(res, 405, invalid('Use POST to switch the injected faults off', 'not-supported'));
      }
      options.faultRate = 0;
      options.failEvery = 0;
      options.injectCount = 0;
      return sendJson(res, 200, stats.toJSON());
    }
    if (path === '/$reset-stats' || path === `${base}/$reset-stats`) {
      if (req.method !== 'POST') {
        return sendFhir(res, 405, invalid('Use POST to reset the counters', 'not-supported'));
      }
      stats.reset();
      return sendJson(res, 200, stats.toJSON());
    }

    const requestNumber = stats.count(req.method);
    const fault = faultFor(options, requestNumber);
    const lostAnswer = fault === '500-after' || fault === 'reset-after';
    const reply = (status, body, headers) => {
      if (lostAnswer) {
        // Processed (a write is stored), but the answer never arrives as sent: what makes a plain create unsafe to repeat.
        stats.injected++;
        if (fault === 'reset-after') {
          stats.answered('reset');
          return res.socket?.destroy();
        }
        stats.answered(500);
        return sendFhir(res, 500, injectedFault(500, requestNumber));
      }
      stats.answered(status);
      sendFhir(res, status, body, headers);
    };

    if (fault === 'reset' || fault === 'timeout') {
      stats.injected++;
      stats.answered(fault);
      req.resume();
      if (fault === 'reset') {
        return res.socket?.destroy();
      }
      return setTimeout(() => res.socket?.destroy(), options.faultHangMs);
    }
    if (fault !== undefined && !lostAnswer) {
      stats.injected++;
      req.resume();
      const retryAfter = options.retryAfter ?? (options.faultKinds && (fault === 503 || fault === 429) ? 1 : undefined);
      const headers = retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {};
      return reply(fault, injectedFault(fault, requestNumber), headers);
    }

    if (path !== base && !path.startsWith(`${base}/`)) {
      req.resume();
      return reply(404, invalid(`No FHIR endpoint at ${path}; the base is ${ctx.baseUrl()}`, 'not-found'));
    }
    const relative = path.slice(base.length).replace(/^\/+/, '');
    const resourceType = relative.split('/')[0];

    if (relative === 'metadata') {
      req.resume();
      return req.method === 'GET'
        ? reply(200, ctx.capabilityStatement())
        : reply(405, invalid('metadata only answers GET', 'not-supported'));
    }
    if (refused.has(resourceType)) {
      req.resume();
      return reply(404, typeNotSupported(resourceType));
    }

    if (refusedUpdate.has(resourceType) && (req.method === 'PUT' || req.method === 'PATCH')) {
      req.resume();
      return reply(405, updateNotAllowed(resourceType));
    }

    let body;
    try {
      body = await readBody(req);
    } catch (err) {
      return reply(err.status ?? 400, invalid(err.message));
    }
    if (relative.endsWith('/_search') && req.method === 'POST') {
      // POST [type]/_search: the parameters may be in the form body and in the URL.
      body = { ...Object.fromEntries(groupParams(url.searchParams)), ...(body ?? {}) };
    }

    const fhirRequest = {
      method: req.method,
      url: relative + url.search,
      pathname: '',
      params: {},
      query: {},
      body,
      headers: req.headers,
      config: { transactions: true },
    };

    if (relative === '' && req.method === 'POST' && body?.resourceType === 'Bundle' && refusedUpdate.size > 0) {
      const refusedEntries = (body.entry ?? []).map((e) => refusedUpdateEntry(e, refusedUpdate));
      if (refusedEntries.some(Boolean)) {
        if (body.type !== 'batch') {
          return reply(405, refusedEntries.find(Boolean)); // a transaction is all or nothing
        }
        return answerBatchWithout(refusedEntries, body, fhirRequest, ctx, oneAtATime, reply);
      }
    }

    try {
      const [outcome, resource] = await oneAtATime(() => ctx.router.handleRequest(fhirRequest, ctx.repo));
      const status = getStatus(outcome);
      if (!lostAnswer) {
        stats.searched(resource);
      }
      reply(status, resource ?? outcome, resource ? resourceHeaders(ctx.baseUrl(), resource, status) : {});
    } catch (err) {
      const outcome = normalizeOperationOutcome(err);
      reply(getStatus(outcome), outcome);
    }
  };
}

/** The OperationOutcome for a PUT/PATCH entry on a type refused update, or undefined when the entry may go on. */
function refusedUpdateEntry(entry, refusedUpdate) {
  const method = entry?.request?.method;
  const type = (entry?.request?.url ?? '').replace(/^\/+/, '').split(/[/?]/)[0];
  return (method === 'PUT' || method === 'PATCH') && refusedUpdate.has(type) ? updateNotAllowed(type) : undefined;
}

/**
 * A batch with entries on types refused update: those entries answer 405, the others go through the engine as a
 * batch of their own, and the answers are put back in request order (a batch answers entry by entry).
 */
async function answerBatchWithout(refusedEntries, body, fhirRequest, ctx, oneAtATime, reply) {
  const allowed = body.entry.filter((_, i) => !refusedEntries[i]);
  let answered = [];
  if (allowed.length > 0) {
    const request = { ...fhirRequest, body: { ...body, entry: allowed } };
    try {
      const [outcome, resource] = await oneAtATime(() => ctx.router.handleRequest(request, ctx.repo));
      if (!resource || resource.resourceType !== 'Bundle') {
        return reply(getStatus(outcome), resource ?? outcome);
      }
      answered = resource.entry ?? [];
    } catch (err) {
      const outcome = normalizeOperationOutcome(err);
      return reply(getStatus(outcome), outcome);
    }
  }
  let next = 0;
  const entry = refusedEntries.map((refusal) =>
    refusal ? { response: { status: '405 Method Not Allowed', outcome: refusal } } : answered[next++]
  );
  return reply(200, { resourceType: 'Bundle', type: 'batch-response', entry });
}

function updateNotAllowed(resourceType) {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'not-supported',
        details: { text: `This server does not allow update (PUT/PATCH) on ${resourceType}; create a new ${resourceType} instead` },
      },
    ],
  };
}

async function readBody(req) {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') {
    req.resume();
    return undefined;
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw Object.assign(new Error(`The body is larger than ${MAX_BODY_BYTES} bytes`), { status: 413 });
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    return undefined;
  }
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(groupParams(new URLSearchParams(text)));
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`The body is not JSON: ${err.message}`);
  }
}

/** URLSearchParams to [name, value | value[]] pairs, as Medplum's parseSearchRequest takes them. */
function groupParams(params) {
  const grouped = new Map();
  for (const [name, value] of params) {
    const existing = grouped.get(name);
    grouped.set(name, existing === undefined ? value : [existing, value].flat());
  }
  return grouped;
}

function resourceHeaders(baseUrl, resource, status) {
  const headers = {};
  const { versionId, lastUpdated } = resource.meta ?? {};
  if (resource.resourceType === 'Bundle' || resource.resourceType === 'OperationOutcome') {
    return headers;
  }
  if (versionId) {
    headers.ETag = `W/"${versionId}"`;
  }
  if (lastUpdated) {
    headers['Last-Modified'] = new Date(lastUpdated).toUTCString();
  }
  if (status === 201 && resource.id) {
    headers.Location = `${baseUrl}/${resource.resourceType}/${resource.id}${versionId ? `/_history/${versionId}` : ''}`;
  }
  return headers;
}

function injectedFault(status, requestNumber) {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: status === 429 ? 'throttled' : status >= 500 ? 'transient' : 'processing',
        details: { text: `Injected fault: HTTP ${status} for request ${requestNumber}` },
      },
    ],
  };
}

function sendFhir(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': FHIR_JSON, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
