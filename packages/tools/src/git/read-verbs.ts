import { TRAILERS, TriadError } from '@triad/core';
import { readTree, type SpecialEntry } from '../workspace/special-entries';
import { decodeText, readBlobs } from './blob-reader';
import { type Clone, fetchedHead } from './clone';
import type { GitWorkspace } from './git-workspace';
import { assertRepoPath } from './repo-path';
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
