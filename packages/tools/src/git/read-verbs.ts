import { TRAILERS, TriadError } from '@triad/core';
import type { SpecialEntry } from '../workspace/special-entries';
import { decodeText, MAX_TEXT_FILE_BYTES, readBlobs } from './blob-reader';
import { type Clone, fetchedHead } from './clone';
import type { GitWorkspace } from './git-workspace';
import { assertRepoPath } from './repo-path';
import type { RunGit } from './run-git';
import { findCommitsWithTrailer, findCommitWithTrailer } from './trailer-search';

type ReadVerbs =
  | 'sync'
  | 'fetchHead'
  | 'readFiles'
  | 'skippedFiles'
  | 'readFile'
  | 'findCommitByTrailer'
  | 'findCommitsByTrailer'
  | 'head'
  | 'holds';

/** Trees whose skipped entries a workspace keeps after reading their files. */
const TREES_KEPT = 4;

/**
 * The text files of commit `sha` (blobs of at most 1 MiB that decode as UTF-8) and the entries it leaves out
 * (symlinks with their targets, submodules, larger files, binaries), from one `ls-tree` and one read of the blobs.
 */
async function readTree(
  run: RunGit,
  dir: string,
  sha: string,
): Promise<{ files: Map<string, string>; skipped: SpecialEntry[] }> {
  const { stdout } = await run({ args: ['ls-tree', '-r', '-z', '-l', '--full-tree', sha], cwd: dir });
  const wanted: Array<{ path: string; oid: string; symlink: boolean; size: number }> = [];
  const skipped: SpecialEntry[] = [];
  let bytes = 0;
  for (const entry of stdout.toString('utf8').split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(entry);
    if (!match) continue;
    const [, mode, type, oid, sizeText, path] = match as unknown as [string, string, string, string, string, string];
    const size = Number(sizeText);
    if (type === 'commit') skipped.push({ path, kind: 'submodule' });
    else if (type !== 'blob') continue;
    else if (mode === '120000') wanted.push({ path, oid, symlink: true, size });
    else if (size > MAX_TEXT_FILE_BYTES) skipped.push({ path, kind: 'too-large', size });
    else {
      wanted.push({ path, oid, symlink: false, size });
      bytes += size;
    }
  }
  const oids = [...new Set(wanted.map(({ oid }) => oid))];
  const blobs = await readBlobs(run, dir, oids, bytes);
  const byOid = new Map(oids.map((oid, i) => [oid, blobs[i]]));
  const files = new Map<string, string>();
  for (const { path, oid, symlink, size } of wanted) {
    const blob = byOid.get(oid);
    if (symlink) {
      skipped.push({ path, kind: 'symlink', target: blob?.toString('utf8') ?? '' });
      continue;
    }
    const text = blob && decodeText(blob);
    if (text !== undefined) files.set(path, text);
    else if (blob) skipped.push({ path, kind: 'binary', size });
  }
  return { files, skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

/** The workspace's verbs that read: the branch's head, files at a revision, commits by trailer, history. */
export function readVerbs(clone: Clone): Pick<GitWorkspace, ReadVerbs> {
  const { dir, run, remoteRef, serial, git, ensureClone, fetch, syncNow, resolveCommit, isAncestor } = clone;
  /** What the last trees read left out, by commit: a commit's tree never changes. */
  const treesRead = new Map<string, SpecialEntry[]>();
  return {
    sync: () => serial(syncNow),

    fetchHead: (onTurn) =>
      serial(async () => {
        onTurn?.();
        await fetch();
        // The fetch wrote what it fetched to FETCH_HEAD: reading it spares a git process (~10 ms of a busy event loop).
        return (await fetchedHead(dir)) ?? git(['rev-parse', '--verify', '--quiet', remoteRef]);
      }),

    async readFiles(sha) {
      const commitSha = await resolveCommit(sha, () => serial(fetch));
      const { files, skipped } = await readTree(run, dir, commitSha);
      treesRead.set(commitSha, skipped);
      if (treesRead.size > TREES_KEPT) treesRead.delete(treesRead.keys().next().value as string);
      return files;
    },

    async skippedFiles(sha) {
      // Read with the files a moment ago (an observation reads both): no second pass over every blob.
      const known = treesRead.get(sha);
      if (known) return known;
      const commitSha = await resolveCommit(sha, () => serial(fetch));
      return treesRead.get(commitSha) ?? (await readTree(run, dir, commitSha)).skipped;
    },

    async readFile(sha, path) {
      assertRepoPath(path);
      const commitSha = await resolveCommit(sha, () => serial(fetch));
      const [blob] = await readBlobs(run, dir, [`${commitSha}:${path}`]);
      return blob && decodeText(blob);
    },

    findCommitByTrailer: (key, value, from) =>
      serial(async () => {
        await fetch();
        return findCommitWithTrailer(run, dir, from ?? remoteRef, key, value);
      }),

    findCommitsByTrailer: (key, values) =>
      serial(async () => {
        await fetch();
        return findCommitsWithTrailer(run, dir, remoteRef, key, values);
      }),

    head: () =>
      serial(async () => {
        await ensureClone();
        return git(['rev-parse', '--verify', '--quiet', 'HEAD']).catch(syncNow);
      }),

    async holds(revision, sha) {
      const known = (rev: string) =>
        resolveCommit(rev, () => serial(fetch)).catch((error: unknown) => {
          if (TriadError.is(error, 'revision_not_found')) return undefined;
          throw error;
        });
      const [later, earlier] = [await known(revision), await known(sha)];
      if (!later || !earlier || !(await isAncestor(earlier, later))) return false;
      return (await findCommitWithTrailer(run, dir, `${earlier}..${later}`, TRAILERS.reverts, earlier)) === undefined;
    },
  };
}
