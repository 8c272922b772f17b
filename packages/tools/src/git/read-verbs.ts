import { TRAILERS, TriadError } from '@triad/core';
import { readSpecialEntries } from '../workspace/special-entries';
import { decodeText, MAX_TEXT_FILE_BYTES, readBlobs } from './blob-reader';
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

/** The workspace's verbs that read: the branch's head, files at a revision, commits by trailer, history. */
export function readVerbs(clone: Clone): Pick<GitWorkspace, ReadVerbs> {
  const { dir, run, remoteRef, serial, git, ensureClone, fetch, syncNow, resolveCommit, isAncestor } = clone;
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
      const { stdout } = await run({ args: ['ls-tree', '-r', '-z', '-l', '--full-tree', commitSha], cwd: dir });
      const wanted: Array<{ path: string; oid: string }> = [];
      let bytes = 0;
      for (const entry of stdout.toString('utf8').split('\0')) {
        const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(entry);
        if (match?.[2] !== 'blob' || match[1] === '120000') continue;
        const size = Number(match[4]);
        if (size > MAX_TEXT_FILE_BYTES) continue;
        wanted.push({ path: match[5] ?? '', oid: match[3] ?? '' });
        bytes += size;
      }
      const oids = [...new Set(wanted.map(({ oid }) => oid))];
      const blobs = await readBlobs(run, dir, oids, bytes);
      const texts = new Map(oids.map((oid, i) => [oid, blobs[i] && decodeText(blobs[i])]));
      const files = new Map<string, string>();
      for (const { path, oid } of wanted) {
        const text = texts.get(oid);
        if (text !== undefined) files.set(path, text);
      }
      return files;
    },

    async skippedFiles(sha) {
      const commitSha = await resolveCommit(sha, () => serial(fetch));
      return readSpecialEntries(run, dir, commitSha);
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
