import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeRepo } from '@triad/analyzers';
import type { DecodedRequest, StubAnswer, StubReply } from '@triad/llm/test-support';
import { startStubProvider } from '@triad/llm/test-support';
import { createRuntime, type Runtime, startSession, startWorkers, waitForSessionEnd } from '@triad/orchestrator';
import { deletePrefix, draftTaskId, fixFor, planAnswer, toolTurns } from '@triad/orchestrator/test-support';
import { createBareRemote } from '@triad/sim';

/** How a Lead played by a loopback Anthropic server misbehaves. */
export type ModelFault = 'rate-limit' | 'server-error' | 'malformed' | 'tool-loop' | 'never-ends';

export interface ModelFaultRun {
  fault: ModelFault;
  endReason: string;
  /** Task states at the end, counted. */
  states: Record<string, number>;
  /** Faulty answers the stub gave. */
  faults: number;
  requests: number;
  /** For 429s: the shortest wait before the same task's next request (the stub said `retry-after: 1`). */
  minWaitAfter429Ms?: number;
  /** Why the tasks that failed did, deduplicated. */
  reasons: string[];
  sessionMs: number;
}

const DRAFT_LIMIT_MS = 15_000;

/** One session, Lead on the stub (Co-Lead and CIO built in), the Lead misbehaving as `fault` says. */
export async function modelFaultRun(example: string, redisUrl: string, fault: ModelFault): Promise<ModelFaultRun> {
  const dir = await mkdtemp(join(tmpdir(), 'triad-fault-model-'));
  const { remote } = await createBareRemote(example, dir);
  const prefix = `triadfault-model-${Date.now().toString(36)}`;
  let rt: Runtime | undefined;
  let faults = 0;
  const faulted = new Map<string, number>();
  let minWait: number | undefined;
  let plannedOnce = false;

  /** The Lead of model-session.int.test.ts: read, write the fix and check, then submit. */
  const goodDraft = async (request: DecodedRequest): Promise<StubAnswer> => {
    const { files } = await rt!.repos.latest({ url: remote, branch: 'main' });
    const fix = fixFor(files, analyzeRepo(files), request);
    const turn = toolTurns(request);
    if (turn === 0) return { toolCalls: [{ name: 'repo_read', input: { path: [...fix.files.keys()][0]! } }] };
    if (turn === 1) {
      const writes = [...fix.files].map(([path, content]) => ({ name: 'repo_write', input: { path, content } }));
      return { toolCalls: [...writes, { name: 'repo_check', input: {} }] };
    }
    const adr = fix.adr
      ? {
          title: fix.adr.title,
          context: fix.adr.context,
          decision: fix.adr.decision,
          consequences: fix.adr.consequences,
        }
      : null;
    return {
      toolCalls: [{ name: 'submit_proposal', input: { commit_message: fix.commitMessage, addresses: fix.fixed, adr } }],
    };
  };

  const lead = await startStubProvider('anthropic', async (request): Promise<StubAnswer | StubReply> => {
    if (request.output?.name === 'plan') {
      if (fault === 'malformed' && !plannedOnce) {
        plannedOnce = true;
        faults += 1;
        return { output: '{"tasks": [{"title": "Fix flux-sops', stop: 'end' };
      }
      return planAnswer(request);
    }
    const task = draftTaskId(request);
    const first = toolTurns(request) === 0;
    if ((fault === 'rate-limit' || fault === 'server-error') && first) {
      const at = faulted.get(task);
      if (at === undefined) {
        faults += 1;
        faulted.set(task, Date.now());
        return fault === 'rate-limit'
          ? { status: 429, headers: { 'retry-after': '1' }, body: lead.wire.error(429, 'rate limited: slow down') }
          : { status: 503, body: lead.wire.error(503, 'overloaded') };
      }
      if (fault === 'rate-limit' && at > 0) {
        const waited = Date.now() - at;
        minWait = minWait === undefined ? waited : Math.min(minWait, waited);
        faulted.set(task, 0);
      }
    }
    if (fault === 'tool-loop') {
      // Reads a different file every turn and never submits.
      faults += 1;
      const { files } = await rt!.repos.latest({ url: remote, branch: 'main' });
      const paths = [...files.keys()];
      return { toolCalls: [{ name: 'repo_read', input: { path: paths[toolTurns(request) % paths.length]! } }] };
    }
    if (fault === 'never-ends') {
      faults += 1;
      return { hang: true };
    }
    return goodDraft(request);
  });

  rt = createRuntime({
    config: { redisUrl, prefix, workdir: join(dir, 'work') },
    models: { providers: { anthropic: { apiKey: 'sk-ant-stub', baseURL: lead.url } } },
  });
  const pool = await startWorkers(rt, { lockDurationMs: 5000, stageTimeoutsMs: { draft: DRAFT_LIMIT_MS } });
  try {
    const started = Date.now();
    const session = await startSession(rt, {
      repo: remote,
      durationMs: 300_000,
      approvalTimeoutMs: 1000,
      models: { lead: 'anthropic:claude-sonnet-4-6', coLead: 'builtin', cio: 'builtin' },
    });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 280_000 });
    const tasks = await rt.tasks.list(session.id);
    const states: Record<string, number> = {};
    for (const task of tasks) states[task.state] = (states[task.state] ?? 0) + 1;
    const reasons = [...new Set(tasks.filter((t) => t.state === 'failed').map((t) => t.reason ?? ''))];
    return {
      fault,
      endReason: ended.endReason ?? ended.state,
      states,
      faults,
      requests: lead.requests.length,
      ...(minWait !== undefined ? { minWaitAfter429Ms: minWait } : {}),
      reasons,
      sessionMs: Date.now() - started,
    };
  } finally {
    await pool.close();
    await rt.close();
    await lead.close();
    await deletePrefix(redisUrl, prefix);
    await rm(dir, { recursive: true, force: true });
  }
}
