import { RISK_LEVELS, SEVERITIES } from '@triad/core';
import { compareNatural } from '../order';
import type { ReportInput } from '../report-input';
import { findingPriorities } from './finding-priorities';
import { PRIORITY_KINDS, type Priority } from './priority';
import { taskPriority } from './task-priorities';

/** Higher for what weighs more: a task's risk, or a finding's severity. */
function weight(priority: Priority): number {
  if (priority.risk) return RISK_LEVELS.indexOf(priority.risk);
  return priority.severity ? SEVERITIES.indexOf(priority.severity) : -1;
}

function comparePriorities(a: Priority, b: Priority): number {
  return (
    PRIORITY_KINDS.indexOf(a.kind) - PRIORITY_KINDS.indexOf(b.kind) ||
    weight(b) - weight(a) ||
    compareNatural(a.taskId ?? a.findingId ?? '', b.taskId ?? b.findingId ?? '')
  );
}

/**
 * What the next human session must do: every task deferred, rejected, expired, still awaiting approval or assessed
 * critical, then unfixed high/critical findings no listed task covers; by kind, then weight, then id.
 */
export function buildNextSession(input: ReportInput): Priority[] {
  const tasks = input.tasks.flatMap((task) => taskPriority(task, input) ?? []);
  const listed = new Set(tasks.map((priority) => priority.taskId ?? ''));
  return [...tasks, ...findingPriorities(input, listed)].sort(comparePriorities);
}
