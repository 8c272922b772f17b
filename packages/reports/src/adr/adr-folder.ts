/** Folders where repositories usually keep ADRs, in the order they are looked for. */
export const ADR_DIRS = ['docs/adr', 'docs/adrs', 'docs/decisions', 'adr', 'doc/adr'] as const;

/** `0007-title.md` and the like: a number, a dash, a name, Markdown. */
const ADR_FILE = /^(\d+)-[^/]+\.md$/i;

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** File names directly inside `dir`, from repo-relative paths. */
function filesIn(paths: readonly string[], dir: string): string[] {
  const prefix = `${normalise(dir)}/`;
  return paths
    .map(normalise)
    .filter((path) => path.startsWith(prefix))
    .map((path) => path.slice(prefix.length))
    .filter((name) => name.length > 0 && !name.includes('/'));
}

/** The ADR number of a file name, or undefined for anything else (README.md, template.md…). */
export function adrNumberOf(fileName: string): number | undefined {
  const match = ADR_FILE.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

/** Highest ADR number in `adrDir` plus one; gaps are kept, other files ignored, an empty folder gives 1. */
export function nextAdrNumber(existingPaths: string[], adrDir: string): number {
  const numbers = filesIn(existingPaths, adrDir).flatMap((name) => adrNumberOf(name) ?? []);
  return Math.max(0, ...numbers) + 1;
}

/**
 * The repo's ADR folder: the first of `ADR_DIRS` that holds ADR files, else the first that exists at all,
 * else `fallback`.
 */
export function detectAdrDir(paths: string[], fallback = 'docs/adr'): string {
  const withAdrs = ADR_DIRS.find((dir) => filesIn(paths, dir).some((name) => adrNumberOf(name) !== undefined));
  const existing = ADR_DIRS.find((dir) => paths.some((path) => normalise(path).startsWith(`${dir}/`)));
  return withAdrs ?? existing ?? fallback;
}
