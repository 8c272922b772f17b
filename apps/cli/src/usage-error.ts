/**
 * A mistake the person at the terminal can fix: printed as one line, exit code 2. In its own module (no imports) so
 * that `main` and `triad scan` can throw it without loading the orchestrator that `env` reads its schemas from.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
