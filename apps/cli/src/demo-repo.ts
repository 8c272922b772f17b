import { readTrailerLog } from '@triad/tools';

/** `git log` of the remote with each commit's trailers: the audit trail a person reads. */
export async function auditLog(bare: string): Promise<string> {
  const commits = await readTrailerLog(bare, 'main');
  return commits
    .map(({ sha, subject, trailers }) =>
      [`${sha.slice(0, 7)} ${subject}`, ...Object.entries(trailers).map(([key, value]) => `    ${key}: ${value}`)].join(
        '\n',
      ),
    )
    .join('\n');
}
