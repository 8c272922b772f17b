import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Reads a bare Git remote the way source-controller does: the branch's head, and the files at a revision. */
export interface GitReader {
  /** The sha `refs/heads/<branch>` points at, or undefined while the branch does not exist. */
  head(): Promise<string | undefined>;
  /** Every file at `sha` that is valid UTF-8 text, path → content. */
  files(sha: string): Promise<Map<string, string>>;
}

export function createGitReader(gitDir: string, branch: string): GitReader {
  const git = (args: string[]) => run('git', ['--git-dir', gitDir, ...args], { maxBuffer: 256 * 1024 * 1024 });
  return {
    async head() {
      try {
        return (await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`])).stdout.trim() || undefined;
      } catch {
        return undefined;
      }
    },
    async files(sha) {
      const listing = (await git(['ls-tree', '-r', '-z', sha])).stdout.split('\0').flatMap((line) => {
        const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(line);
        return match ? [{ oid: match[1] ?? '', path: match[2] ?? '' }] : [];
      });
      const blobs = await catFiles(
        gitDir,
        listing.map((entry) => entry.oid),
      );
      const files = new Map<string, string>();
      listing.forEach((entry, i) => {
        const blob = blobs[i];
        if (blob && !blob.includes(0)) files.set(entry.path, blob.toString('utf8'));
      });
      return files;
    },
  };
}

/** `git cat-file --batch`: one process for all blobs. */
export function catFiles(gitDir: string, oids: string[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    // A git that exits early (the repo went away) closes its stdin: the exit code below says so, not an EPIPE.
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`git cat-file --batch in ${gitDir} exited with ${code}: is the repository still there?`));
        return;
      }
      const out = Buffer.concat(chunks);
      const blobs: Buffer[] = [];
      let at = 0;
      for (let i = 0; i < oids.length; i++) {
        const newline = out.indexOf(10, at);
        const header = out.subarray(at, newline).toString('utf8').split(' ');
        const size = Number(header[2] ?? 0);
        blobs.push(out.subarray(newline + 1, newline + 1 + size));
        at = newline + 1 + size + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(oids.map((oid) => `${oid}\n`).join(''));
  });
}
