// Command-line flags (win) and environment variables (fallback). See README.md for the table.

const USAGE = `usage: node --experimental-websocket server.mjs [options]
  --port N                 port on 127.0.0.1 (0 = any free port)          FHIR_SERVER_PORT          default 8090
  --base-path P            path of the FHIR base                           FHIR_SERVER_BASE_PATH     default /fhir
  --no-conditional-create  declare and enforce "no conditional create"     FHIR_SERVER_CONDITIONAL_CREATE=false
  --refuse T1,T2           resource types the server does not have         FHIR_SERVER_REFUSE
  --refuse-update T1,T2    types the server lets you create but not update FHIR_SERVER_REFUSE_UPDATE
                           (no update/patch in /metadata; PUT and PATCH answer 405)
  --load DIR               preload every DIR/*.ndjson at start             FHIR_SERVER_LOAD
  --load-unvalidated DIR   preload DIR/*.ndjson without validating it
  --fail-every N           answer every Nth FHIR request with the fault    FHIR_SERVER_FAIL_EVERY
  --inject-count K         answer the first K FHIR requests with the fault FHIR_SERVER_INJECT_COUNT
  --inject-status S        the fault's HTTP status                         FHIR_SERVER_INJECT_STATUS default 503
  --retry-after SECONDS    send Retry-After with each injected fault       FHIR_SERVER_RETRY_AFTER
  --fault-rate P           answer P% of FHIR requests with a fault, at random positions (exactly P of every 100)  FHIR_SERVER_FAULT_RATE
  --fault-seed N           seed of the random fault choice                 FHIR_SERVER_FAULT_SEED    default 1
  --fault-kinds K1,K2      faults to use instead of --inject-status: 500, 503, 429 (any status), timeout, reset,
                           500-after, reset-after (processed, then the answer is lost)  FHIR_SERVER_FAULT_KINDS
  --fault-hang-ms MS       how long a "timeout" fault holds the request before dropping it  default 5000
  --exit-with-stdin        stop when standard input closes (parent died)
  -h, --help               this text`;

/**
 * @param {string[]} argv process.argv.slice(2)
 * @param {NodeJS.ProcessEnv} env process.env
 */
export function parseOptions(argv, env) {
  const options = {
    port: intOf(env.FHIR_SERVER_PORT, 'FHIR_SERVER_PORT') ?? 8090,
    basePath: normaliseBasePath(env.FHIR_SERVER_BASE_PATH ?? '/fhir'),
    conditionalCreate: !/^(false|0|no)$/i.test(env.FHIR_SERVER_CONDITIONAL_CREATE ?? ''),
    refuse: listOf(env.FHIR_SERVER_REFUSE),
    refuseUpdate: listOf(env.FHIR_SERVER_REFUSE_UPDATE),
    load: env.FHIR_SERVER_LOAD || undefined,
    loadUnvalidated: undefined,
    failEvery: intOf(env.FHIR_SERVER_FAIL_EVERY, 'FHIR_SERVER_FAIL_EVERY') ?? 0,
    injectCount: intOf(env.FHIR_SERVER_INJECT_COUNT, 'FHIR_SERVER_INJECT_COUNT') ?? 0,
    injectStatus: intOf(env.FHIR_SERVER_INJECT_STATUS, 'FHIR_SERVER_INJECT_STATUS') ?? 503,
    retryAfter: intOf(env.FHIR_SERVER_RETRY_AFTER, 'FHIR_SERVER_RETRY_AFTER'),
    faultRate: intOf(env.FHIR_SERVER_FAULT_RATE, 'FHIR_SERVER_FAULT_RATE') ?? 0,
    faultSeed: intOf(env.FHIR_SERVER_FAULT_SEED, 'FHIR_SERVER_FAULT_SEED') ?? 1,
    faultKinds: listOf(env.FHIR_SERVER_FAULT_KINDS),
    faultHangMs: intOf(env.FHIR_SERVER_FAULT_HANG_MS, 'FHIR_SERVER_FAULT_HANG_MS') ?? 5000,
    exitWithStdin: false,
    help: false,
  };

  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) {
        throw new Error(`${flag} needs a value`);
      }
      return argv[++i];
    };
    switch (flag) {
      case '--port': options.port = intOf(value(), flag); break;
      case '--base-path': options.basePath = normaliseBasePath(value()); break;
      case '--no-conditional-create': options.conditionalCreate = false; break;
      case '--refuse': options.refuse = listOf(value()); break;
      case '--refuse-update': options.refuseUpdate = listOf(value()); break;
      case '--load': options.load = value(); break;
      case '--load-unvalidated': options.loadUnvalidated = value(); break;
      case '--fail-every': options.failEvery = intOf(value(), flag); break;
      case '--inject-count': options.injectCount = intOf(value(), flag); break;
      case '--inject-status': options.injectStatus = intOf(value(), flag); break;
      case '--retry-after': options.retryAfter = intOf(value(), flag); break;
      case '--fault-rate': options.faultRate = intOf(value(), flag); break;
      case '--fault-seed': options.faultSeed = intOf(value(), flag); break;
      case '--fault-kinds': options.faultKinds = listOf(value()); break;
      case '--fault-hang-ms': options.faultHangMs = intOf(value(), flag); break;
      case '--exit-with-stdin': options.exitWithStdin = true; break;
      case '-h': case '--help': options.help = true; break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }

  if (options.port < 0 || options.port > 65535) {
    throw new Error(`--port must be 0..65535, not ${options.port}`);
  }
  if (options.injectStatus < 400 || options.injectStatus > 599) {
    throw new Error(`--inject-status must be an HTTP error status (400..599), not ${options.injectStatus}`);
  }
  if (options.faultRate < 0 || options.faultRate > 100) {
    throw new Error(`--fault-rate must be 0..100, not ${options.faultRate}`);
  }
  for (const kind of options.faultKinds ?? []) {
    if (!/^(timeout|reset|500-after|reset-after|[45]\d\d)$/.test(kind)) {
      throw new Error(`unknown fault kind ${kind}`);
    }
  }
  if (options.failEvery < 0 || options.injectCount < 0) {
    throw new Error('--fail-every and --inject-count must not be negative');
  }
  return options;
}

export { USAGE };

function intOf(text, name) {
  if (text === undefined || text === '') {
    return undefined;
  }
  if (!/^-?\d+$/.test(text)) {
    throw new Error(`${name} must be an integer, not "${text}"`);
  }
  return Number.parseInt(text, 10);
}

function listOf(text) {
  return (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function normaliseBasePath(path) {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') {
    return '';
  }
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
