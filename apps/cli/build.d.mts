import type { Metafile } from 'esbuild';

/** Where `pnpm triad` and the `triad` bin run from: apps/cli/dist. */
export const DIST: string;
/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`. */
export function packageName(specifier: string): string;
/** Builds the CLI into `outdir` (default dist/); the metafile and the external packages the bundle imports. */
export function build(options?: { outdir?: string }): Promise<{ metafile: Metafile; externals: string[] }>;
/** True when `outdir` has no build or a file the last build read changed since. */
export function isStale(outdir?: string): Promise<boolean>;
