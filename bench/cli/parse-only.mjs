// The floor for `triad scan` as a whole process: read every YAML file of a repository (as the CLI does) and parse it
// with the same `yaml` package the analyzers use, nothing else. Usage: node parse-only.mjs <repo>
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
// The catalog's `yaml`, the analyzers' own version.
import { parseAllDocuments } from 'yaml';

const texts = [];
const walk = async (dir) => {
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') await walk(full);
      } else if (/\.ya?ml$/i.test(entry.name) && (await stat(full)).size <= 1024 * 1024) {
        texts.push(await readFile(full, 'utf8'));
      }
    }),
  );
};
await walk(process.argv[2]);
let documents = 0;
for (const text of texts) {
  for (const doc of parseAllDocuments(text)) {
    doc.toJS({ maxAliasCount: 100 });
    documents++;
  }
}
process.stdout.write(`${texts.length} files, ${documents} documents\n`);
