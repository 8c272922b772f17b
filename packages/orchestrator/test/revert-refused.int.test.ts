import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, Task } from '@triad/core';
import { afterEach, describe, expect, it } from 'vitest';
import { revertChange } from '../src/handlers/revert-change';
import { run, startRig, type TestRig } from './harness';

const PLAINTEXT = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: home
stringData:
  password: hunter2-but-longer
`;

describe('reverting a change', () => {
  let current: TestRig | undefined;
  let clone: string | undefined;
  afterEach(async () => {
    await current?.close();
    if (clone) await rm(clone, { recursive: true, force: true });
    current = undefined;
  });

  it('is refused when undoing it would bring back what the guardrails refuse, and nothing is pushed', async () => {
    current = await startRig({ workers: false });
    const { rt, remote } = current;
    // Someone committed a plaintext Secret before Triad came; a later commit removed it.
    clone = await mkdtemp(join(tmpdir(), 'triad-revert-'));
    const who = ['-c', 'user.name=Owner', '-c', 'user.email=o@example.org'];
    await run('git', ['clone', '-q', remote, clone]);
    await writeFile(join(clone, 'apps/home/db-secret.yaml'), PLAINTEXT);
    await run('git', ['-C', clone, 'add', '-A']);
    await run('git', ['-C', clone, ...who, 'commit', '-q', '-m', 'add db secret']);
    await run('git', ['-C', clone, 'rm', '-q', 'apps/home/db-secret.yaml']);
    await run('git', ['-C', clone, ...who, 'commit', '-q', '-m', 'remove plaintext secret']);
    await run('git', ['-C', clone, 'push', '-q', 'origin', 'main']);
    const removal = (await run('git', ['-C', remote, 'rev-parse', 'main'])).stdout.trim();

    const now = new Date().toISOString();
    const session = Session.parse({
      id: 'srevert',
      repo: { url: remote },
      state: 'running',
      createdAt: now,
      deadline: now,
      durationMs: 1000,
    });
    const task = Task.parse({
      id: 'srevert-c1t1',
      sessionId: session.id,
      cycle: 1,
      title: 'remove the plaintext Secret',
      category: 'security',
      priority: 1,
      findingIds: [],
      state: 'verifying',
      revision: 1,
      commit: removal,
      createdAt: now,
      updatedAt: now,
    });
    await expect(revertChange(rt, session, task, removal, 'Flux failed it')).rejects.toMatchObject({
      code: 'revert_refused',
      message: expect.stringMatching(/plaintext-secret.*revert it by hand/),
    });
    expect((await run('git', ['-C', remote, 'rev-parse', 'main'])).stdout.trim()).toBe(removal);
  });
});
