// GET [base]/metadata: what this server does, in the shape an integrator reads (like Epic's or Oracle
// Health's sandbox CapabilityStatement). Refused types are absent; conditionalCreate follows the switch; types
// refused update (--refuse-update) declare neither update nor patch, like Epic's many create-only types.
import { getSearchParameters } from '@medplum/core';

const TYPE_INTERACTIONS = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'];
const UPDATE_INTERACTIONS = new Set(['update', 'patch']);
const SYSTEM_INTERACTIONS = ['transaction', 'batch'];
const COMMON_SEARCH_PARAMS = ['_count', '_offset', '_sort', '_include', '_revinclude', '_summary'];
const MEDPLUM_ONLY_SEARCH_PARAMS = new Set(['_compartment', '_project']);

/**
 * @param {object} options
 * @param {string[]} options.resourceTypes every resource type the engine knows
 * @param {Set<string>} options.refused
 * @param {Set<string>} [options.refusedUpdate]
 * @param {boolean} options.conditionalCreate
 * @param {string} options.baseUrl
 * @param {string} options.medplumVersion
 */
export function buildCapabilityStatement({ resourceTypes, refused, refusedUpdate = new Set(), conditionalCreate, baseUrl, medplumVersion }) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'AllianceFhir test EHR (Medplum fhir-router + MemoryRepository)', version: medplumVersion },
    implementation: { description: 'In-memory FHIR R4 server for AllianceFhir integration tests', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        resource: resourceTypes
          .filter((type) => !refused.has(type))
          .map((type) => ({
            type,
            interaction: TYPE_INTERACTIONS.filter((code) => !refusedUpdate.has(type) || !UPDATE_INTERACTIONS.has(code)).map((code) => ({ code })),
            versioning: 'versioned',
            readHistory: true,
            updateCreate: !refusedUpdate.has(type),
            conditionalCreate,
            conditionalUpdate: !refusedUpdate.has(type),
            conditionalDelete: 'single',
            searchParam: searchParamsOf(type),
          })),
        interaction: SYSTEM_INTERACTIONS.map((code) => ({ code })),
      },
    ],
  };
}

function searchParamsOf(type) {
  const params = Object.values(getSearchParameters(type) ?? {})
    .filter((p) => !MEDPLUM_ONLY_SEARCH_PARAMS.has(p.code))
    .map((p) => ({ name: p.code, definition: p.url, type: p.type }));
  const common = COMMON_SEARCH_PARAMS.map((name) => ({ name, type: name.endsWith('count') || name === '_offset' ? 'number' : 'special' }));
  return [...params, ...common].sort((a, b) => a.name.localeCompare(b.name));
}
