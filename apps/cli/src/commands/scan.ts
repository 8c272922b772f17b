import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { analyzeRepo } from '@triad/analyzers';
import { compareSeverity, type Finding } from '@triad/core';
import { UsageError } from '../env';
import { table } from '../format';

const MAX_FILE_BYTES = 1024 * 1024;

/** `triad scan <path>`: the findings of a repository on disk, by severity. */
export async function scan(path: string | undefined, flags: { json?: boolean }) {
  if (!path) throw new UsageError('missing path: `triad scan <path to a GitOps repo>`');
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${path} is not a directory: pass the root of a GitOps repository`);
  const findings = analyzeRepo(await readTextFiles(path));
  if (flags.json) {
    console.log(JSON.stringify(findings, null, 2));
    return findings;
  }
  if (findings.length === 0) console.log('no findings');
  const sorted = [...findings].sort((a, b) => compareSeverity(b.severity, a.severity));
  const rows = sorted.map((f: Finding) => [
    f.severity,
    f.check,
    `${f.resource.kind}/${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`,
    f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '-',
    f.fixable ? 'yes' : 'no',
  ]);
  if (rows.length) console.log(table(['SEVERITY', 'CHECK', 'RESOURCE', 'WHERE', 'FIX'], rows));
  return findings;
}

async function readTextFiles(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && /\.(ya?ml)$/.test(entry.name)) {
        if ((await stat(full)).size > MAX_FILE_BYTES) continue;
        files.set(relative(root, full).split(sep).join('/'), await readFile(full, 'utf8'));
      }
    }
  };
  await walk(root);
  return files;
}
