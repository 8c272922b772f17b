import { byKey } from '../order';
import type { ReportInput } from '../report-input';
import { shortenDiff } from '../shorten-diff';
import { finalProposal } from '../task-records';

/** Diff lines shown per task before the rest is counted instead. */
export const DIFF_LINES_SHOWN = 40;

export interface TechnicalDetail {
  taskId: string;
  title: string;
  /** Full sha of the commit that applied it, when recorded. */
  commit?: string;
  /** Revision of the proposal the diff comes from (the task's final one). */
  revision: number;
  /** First line of the proposal's commit message. */
  commitSubject: string;
  /** Files the change touched, sorted. */
  files: string[];
  /** The first lines of the proposal's unified diff. */
  diff: string;
  /** Lines of the whole diff. */
  diffLines: number;
  /** Lines left out of `diff`. */
  omittedLines: number;
  /** How the commit differs from the approved proposal (an ADR renumbered or left out), when it does. */
  notAsApproved?: string[];
}

/**
 * The diffs of tasks that landed (`verified`, `applied`): what the commit holds, which is the proposal of the task's
 * final revision unless it landed otherwise (then the committed diff, and why it differs).
 */
export function buildTechnicalDetails(input: ReportInput): TechnicalDetail[] {
  const details: TechnicalDetail[] = [];
  const landed = input.tasks.filter((task) => task.state === 'verified' || task.state === 'applied');
  for (const task of landed.sort(byKey((t) => t.id))) {
    const proposal = finalProposal(task, input.proposals);
    if (!proposal) continue;
    const committed = task.committedChange;
    const diff = committed?.diff ?? proposal.diff;
    const short = shortenDiff(diff, DIFF_LINES_SHOWN);
    const files = committed
      ? [...committed.diff.matchAll(/^diff --git a\/(\S+)/gm)].map((match) => match[1] ?? '')
      : proposal.edits.map((edit) => edit.path);
    details.push({
      taskId: task.id,
      title: task.title,
      ...(task.commit ? { commit: task.commit } : {}),
      revision: proposal.revision,
      commitSubject: proposal.commitMessage.split('\n')[0] ?? '',
      files: files.sort(),
      diff: short.text,
      diffLines: short.totalLines,
      omittedLines: short.omittedLines,
      ...(committed ? { notAsApproved: committed.changes } : {}),
    });
  }
  return details;
}
