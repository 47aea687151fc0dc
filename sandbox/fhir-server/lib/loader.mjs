// --load DIR: every DIR/*.ndjson line becomes a stored resource, validated like any write. Lines that
// are not JSON, not FHIR, invalid, or of a refused type are skipped with a warning on stderr.
// --load-unvalidated DIR: the same without validation, as records an EHR's own database holds from before its
// rules changed (an element this R4 server does not know): what a reader must cope with.
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { normalizeErrorString } from '@medplum/core';

/**
 * @param {import('./repository.mjs').EhrRepository} repo
 * @param {string} folder
 * @param {{validate?: boolean}} [options]
 * @returns {Promise<{loaded: number, skipped: number, byType: Record<string, number>}>}
 */
export async function loadNdjsonFolder(repo, folder, { validate = true } = {}) {
  const files = (await readdir(folder)).filter((name) => name.endsWith('.ndjson')).sort();
  const result = { loaded: 0, skipped: 0, byType: {} };
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(join(folder, file), 'utf8'), crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') {
        continue;
      }
      try {
        const resource = JSON.parse(line);
        if (typeof resource?.resourceType !== 'string') {
          throw new Error('no resourceType');
        }
        await (validate ? repo.load(resource) : repo.loadUnvalidated(resource));
        result.loaded++;
        result.byType[resource.resourceType] = (result.byType[resource.resourceType] ?? 0) + 1;
      } catch (err) {
        result.skipped++;
        process.stderr.write(`warning: skipped ${file}:${lineNumber}: ${normalizeErrorString(err)}\n`);
      }
    }
  }
  return result;
}
