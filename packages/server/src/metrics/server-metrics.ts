import { type Runtime, STAGES, type Triad } from '@triad/orchestrator';
import { Gauge, Registry } from 'prom-client';
import { RoleUsageTally } from './role-usage';

/** Sessions looked at per scrape: the most recent ones. */
const SESSIONS_SCANNED = 500;
const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

export interface ServerMetrics {
  registry: Registry;
  /** Reads the stores and queues into the gauges; call before each scrape. */
  refresh(): Promise<void>;
}

/**
 * Prometheus gauges of what Triad holds: sessions and tasks by state, approvals waiting, usage by role (all through the
 * facade), and queue depths (from the stage queues themselves).
 */
export function createServerMetrics(triad: Triad, rt: Pick<Runtime, 'queues'>): ServerMetrics {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const sessions = gauge('triad_sessions', 'Sessions by state (most recent 500).', ['state']);
  const tasks = gauge('triad_tasks', 'Tasks by state, over the most recent 500 sessions.', ['state']);
  const approvals = gauge('triad_approvals_waiting', 'Changes waiting for a person to approve them.');
  const tokens = gauge('triad_model_tokens', 'Model tokens used, by role and kind.', ['role', 'kind']);
  const cost = gauge('triad_model_cost_usd', 'Model cost in USD, by role.', ['role']);
  const calls = gauge('triad_model_calls', 'Model calls, by role.', ['role']);
  const queue = gauge('triad_queue_jobs', 'Jobs per stage queue and job state.', ['queue', 'state']);
  const tally = new RoleUsageTally((sessionId, after) => triad.events.read(sessionId, after));

  return {
    registry,
    async refresh() {
      const recent = await triad.sessions.list(SESSIONS_SCANNED);
      sessions.reset();
      for (const state of ['running', 'stopping', 'ended']) sessions.set({ state }, 0);
      for (const session of recent) sessions.inc({ state: session.state });
      tasks.reset();
      for (const session of recent) {
        for (const task of await triad.tasks.list(session.id)) tasks.inc({ state: task.state });
      }
      approvals.set((await triad.approvals.pending()).length);
      for (const [role, usage] of await tally.update(recent.map((session) => session.id))) {
        tokens.set({ role, kind: 'input' }, usage.inputTokens);
        tokens.set({ role, kind: 'output' }, usage.outputTokens);
        tokens.set({ role, kind: 'cached' }, usage.cachedTokens);
        cost.set({ role }, usage.usd);
        calls.set({ role }, usage.calls);
      }
      for (const stage of STAGES) {
        const counts = await rt.queues.get(stage).getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) queue.set({ queue: stage, state }, counts[state] ?? 0);
      }
    },
  };
}
