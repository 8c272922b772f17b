import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const MAX_FILE_BYTES = 1024 * 1024;
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** The YAML files of a repository on disk (path → text), as the analyzers read them; files over 1 MiB are left out. */
export async function readRepoFiles(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
        } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name) && (await stat(full)).size <= MAX_FILE_BYTES) {
          files.set(relative(root, full).split(sep).join('/'), await readFile(full, 'utf8'));
        }
      }),
    );
  };
  await walk(root);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}
