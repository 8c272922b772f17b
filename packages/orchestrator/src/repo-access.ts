import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type RepoFiles, type RepoRef, sealRepoFiles } from '@triad/core';
import { createGitWorkspace, type GitWorkspace, type RunGit, type SpecialEntry } from '@triad/tools';

export interface GitAuthor {
  name: string;
  email: string;
}

/**
 * This process's working clones, one per repository under `workdir`; file trees read at a revision are cached, since a
 * revision never changes.
 *
 * Git work on one clone is serialised once in this process, by the workspace's own queue (`@triad/tools`,
 * `git/serial-queue.ts`): it sits next to the clone, every user of a workspace goes through it (this class, `triad
 * fix`, the simulator, tests), and it knows which verbs touch the clone's refs and working copy and which only read
 * objects by sha and may run beside them. This class adds no queue of its own on top. A sequence of verbs that must not
 * interleave with another process's writes (apply, revert, report) holds the cross-process `RepoLock` in Redis, which
 * also keeps two jobs of this process apart.
 */
export class RepoAccess {
  private readonly clones = new Map<string, GitWorkspace>();
  private readonly trees = new Map<string, RepoFiles>();
  /** Per clone, a sync queued behind other git work and not started yet: later callers share it. */
  private readonly queuedSyncs = new Map<string, Promise<string>>();
  /** Per clone, the last fetch's revision and when it started, until other git work on the clone may move the branch. */
  private readonly lastFetch = new Map<string, { revision: string; startedAt: number }>();

  constructor(
    private readonly workdir: string,
    private readonly author: GitAuthor,
    private readonly maxCachedTrees = 8,
    /** Runs git; the real CLI unless a test interleaves its own work. */
    private readonly runGit?: RunGit,
  ) {}

  /**
   * Runs `work` with the repository's clone; each verb it calls waits its turn in the clone's queue. Work that may move
   * the branch (a commit, a push, a reset) ends what the last fetch is known to have seen, when it starts and ends.
   */
  run<T>(repo: RepoRef, work: (workspace: GitWorkspace) => Promise<T>): Promise<T> {
    return this.use(repo, work, { moves: true });
  }

  /** `run` for work that only reads (and fetches): the branch stays what the last fetch saw. */
  private read<T>(repo: RepoRef, work: (workspace: GitWorkspace) => Promise<T>): Promise<T> {
    return this.use(repo, work, { moves: false });
  }

  private async use<T>(
    repo: RepoRef,
    work: (workspace: GitWorkspace) => Promise<T>,
    { moves }: { moves: boolean },
  ): Promise<T> {
    const key = `${repo.url}#${repo.branch}`;
    let workspace = this.clones.get(key);
    if (!workspace) {
      workspace = createGitWorkspace({
        url: repo.url,
        branch: repo.branch,
        dir: this.cloneDir(repo),
        author: this.author,
        ...(this.runGit ? { runGit: this.runGit } : {}),
      });
      this.clones.set(key, workspace);
    }
    if (!moves) return work(workspace);
    this.lastFetch.delete(key);
    try {
      return await work(workspace);
    } finally {
      this.lastFetch.delete(key);
    }
  }

  /**
   * Writes `content` at repo-relative `path` in the working clone, uncommitted and never pushed (a dry run's report);
   * the next sync of the clone cleans it away. Returns the file's absolute path. The sync and the write are two steps,
   * so a sync that another job starts on the clone in between cleans the file away too (or fails the write): what the
   * next sync would do anyway, and the caller keeps the text elsewhere (a report stays in Redis).
   */
  async writeLocal(repo: RepoRef, path: string, content: string): Promise<string> {
    const file = join(this.cloneDir(repo), path);
    await this.run(repo, async (workspace) => {
      await workspace.sync();
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    });
    return file;
  }

  private cloneDir(repo: RepoRef): string {
    const key = `${repo.url}#${repo.branch}`;
    return join(this.workdir, createHash('sha1').update(key).digest('hex').slice(0, 12));
  }

  /**
   * Fetches the branch and returns its newest revision with its files. Callers that arrive while a fetch waits its turn
   * on the clone share that fetch: it starts after all of them asked, so it is as new for each as its own would be, and
   * N drafts of a burst cost one fetch instead of N in a row.
   *
   * `maxAgeMs` lets a caller take the revision of a fetch that started at most that long ago (and no git work on the
   * clone since) without fetching again: a first draft, whose apply lands it on whatever the branch is then and sends it
   * back for a redraft if a file it edits moved. One git process costs a burst of drafts ~10 ms of event loop each.
   * `staleMs` lets it take an older one (up to that age) at once while a fetch starts behind it for the next caller: a
   * fetch takes tens of milliseconds, and a draft that waited for it waited on the session's critical path.
   */
  async latest(
    repo: RepoRef,
    options: { maxAgeMs?: number; staleMs?: number } = {},
  ): Promise<{ revision: string; files: RepoFiles }> {
    const key = `${repo.url}#${repo.branch}`;
    const known = this.lastFetch.get(key);
    const age = known ? Date.now() - known.startedAt : Number.POSITIVE_INFINITY;
    if (known && options.maxAgeMs !== undefined && age <= options.maxAgeMs) {
      return { revision: known.revision, files: await this.filesAt(repo, known.revision) };
    }
    if (known && options.staleMs !== undefined && age <= options.staleMs) {
      // Fetched behind this caller; a failure here is the next caller's to meet (it fetches, and is told).
      this.fetchShared(repo, key).catch(() => undefined);
      return { revision: known.revision, files: await this.filesAt(repo, known.revision) };
    }
    const revision = await this.fetchShared(repo, key);
    return { revision, files: await this.filesAt(repo, revision) };
  }

  /** A fetch of the branch that callers arriving before it starts share (see `latest`); its revision. */
  private fetchShared(repo: RepoRef, key: string): Promise<string> {
    let sync = this.queuedSyncs.get(key);
    if (!sync) {
      sync = this.read(repo, async (workspace) => {
        let startedAt = Date.now();
        const revision = await workspace.fetchHead(() => {
          this.queuedSyncs.delete(key);
          startedAt = Date.now();
        });
        this.lastFetch.set(key, { revision, startedAt });
        return revision;
      });
      this.queuedSyncs.set(key, sync);
    }
    return sync;
  }

  /** Whether `revision` still holds commit `sha`: descends from it and does not revert it (fetching when needed). */
  holds(repo: RepoRef, revision: string, sha: string): Promise<boolean> {
    return this.read(repo, (workspace) => workspace.holds(revision, sha));
  }

  /**
   * The files at `revision` the analyzers cannot read (symbolic links, binaries, …): read with its files (the
   * workspace keeps what the trees it read left out), and only read, so the last fetch still stands.
   */
  skippedAt(repo: RepoRef, revision: string): Promise<SpecialEntry[]> {
    return this.read(repo, (workspace) => workspace.skippedFiles(revision));
  }

  async filesAt(repo: RepoRef, revision: string): Promise<RepoFiles> {
    const cached = this.trees.get(revision);
    if (cached) return cached;
    const read = await this.read(repo, async (workspace) => {
      try {
        return await workspace.readFiles(revision);
      } catch {
        await workspace.fetchHead();
        return workspace.readFiles(revision);
      }
    });
    // Sealed: every step of the revision shares this tree, and what is computed from it (its analysis) is kept with it.
    const files = sealRepoFiles(new Map(read));
    this.trees.set(revision, files);
    if (this.trees.size > this.maxCachedTrees) {
      const oldest = this.trees.keys().next().value;
      if (oldest !== undefined) this.trees.delete(oldest);
    }
    return files;
  }
}
