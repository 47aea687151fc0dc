// Medplum's MemoryRepository made to behave like an EHR's FHIR server. Every change goes through the
// repository, whether it came as a plain REST call or as a batch/transaction entry, so the rules live here:
//  - every write is validated (validateResource + required bindings); invalid FHIR is an OperationOutcome error (400);
//  - a create assigns the server's own id (the client's id is ignored, as the FHIR spec says);
//  - refused resource types do not exist (404) for any interaction;
//  - conditional create can be switched off (400, like a server that declares conditionalCreate false);
//  - a transaction is all or nothing (MemoryRepository's withTransaction does not roll back on its own);
//  - searches page: a default _count, a ceiling, and self/next/previous links plus fullUrl on absolute URLs.
import {
  DEFAULT_MAX_SEARCH_COUNT,
  DEFAULT_SEARCH_COUNT,
  Operator,
  OperationOutcomeError,
  formatSearchQuery,
  validateResource,
} from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';

export class EhrRepository extends MemoryRepository {
  /**
   * @param {object} options
   * @param {import('./terminology.mjs').RequiredBindings} options.bindings
   * @param {boolean} options.conditionalCreate
   * @param {Set<string>} options.refused resource types this server does not have
   * @param {() => string} options.baseUrl absolute FHIR base, e.g. http://127.0.0.1:8090/fhir
   */
  constructor({ bindings, conditionalCreate, refused, baseUrl }) {
    super();
    this.bindings = bindings;
    this.conditionalCreateEnabled = conditionalCreate;
    this.refused = refused;
    this.baseUrl = baseUrl;
    this.transactionDepth = 0;
  }

  /** Throws the OperationOutcome a client gets for a resource that is not valid FHIR R4. */
  validate(resource) {
    if (!resource || typeof resource !== 'object' || Array.isArray(resource)) {
      throw new OperationOutcomeError(invalid('The body is not a FHIR resource'));
    }
    const tokens = {};
    const warnings = validateResource(resource, { collect: { tokens } }); // throws on structural errors
    const errors = this.bindings.check(tokens);
    if (errors.length > 0) {
      throw new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: [...errors, ...warnings] });
    }
  }

  guard(resourceType) {
    if (this.refused.has(resourceType)) {
      throw new OperationOutcomeError(typeNotSupported(resourceType));
    }
  }

  /** Preloads a resource as it is (its id and meta kept), validated like any other write. */
  async load(resource) {
    this.guard(resource.resourceType);
    return this.withSeeding(() => this.createResource(resource, { assignedId: true }));
  }

  /** Preloads a resource as it is, not validated (--load-unvalidated): legacy data a reader must cope with. */
  async loadUnvalidated(resource) {
    this.guard(resource.resourceType);
    return this.withSeeding(() => super.createResource(resource, { assignedId: true }));
  }

  async createResource(resource, options, update = false) {
    this.guard(resource?.resourceType);
    this.validate(resource);
    return super.createResource(withoutClientId(resource, update || options?.assignedId), options, update);
  }

  async updateResource(resource, options) {
    this.guard(resource?.resourceType);
    return super.updateResource(resource, options); // validated in createResource, which it calls
  }

  async conditionalCreate(resource, search, options) {
    this.guard(resource?.resourceType);
    if (!this.conditionalCreateEnabled) {
      throw new OperationOutcomeError(
        invalid('Conditional create (If-None-Exist) is not supported by this server', 'not-supported')
      );
    }
    this.validate(resource);
    return super.conditionalCreate(withoutClientId(resource, options?.assignedId), search, options);
  }

  async readResource(resourceType, id) {
    this.guard(resourceType);
    return super.readResource(resourceType, id);
  }

  async deleteResource(resourceType, id, options) {
    this.guard(resourceType);
    return super.deleteResource(resourceType, id, options);
  }

  async search(searchRequest) {
    this.guard(searchRequest.resourceType);
    const request = {
      ...searchRequest,
      count: Math.min(searchRequest.count ?? DEFAULT_SEARCH_COUNT, DEFAULT_MAX_SEARCH_COUNT),
      offset: Math.max(searchRequest.offset ?? 0, 0),
    };
    // MemoryRepository applies the sort rules one after another with a stable sort, so the last rule
    // would win; applying them in reverse order gives FHIR's meaning (the first rule is the primary key).
    const bundle = await super.search({ ...request, sortRules: request.sortRules?.slice().reverse() });
    const base = this.baseUrl();
    for (const entry of bundle.entry ?? []) {
      entry.fullUrl = `${base}/${entry.resource.resourceType}/${entry.resource.id}`;
    }
    bundle.link = pageLinks(base, request, bundle.total ?? 0);
    return bundle;
  }

  /**
   * `identifier=system|value` alone (what conditional create and write-back ask, thousands of times a run) answered
   * by comparing identifiers, without Medplum's FHIRPath evaluation of every stored resource of the type (seconds per
   * search with a few thousand Observations). Every search, including conditional create's, comes through here.
   */
  searchSync(request) {
    const filters = request.filters ?? [];
    const [filter] = filters;
    const bar = filter?.value?.indexOf('|') ?? -1;
    if (
      filters.length !== 1 ||
      request.sortRules?.length ||
      filter.code !== 'identifier' ||
      filter.operator !== Operator.EQUALS ||
      filter.value.includes(',') ||
      bar <= 0 || // "|value" (no system) and plain "value" keep Medplum's meaning
      bar === filter.value.length - 1 // "system|" means any value in the system
    ) {
      return super.searchSync(request);
    }
    const system = filter.value.substring(0, bar);
    const value = filter.value.substring(bar + 1);
    const matches = [];
    for (const resource of this.resources.get(request.resourceType)?.values() ?? []) {
      // identifier is 0..* on most types but 0..1 (one object) on QuestionnaireResponse, Bundle and a few others.
      const identifiers = Array.isArray(resource.identifier) ? resource.identifier : resource.identifier ? [resource.identifier] : [];
      if (identifiers.some((i) => i.system === system && i.value === value)) {
        matches.push({ search: { mode: 'match' }, resource: JSON.parse(JSON.stringify(resource)) });
      }
    }
    const offset = request.offset ?? 0;
    const page = request.count === undefined ? matches.slice(offset) : matches.slice(offset, offset + request.count);
    return { resourceType: 'Bundle', type: 'searchset', entry: page.length ? page : undefined, total: matches.length };
  }

  /**
   * All or nothing: on any error the stored resources and their history go back to how they were. Only the types
   * the transaction names are copied (Medplum names them, also for each conditional create it wraps in one), so a
   * batch of conditional creates does not copy every stored resource once per entry.
   */
  async withTransaction(callback, options) {
    if (this.transactionDepth > 0) {
      return callback(this);
    }
    const only = options?.resourceTypes?.length ? new Set(options.resourceTypes) : undefined;
    const pick = (map) => (only ? new Map([...map].filter(([type]) => only.has(type))) : map);
    const resources = copyNested(pick(this.resources), (byId) => new Map(byId));
    const history = copyNested(pick(this.history), (byId) => new Map([...byId].map(([id, versions]) => [id, [...versions]])));
    this.transactionDepth++;
    try {
      return await callback(this);
    } catch (err) {
      restore(this.resources, resources, only);
      restore(this.history, history, only);
      throw err;
    } finally {
      this.transactionDepth--;
    }
  }
}

function pageLinks(base, request, total) {
  const url = (offset) => `${base}/${request.resourceType}${formatSearchQuery({ ...request, offset })}`;
  const links = [{ relation: 'self', url: url(request.offset) }];
  if (request.count > 0) {
    links.push({ relation: 'first', url: url(0) });
    if (request.offset > 0) {
      links.push({ relation: 'previous', url: url(Math.max(request.offset - request.count, 0)) });
    }
    if (request.offset + request.count < total) {
      links.push({ relation: 'next', url: url(request.offset + request.count) });
    }
  }
  return links;
}

function withoutClientId(resource, keepId) {
  if (keepId || resource.id === undefined) {
    return resource;
  }
  const { id: _ignored, ...rest } = resource;
  return rest;
}

function copyNested(map, copyInner) {
  return new Map([...map].map(([key, inner]) => [key, copyInner(inner)]));
}

/** Puts back the snapshot: every type when the transaction named none, else just the types it named. */
function restore(target, snapshot, only) {
  for (const key of [...target.keys()]) {
    if (!only || only.has(key)) {
      target.delete(key);
    }
  }
  for (const [key, value] of snapshot) {
    target.set(key, value);
  }
}

export function invalid(text, code = 'invalid') {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}

export function typeNotSupported(resourceType) {
  return {
    resourceType: 'OperationOutcome',
    id: 'not-found', // Medplum's getStatus maps this id to 404
    issue: [
      {
        severity: 'error',
        code: 'not-supported',
        details: { text: `Resource type ${resourceType} is not supported by this server` },
      },
    ],
  };
}
