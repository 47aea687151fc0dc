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
    this.returned = 0;
  }

  /** Counts the resources a search answered with (its match entries, not _include ones): what a client read. */
  searched(bundle) {
    if (bundle?.resourceType === 'Bundle' && bundle.type === 'searchset') {
      this.returned += (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include').length;
    }
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
    return { requests: this.requests, byMethod: this.byMethod, byStatus: this.byStatus, injected: this.injected, returned: this.returned };
  }
}

/**
 * Which requests get the injected fault: the first `injectCount` FHIR requests, and every `failEvery`-th
 * one, both counted since start or the last POST /$reset-stats.
 */
export function faultFor(options, requestNumber) {
  const first = options.injectCount > 0 && requestNumber <= options.injectCount;
  const every = options.failEvery > 0 && requestNumber % options.failEvery === 0;
  const random = randomSlot(options, requestNumber);
  if (!(first || every || random)) {
    return undefined;
  }
  const kinds = options.faultKinds ?? [];
  if (kinds.length === 0) {
    return options.injectStatus;
  }
  // On a schedule the kinds take turns; at random one is drawn.
  options.faultsSoFar = (options.faultsSoFar ?? 0) + 1;
  const kind = random && !every && !first
    ? kinds[Math.floor(nextRandom(options) * kinds.length)]
    : kinds[(options.faultsSoFar - 1) % kinds.length];
  return /^\d+$/.test(kind) ? Number.parseInt(kind, 10) : kind;
}

/**
 * --fault-rate P at random but exact: the requests are taken in blocks of 100/gcd(P, 100) (5 for 20%), and in each
 * block P/gcd(P, 100) of them (1 for 20%), at positions drawn at random, get a fault. An independent draw per request
 * lands under or over P by chance (17% in a run of 123 requests at 20%); this gives P% of any whole number of blocks.
 */
function randomSlot(options, requestNumber) {
  if (!(options.faultRate > 0)) {
    return false;
  }
  const g = gcd(options.faultRate, 100);
  const size = 100 / g;
  const count = options.faultRate / g;
  if (requestNumber <= (options.lastRequestNumber ?? 0)) {
    options.faultBlock = undefined; // the counter was reset: a new first block
  }
  options.lastRequestNumber = requestNumber;
  const block = Math.floor((requestNumber - 1) / size);
  if (options.faultBlock !== block) {
    // Partial Fisher-Yates: the first `count` of a shuffled 0..size-1.
    const positions = Array.from({ length: size }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(nextRandom(options) * (size - i));
      [positions[i], positions[j]] = [positions[j], positions[i]];
    }
    options.faultBlock = block;
    options.faultSlots = new Set(positions.slice(0, count));
  }
  return options.faultSlots.has((requestNumber - 1) % size);
}

function gcd(a, b) {
  return b === 0 ? a : gcd(b, a % b);
}

/** mulberry32 over --fault-seed: the same seed gives the same faults for the same requests. */
function nextRandom(options) {
  options.randomState = ((options.randomState ?? options.faultSeed) + 0x6D2B79F5) | 0;
  let t = options.randomState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
