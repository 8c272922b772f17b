/**
 * Redaction cost on the whole examples/homelab repository (SOPS masking, Secret data, credential literals, optional
 * anonymisation), beside a baseline that only copies the same text. Run: pnpm exec tsx bench/redaction.ts
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Redactor, vocabularyOf } from '@triad/agents';

const ROUNDS = Number(process.env.ROUNDS ?? 50);
const root = join(import.meta.dirname, '../examples/homelab');

async function files(dir: string): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push([relative(root, path), await readFile(path, 'utf8')]);
  }
  return out;
}

const repo = await files(root);
const bytes = repo.reduce((total, [, text]) => total + text.length, 0);
function run(label: string, make: () => (text: string) => string) {
  const started = performance.now();
  let hidden = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const transform = make();
    for (const [, text] of repo) hidden += transform(text).length;
  }
  const ms = (performance.now() - started) / ROUNDS;
  console.log(
    `${label.padEnd(28)} ${ms.toFixed(2)} ms per repository pass   ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`,
  );
  return hidden;
}

console.log(`examples/homelab: ${repo.length} files, ${(bytes / 1024).toFixed(1)} KiB; mean of ${ROUNDS} passes`);
run('baseline (copy)', () => (text) => `${text}`);
run('redact', () => {
  const redactor = new Redactor({ sessionKey: 'bench' });
  return (text) => redactor.redact(text);
});
const vocabulary = vocabularyOf(repo);
run('redact + anonymise', () => {
  const redactor = new Redactor({ sessionKey: 'bench', anonymise: vocabulary });
  return (text) => redactor.redact(text);
});
console.log(
  `anonymisation vocabulary: ${vocabulary.namespaces.length} namespaces, ${vocabulary.names.length} names, ${vocabulary.hostnames.length} hostnames`,
);
