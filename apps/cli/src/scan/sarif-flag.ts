/** `--sarif` with no file writes SARIF to stdout; `main` rewrites a bare `--sarif` to this. */
export const SARIF_STDOUT = '-';

/** A bare `--sarif` (last, or followed by another flag) means stdout: node's parseArgs needs a value, so supply it. */
export function withSarifDefault(argv: readonly string[]): string[] {
  return argv.map((arg, i) =>
    arg === '--sarif' && (i === argv.length - 1 || argv[i + 1]!.startsWith('-')) ? `--sarif=${SARIF_STDOUT}` : arg,
  );
}
