import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { catFiles, createGitReader, type GitReader } from './git-reader';
import { createBareRemote } from './homelab-remote';
import { ObjectStore } from './object-store';
import { Reconciler } from './reconciler';

describe('the simulator reading its Git remote', () => {
  it('reads the head and every text file, and says so in a rejection when the repository has gone', async () => {
    const { dir, remote } = await createBareRemote();
    const reader = createGitReader(remote, 'main');
    const head = await reader.head();
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    const files = await reader.files(head ?? '');
    expect(files.get('README.md')).toContain('homelab');
    expect(files.size).toBeGreaterThan(10);

    await rm(dir, { recursive: true, force: true });
    await expect(reader.files(head ?? '')).rejects.toThrow(/exited with|ENOENT|not a git repository/i);
    expect(await reader.head()).toBeUndefined();
    // The batch reader itself: git exits at once, and the rejection (not an EPIPE on its stdin) says why.
    const oids = Array.from({ length: 20_000 }, (_, i) => i.toString(16).padStart(40, '0'));
    await expect(catFiles(remote, oids)).rejects.toThrow(/is the repository still there/);
  });

  it('stop() waits for the running pass, so no Git read outlives it', async () => {
    const { dir, remote } = await createBareRemote();
    const real = createGitReader(remote, 'main');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reads: string[] = [];
    let started!: () => void;
    const passStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const gated: GitReader = {
      head: () => real.head(),
      async files(sha) {
        reads.push('started');
        started();
        await gate;
        const files = await real.files(sha);
        reads.push('finished');
        return files;
      },
    };
    const reconciler = new Reconciler({ store: new ObjectStore(), git: gated, branch: 'main', systemWorkloads: [] });
    reconciler.trigger();
    await passStarted;
    let stopped = false;
    const stopping = reconciler.stop().then(() => {
      stopped = true;
    });
    reconciler.trigger(); // ignored once stopping
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(reads).toEqual(['started', 'finished']);
    expect(reconciler.lastError).toBeUndefined();
    await rm(dir, { recursive: true, force: true });
  });
});
