// Builds the `triad` bin into dist/ (ADR 0012): esbuild bundles the CLI and the workspace packages it imports into
// ES modules split per command, so a command loads only its own code; third-party packages stay external and are
// resolved from node_modules, so each one must be a dependency of this package (checked here).
//   node apps/cli/build.mjs            build now
//   node apps/cli/build.mjs --if-stale build only when a source, asset or package.json changed since the last build
// `pnpm triad` runs launch.mjs, which builds when stale and then imports dist/main.js.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(CLI_DIR, '../..');
export const DIST = join(CLI_DIR, 'dist');
const STAMP = 'build-inputs.json';

/**
 * Directories (relative to the repository root) that bundled code reads at run time through `import.meta.url`. They
 * are copied to `<out>/assets/<same path>`, and each bundled file's `import.meta.url` is rewritten to where that file
 * would sit under `<out>/assets`, so the source's own relative paths (`../../../../prompts`) land on the copies.
 */
const ASSETS = ['prompts', 'examples/homelab', 'packages/server/src/public'];

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Workspace packages (`@triad/*`) are bundled; every other bare import stays an import of an installed package. */
const externalPackages = (seen) => ({
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@triad/')) return undefined;
      if (!isBuiltin(args.path)) seen.add(packageName(args.path));
      return { path: args.path, external: true };
    });
  },
});

/** `import.meta.url` of a bundled workspace file → the URL it would have under `<out>/assets` (see ASSETS). */
const sourceRelativeUrls = {
  name: 'source-relative-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const asAsset = `./assets/${relative(ROOT, args.path).split('\\').join('/')}`;
      const url = `new URL(${JSON.stringify(asAsset)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/** Builds into `outdir` (default dist/); returns the metafile and the external packages the bundle imports. */
export async function build({ outdir = DIST } = {}) {
  const { build: esbuild } = await import('esbuild');
  const externals = new Set();
  await rm(outdir, { recursive: true, force: true });
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [join(CLI_DIR, 'src/main.ts')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [externalPackages(externals), sourceRelativeUrls],
  });
  const pkg = JSON.parse(await readFile(join(CLI_DIR, 'package.json'), 'utf8'));
  const undeclared = [...externals].filter((name) => !pkg.dependencies?.[name]);
  if (undeclared.length > 0) {
    throw new Error(
      `the CLI bundle imports ${undeclared.join(', ')}, not in apps/cli/package.json dependencies: add them there`,
    );
  }
  for (const dir of ASSETS) await cp(join(ROOT, dir), join(outdir, 'assets', dir), { recursive: true });
  const inputs = [
    ...Object.keys(result.metafile.inputs),
    ...(await assetFiles()),
    relative(ROOT, fileURLToPath(import.meta.url)),
    relative(ROOT, join(CLI_DIR, 'package.json')),
  ];
  await writeFile(join(outdir, STAMP), `${JSON.stringify({ inputs }, null, 1)}\n`);
  await writeFile(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return { metafile: result.metafile, externals: [...externals].sort() };
}

async function assetFiles() {
  const files = [];
  for (const dir of ASSETS) {
    for (const entry of await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(relative(ROOT, join(entry.parentPath ?? entry.path, entry.name)));
    }
  }
  return files;
}

/**
 * True when `outdir` has no build, or a file the last build read (sources, assets, this script, package.json) is newer
 * than it or gone. A new source file counts too: it is only reached through an import added to a file that changed.
 */
export async function isStale(outdir = DIST) {
  const built = await stat(join(outdir, STAMP)).catch(() => undefined);
  if (!built) return true;
  const { inputs } = JSON.parse(await readFile(join(outdir, STAMP), 'utf8'));
  const times = await Promise.all(
    inputs.map((input) =>
      stat(join(ROOT, input)).then(
        (s) => s.mtimeMs,
        () => Number.POSITIVE_INFINITY,
      ),
    ),
  );
  return times.some((time) => time > built.mtimeMs);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!process.argv.includes('--if-stale') || (await isStale())) {
    await mkdir(DIST, { recursive: true });
    const { externals } = await build();
    process.stderr.write(`built ${relative(process.cwd(), DIST)} (external: ${externals.join(', ')})\n`);
  }
}
