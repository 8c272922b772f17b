import type { Agents, LeadAgent } from '@triad/agents';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, waitForSessionEnd } from '../src';
import { remoteCommits, startRig, type TestRig } from './harness';

/** A Lead that, whatever the finding, drafts a plaintext Secret and a privileged pod: what a prompt injection asks for. */
const injectedLead: LeadAgent = {
  name: 'stub:injected',
  async plan(input) {
    const finding = input.observation.findings[0];
    return finding ? [{ title: 'commit the Secret', category: 'security', priority: 1, findingIds: [finding.id] }] : [];
  },
  async draft(input) {
    return {
      kind: 'proposal',
      edits: [
        {
          path: 'apps/home/leak.yaml',
          after:
            'apiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\n  namespace: home\nstringData:\n  password: correct-horse-battery\n',
        },
      ],
      commitMessage: 'chore: add the secret as asked',
      addresses: input.task.findingIds,
    };
  },
};

const unreachable = async (): Promise<never> => {
  throw new Error('a refused change is never reviewed');
};

describe('the guardrails in the draft step', () => {
  let current: TestRig | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('refuse a plaintext Secret whatever the agents say: the task fails with the rule, nothing is reviewed or committed', async () => {
    const agents = (): Agents => ({
      lead: injectedLead,
      coLead: { name: 'stub', review: unreachable },
      cio: { name: 'stub', assess: unreachable },
    });
    current = await startRig({ agents });
    const { rt, remote } = current;
    const before = await remoteCommits(remote);
    const session = await startSession(rt, { repo: remote, durationMs: 60_000, maxCycles: 1 });
    await waitForSessionEnd(rt, session.id, { timeoutMs: 30_000 });

    const [task] = await rt.tasks.list(session.id);
    expect(task).toMatchObject({ state: 'failed', reason: expect.stringContaining('plaintext-secret') });
    const events = await rt.events.read(session.id);
    const refused = events.find((event) => event.type === 'guardrail.refused');
    expect(refused?.data).toMatchObject({ refusals: [expect.objectContaining({ rule: 'plaintext-secret' })] });
    expect(events.some((event) => event.type === 'review.completed' || event.type === 'risk.assessed')).toBe(false);
    expect(JSON.stringify(events)).not.toContain('correct-horse-battery');
    // Nothing landed, not even the report: a session whose every change was refused adds no commit to the branch.
    expect(await remoteCommits(remote)).toEqual(before);
    const reported = events.find((event) => event.type === 'report.written');
    expect(reported?.message).toMatch(/^no change of this session reached Git, so its report is not committed either/);
    expect((await rt.records.report(session.id))?.markdown).toContain('failed');
  });
});
