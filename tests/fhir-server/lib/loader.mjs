// --load DIR: every DIR/*.ndjson line becomes a stored resource, validated like any write. Lines that
// are not JSON, not FHIR, invalid, or of a refused type are skipped with a warning on stderr.
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { normalizeErrorString } from '@medplum/core';

/**
 * @param {import('./repository.mjs').EhrRepository} repo
 * @param {string} folder
 * @returns {Promise<{loaded: number, skipped: number, byType: Record<string, number>}>}
 */
export async function loadNdjsonFolder(repo, folder) {
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
        await repo.load(resource);
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
