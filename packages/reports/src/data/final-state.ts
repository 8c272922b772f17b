import { type Finding, SEVERITIES, type Severity, type TaskState } from '@triad/core';
import { byKey } from '../order';
import type { ReportInput } from '../report-input';

export interface SeverityCount {
  severity: Severity;
  /** Findings of this severity at the session's first observation. */
  before: number;
  /** Findings of this severity at the end. */
  after: number;
}

export interface FindingLine {
  id: string;
  check: string;
  severity: Severity;
  message: string;
  /** Repo-relative file of the resource, when known. */
  file?: string;
  /** Tasks that were planned for it or whose proposal said it addresses it, with the state each ended in. */
  tasks: Array<{ taskId: string; state?: TaskState }>;
}

export interface FinalState {
  /** Counts per severity, most severe first. */
  bySeverity: SeverityCount[];
  totalBefore: number;
  totalAfter: number;
  /** Findings present before and gone after. */
  fixed: FindingLine[];
  /** Findings present after that were not there before. */
  new: FindingLine[];
  /** Findings present before and still present after. */
  remaining: FindingLine[];
}

/** Most severe first, then by id. */
export function compareFindings(a: { severity: Severity; id: string }, b: { severity: Severity; id: string }): number {
  return SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || byKey<{ id: string }>((f) => f.id)(a, b);
}

/** Task ids per finding id: tasks planned for it, and tasks whose proposals say they address it. */
export function tasksByFinding(input: ReportInput): Map<string, string[]> {
  const links = new Map<string, Set<string>>();
  const link = (findingId: string, taskId: string) =>
    links.set(findingId, (links.get(findingId) ?? new Set()).add(taskId));
  for (const task of input.tasks) for (const id of task.findingIds) link(id, task.id);
  for (const proposal of input.proposals) for (const id of proposal.addresses) link(id, proposal.taskId);
  return new Map([...links].map(([id, tasks]) => [id, [...tasks].sort(byKey((t) => t))]));
}

export function buildFinalState(input: ReportInput): FinalState {
  const beforeIds = new Set(input.findingsBefore.map((finding) => finding.id));
  const afterIds = new Set(input.findingsAfter.map((finding) => finding.id));
  const links = tasksByFinding(input);
  const states = new Map(input.tasks.map((task) => [task.id, task.state]));
  const line = (finding: Finding): FindingLine => ({
    id: finding.id,
    check: finding.check,
    severity: finding.severity,
    message: finding.message,
    ...(finding.file ? { file: finding.file } : {}),
    tasks: (links.get(finding.id) ?? []).map((taskId) => {
      const state = states.get(taskId);
      return state ? { taskId, state } : { taskId };
    }),
  });
  const lines = (findings: Finding[]) => findings.map(line).sort(compareFindings);
  const count = (findings: Finding[], severity: Severity) => findings.filter((f) => f.severity === severity).length;
  return {
    bySeverity: [...SEVERITIES].reverse().map((severity) => ({
      severity,
      before: count(input.findingsBefore, severity),
      after: count(input.findingsAfter, severity),
    })),
    totalBefore: input.findingsBefore.length,
    totalAfter: input.findingsAfter.length,
    fixed: lines(input.findingsBefore.filter((finding) => !afterIds.has(finding.id))),
    new: lines(input.findingsAfter.filter((finding) => !beforeIds.has(finding.id))),
    remaining: lines(input.findingsAfter.filter((finding) => beforeIds.has(finding.id))),
  };
}
