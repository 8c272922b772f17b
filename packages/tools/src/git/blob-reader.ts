import { TriadError } from '@triad/core';
import type { RunGit } from './run-git';

/** Files larger than this are not read as text. */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;

/**
 * Reads many objects with a single `git cat-file --batch` process. `specs` are anything git resolves to an object
 * (`<oid>`, `<rev>:<path>`); the result has the same order, with `undefined` for a missing object or a non-blob.
 * `expectedBytes` (the sum of the blob sizes, when known) sizes the output buffer.
 */
export async function readBlobs(
  runGit: RunGit,
  cwd: string,
  specs: readonly string[],
  expectedBytes = 0,
): Promise<Array<Buffer | undefined>> {
  if (specs.length === 0) return [];
  const { stdout } = await runGit({
    args: ['cat-file', '--batch'],
    cwd,
    input: `${specs.join('\n')}\n`,
    maxBuffer: expectedBytes + specs.length * 128 + 64 * 1024 * 1024,
  });
  const blobs: Array<Buffer | undefined> = [];
  let offset = 0;
  for (const spec of specs) {
    const headerEnd = stdout.indexOf(0x0a, offset);
    if (headerEnd < 0) throw truncated(spec);
    const header = stdout.toString('utf8', offset, headerEnd);
    offset = headerEnd + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      blobs.push(undefined); // `<spec> missing` or `<spec> ambiguous`
      continue;
    }
    const size = Number(match[2]);
    if (offset + size > stdout.length) throw truncated(spec);
    blobs.push(match[1] === 'blob' ? stdout.subarray(offset, offset + size) : undefined);
    offset += size + 1;
  }
  return blobs;
}

/** The text of a blob, or undefined when it looks binary (a NUL byte, or not valid UTF-8) or is too large. */
export function decodeText(blob: Buffer): string | undefined {
  if (blob.length > MAX_TEXT_FILE_BYTES) return undefined;
  if (blob.subarray(0, 8000).includes(0)) return undefined;
  try {
    return utf8.decode(blob);
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function truncated(spec: string): TriadError {
  return new TriadError(`git cat-file ended early while reading ${spec}: retry, and check the clone is not corrupt`, {
    code: 'git_output_truncated',
    domain: 'git',
    retryable: true,
  });
}
