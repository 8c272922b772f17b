/**
 * Exits with `code` once everything written to stdout and stderr has been handed to the OS. `process.exit` right after
 * a large write to a pipe drops what the reader has not taken yet (piped `--json` cut at 64 KiB); an empty write's
 * callback runs only after every earlier write of the stream is flushed.
 */
export function exitAfterDrain(code: number): void {
  process.exitCode = code;
  let open = 2;
  const flushed = () => {
    open -= 1;
    if (open === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || !stream.writable) flushed();
    else stream.write('', flushed);
  }
}
