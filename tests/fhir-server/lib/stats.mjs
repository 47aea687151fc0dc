// The request counter behind GET /$stats, and the fault switch that uses its count.

export class RequestStats {
  constructor() {
    this.reset();
  }

  reset() {
    this.requests = 0;
    this.byMethod = {};
    this.byStatus = {};
    this.injected = 0;
  }

  /** Counts a FHIR request on arrival and returns its number since start or the last reset (1, 2, ...). */
  count(method) {
    this.requests++;
    this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
    return this.requests;
  }

  answered(status) {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  toJSON() {
    return { requests: this.requests, byMethod: this.byMethod, byStatus: this.byStatus, injected: this.injected };
  }
}

/**
 * Which requests get the injected fault: the first `injectCount` FHIR requests, and every `failEvery`-th
 * one, both counted since start or the last POST /$reset-stats.
 */
export function faultFor(options, requestNumber) {
  const first = options.injectCount > 0 && requestNumber <= options.injectCount;
  const every = options.failEvery > 0 && requestNumber % options.failEvery === 0;
  return first || every ? options.injectStatus : undefined;
}
