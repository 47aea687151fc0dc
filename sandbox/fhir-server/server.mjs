// The real test EHR's FHIR server: Medplum's FHIR engine (FhirRouter + an in-memory repository) behind
// Node's http module, on 127.0.0.1 only. Start: node --experimental-websocket sandbox/fhir-server/server.mjs
// (Node 20 needs the flag because @medplum/core references the global WebSocket). Switches: README.md.
import { createServer } from 'node:http';
import { MEDPLUM_VERSION } from '@medplum/core';
import { FhirRouter } from '@medplum/fhir-router';
import { buildCapabilityStatement } from './lib/capability.mjs';
import { indexR4Definitions } from './lib/definitions.mjs';
import { createRequestHandler } from './lib/http.mjs';
import { loadNdjsonFolder } from './lib/loader.mjs';
import { USAGE, parseOptions } from './lib/options.mjs';
import { EhrRepository } from './lib/repository.mjs';
import { RequestStats } from './lib/stats.mjs';
import { RequiredBindings } from './lib/terminology.mjs';

let options;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (err) {
  process.stderr.write(`${err.message}\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const startedAt = performance.now();
const resourceTypes = indexR4Definitions();
const refused = new Set(options.refuse);
for (const type of refused) {
  if (!resourceTypes.includes(type)) {
    process.stderr.write(`--refuse: ${type} is not an R4 resource type\n`);
    process.exit(2);
  }
}

const refusedUpdate = new Set(options.refuseUpdate);
for (const type of refusedUpdate) {
  if (!resourceTypes.includes(type)) {
    process.stderr.write(`--refuse-update: ${type} is not an R4 resource type\n`);
    process.exit(2);
  }
}

let baseUrl = '';
const repo = new EhrRepository({
  bindings: new RequiredBindings(),
  conditionalCreate: options.conditionalCreate,
  refused,
  baseUrl: () => baseUrl,
});

if (options.load) {
  const { loaded, skipped, byType } = await loadNdjsonFolder(repo, options.load);
  const types = Object.entries(byType).sort().map(([type, n]) => `${type} ${n}`).join(', ');
  process.stdout.write(`loaded ${loaded} resources from ${options.load} (${skipped} lines skipped): ${types}\n`);
}
if (options.loadUnvalidated) {
  const { loaded, skipped } = await loadNdjsonFolder(repo, options.loadUnvalidated, { validate: false });
  process.stdout.write(`loaded ${loaded} unvalidated resources from ${options.loadUnvalidated} (${skipped} lines skipped)\n`);
}

let capabilityStatement;
const server = createServer(
  createRequestHandler({
    router: new FhirRouter(),
    repo,
    options,
    stats: new RequestStats(),
    capabilityStatement: () => capabilityStatement,
    baseUrl: () => baseUrl,
  })
);

server.on('error', (err) => {
  process.stderr.write(`fhir-server: ${err.message}\n`);
  process.exit(1);
});

server.listen(options.port, '127.0.0.1', () => {
  baseUrl = `http://127.0.0.1:${server.address().port}${options.basePath}`;
  capabilityStatement = buildCapabilityStatement({
    resourceTypes,
    refused,
    refusedUpdate,
    conditionalCreate: options.conditionalCreate,
    baseUrl,
    medplumVersion: MEDPLUM_VERSION,
  });
  process.stderr.write(`fhir-server: Medplum ${MEDPLUM_VERSION}, ready in ${Math.round(performance.now() - startedAt)} ms\n`);
  process.stdout.write(`listening on ${baseUrl}\n`);
});

let stopping = false;
function shutdown(signal) {
  if (stopping) {
    return;
  }
  stopping = true;
  process.stderr.write(`fhir-server: ${signal}, stopping\n`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
if (options.exitWithStdin) {
  // The C# host keeps our stdin open; when it dies the pipe closes and we stop instead of lingering.
  process.stdin.on('end', () => shutdown('stdin closed'));
  process.stdin.on('error', () => shutdown('stdin closed'));
  process.stdin.resume();
}
