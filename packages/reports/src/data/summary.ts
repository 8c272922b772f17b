import { type EndReason, placedWithoutFlux, TASK_STATES, type TaskState } from '@triad/core';
import { elapsedMs, percentOf } from '../format';
import type { ReportInput } from '../report-input';

export interface TimeBoxUse {
  /** `session.createdAt`. */
  startedAt: string;
  /** `session.endedAt`, or the report's `generatedAt` when the session has no end recorded. */
  endedAt: string;
  /** `session.startedBy`: who started it, when recorded. */
  startedBy?: string;
  /** True when the session had not ended when the report was generated. */
  stillRunning: boolean;
  /** Time from start to end, in ms. */
  usedMs: number;
  /** The time box the session was given, in ms. */
  durationMs: number;
  /** `usedMs` as a percentage of `durationMs`, one decimal. */
  usedPercent: number;
}

export interface BudgetUse {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** Input plus output tokens: what `budget.maxTokens` is compared with. */
  totalTokens: number;
  usd: number;
  /** Model calls the session counted. */
  calls: number;
  /** `budget.maxTokens`, when the session had one. */
  maxTokens?: number;
  /** `budget.maxUsd`, when the session had one. */
  maxUsd?: number;
  /** `totalTokens` as a percentage of `maxTokens`. */
  tokensPercent?: number;
  /** `usd` as a percentage of `maxUsd`. */
  usdPercent?: number;
}

export interface SummaryData {
  timeBox: TimeBoxUse;
  /** Why the session ended; absent while it runs. */
  endReason?: EndReason;
  /** One line on why it ended, when the session recorded one. */
  endMessage?: string;
  /** Observe → plan cycles run. */
  cycles: number;
  /** False when no cluster was configured, so no change could be verified. */
  clusterConfigured: boolean;
  usage: BudgetUse;
  /** Every task state, with how many tasks are in it (zero included). */
  tasksByState: Record<TaskState, number>;
  /** All tasks of the session. */
  taskCount: number;
  /** Fixable findings of the first observation on objects nothing deploys: no task is planned for them. */
  undeployedFixable: number;
  /**
   * True when no finding of the first observation was placed by Flux (none deployed by a Kustomization, none left out
   * by one): the repository holds no Flux Kustomization, and every object counted as deployed.
   */
  withoutFlux: boolean;
}

export function buildSummary(input: ReportInput): SummaryData {
  const { session, tasks } = input;
  const endedAt = session.endedAt ?? input.generatedAt;
  const usedMs = elapsedMs(session.createdAt, endedAt);
  const { usage, budget } = session;
  const totalTokens = usage.inputTokens + usage.outputTokens;
  const tasksByState = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as Record<TaskState, number>;
  for (const task of tasks) tasksByState[task.state] += 1;
  const undeployedFixable = input.findingsBefore.filter((f) => f.fixable && f.notDeployed !== undefined).length;
  return {
    undeployedFixable,
    withoutFlux: placedWithoutFlux(input.findingsBefore),
    timeBox: {
      startedAt: session.createdAt,
      ...(session.startedBy ? { startedBy: session.startedBy } : {}),
      endedAt,
      stillRunning: session.endedAt === undefined,
      usedMs,
      durationMs: session.durationMs,
      usedPercent: percentOf(usedMs, session.durationMs) ?? 0,
    },
    ...(session.endReason ? { endReason: session.endReason } : {}),
    ...(session.endMessage ? { endMessage: session.endMessage } : {}),
    cycles: session.cycle,
    clusterConfigured: session.cluster !== undefined,
    usage: {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cachedTokens: usage.cachedTokens,
      totalTokens,
      usd: usage.usd,
      calls: usage.calls,
      ...(budget.maxTokens
        ? { maxTokens: budget.maxTokens, tokensPercent: percentOf(totalTokens, budget.maxTokens) }
        : {}),
      ...(budget.maxUsd ? { maxUsd: budget.maxUsd, usdPercent: percentOf(usage.usd, budget.maxUsd) } : {}),
    },
    tasksByState,
    taskCount: tasks.length,
  };
}
