/**
 * One measured phase, run in its own process so that its peak RSS is its own: `parse` (the `yaml` library on every
 * file, the baseline) or `scan` (`analyzeRepo`, every check). Prints one JSON line. Usage: measure.ts <phase> <repo>
 */

import { analyzeRepo } from '@triad/analyzers';
import { readRepoFiles } from '@triad/cli/repo-files';
// The catalog's `yaml`, the analyzers' own version.
import { parseAllDocuments } from 'yaml';

const [phase, root] = process.argv.slice(2);
const files = await readRepoFiles(root!);
const started = performance.now();
let count = 0;
if (phase === 'parse') {
  for (const text of files.values()) {
    for (const doc of parseAllDocuments(text)) {
      doc.toJS({ maxAliasCount: 100 });
      count++;
    }
  }
} else {
  count = analyzeRepo(files).length;
}
const ms = performance.now() - started;
console.log(JSON.stringify({ phase, files: files.size, count, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
