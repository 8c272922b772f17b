import type { ReviewVerdict, RiskAssessment, RiskLevel, TaskCategory } from '@triad/core';
import { renumberAdrEdit } from '../adr/renumber-adr';
import { byKey } from '../order';
import type { ReportInput } from '../report-input';
import { finalAssessment, finalProposal, finalReview } from '../task-records';

/** A change a dry run proposed and did not push: everything a person needs to judge it and `git apply` it. */
export interface ProposalEntry {
  taskId: string;
  title: string;
  category: TaskCategory;
  /** Revision of the proposal (the task's final one). */
  revision: number;
  /** Sha of the branch the diff was drafted against: `git apply` it on a checkout of that revision or a close one. */
  baseRevision: string;
  /** The whole commit message the change would have landed with (trailers excepted). */
  commitMessage: string;
  /** Files the change touches, sorted. */
  files: string[];
  /** Finding ids the proposal says it fixes. */
  findings: string[];
  /** The whole unified diff, never shortened, so it applies with `git apply`. */
  diff: string;
  /**
   * False when the diff shows a value masked: a secret it moves (the literal it removes and the ciphertext it adds, as
   * `REDACTED-n` and `ENC[…]`), or a credential on a line beside its change that the report's redaction hides; `git
   * apply` cannot take it, and `triad fix` makes the same change.
   */
  applies: boolean;
  /** The checks of the findings it fixes, for `triad fix --check`. */
  checks: string[];
  /** The Co-Lead's verdict on this revision, and what it wrote. */
  review?: { verdict: ReviewVerdict; comments: string[]; reviewer: string };
  /** The CIO's assessment of this revision. */
  risk?: { level: RiskLevel; blastRadius: string; reversibility: RiskAssessment['reversibility'] };
  /**
   * The ADR the proposal carries, when an earlier proposal of the report already adds it (the built-in Lead records
   * one decision once): left out of `diff` and `files`, so the diffs apply one after another.
   */
  adrWith?: { path: string; taskId: string };
  /** The ADR this proposal adds (the first of the report to carry it). */
  adr?: { title: string; path: string };
}

/** What `maskedDiff` leaves where a value was. */
const MASKED = /REDACTED-\d+|ENC\[[A-Z0-9_]+,…/;

/** Every task that ended `proposed`, by task id, with its final proposal, review and risk. */
export function buildProposals(input: ReportInput): ProposalEntry[] {
  const entries: ProposalEntry[] = [];
  /** ADRs by title: the first proposal that adds each, and the file it adds it as. */
  const adrs = new Map<string, { path: string; taskId: string }>();
  const proposed = input.tasks.filter((task) => task.state === 'proposed').sort(byKey((task) => task.id));
  for (const task of proposed) {
    const proposal = finalProposal(task, input.proposals);
    if (!proposal) continue;
    const adrEdit = proposal.adr
      ? proposal.edits.find((edit) => edit.before === null && ADR_FILE.test(edit.path))
      : undefined;
    const earlier = proposal.adr ? adrs.get(proposal.adr.title) : undefined;
    const adrWith = earlier && adrEdit ? earlier : undefined;
    // Another decision of an earlier proposal took its number (each drafted against the same base): the next free one.
    const numbered =
      adrEdit && !adrWith
        ? renumberAdrEdit(
            adrEdit,
            [...adrs.values()].map((a) => a.path),
          )
        : adrEdit;
    const adrPath = numbered?.path;
    if (proposal.adr && adrPath && !earlier) adrs.set(proposal.adr.title, { path: adrPath, taskId: task.id });
    const diff =
      adrWith && adrEdit
        ? withoutFile(proposal.diff, adrEdit.path)
        : adrEdit && numbered && numbered.path !== adrEdit.path
          ? renamedFile(proposal.diff, adrEdit.path, numbered)
          : proposal.diff;
    const review = finalReview(task, input.reviews);
    const assessment = finalAssessment(task, input.assessments);
    entries.push({
      taskId: task.id,
      title: task.title,
      category: task.category,
      revision: proposal.revision,
      baseRevision: proposal.baseRevision,
      commitMessage: proposal.commitMessage,
      files: proposal.edits
        .filter((edit) => !(adrWith && edit === adrEdit))
        .map((edit) => (edit === adrEdit && numbered ? numbered.path : edit.path))
        .sort(),
      findings: [...(proposal.addresses.length > 0 ? proposal.addresses : task.findingIds)].sort(),
      diff,
      ...(adrWith ? { adrWith } : {}),
      ...(proposal.adr && adrPath && !adrWith ? { adr: { title: proposal.adr.title, path: adrPath } } : {}),
      applies:
        !MASKED.test(proposal.diff) && (input.redact === undefined || input.redact(proposal.diff) === proposal.diff),
      checks: [...new Set(task.findingIds.map((id) => id.split('/')[0] ?? id))].sort(),
      ...(review ? { review: { verdict: review.verdict, comments: review.comments, reviewer: review.reviewer } } : {}),
      ...(assessment
        ? {
            risk: {
              level: assessment.level,
              blastRadius: assessment.blastRadius,
              reversibility: assessment.reversibility,
            },
          }
        : {}),
    });
  }
  return entries;
}

/** An ADR file a Lead adds: `NNNN-title.md` in any folder. */
const ADR_FILE = /(^|\/)\d{4}-[^/]+\.md$/;

/** A unified git diff whose new file `path` is created as `as` instead: its section's paths and its `# NNNN.` title. */
function renamedFile(diff: string, path: string, as: { path: string; after: string | null }): string {
  const title = /^# \d+\./m.exec(as.after ?? '')?.[0];
  return diff
    .split(/(?=^diff --git )/m)
    .map((part) =>
      part.startsWith(`diff --git a/${path} b/${path}\n`)
        ? part
            .replaceAll(`a/${path}`, `a/${as.path}`)
            .replaceAll(`b/${path}`, `b/${as.path}`)
            .replace(/^\+# \d+\./m, `+${title ?? '$&'}`)
        : part,
    )
    .join('');
}

/** A unified git diff without the section of `path` (each section starts with its `diff --git a/… b/…` line). */
function withoutFile(diff: string, path: string): string {
  const sections = diff.split(/(?=^diff --git )/m);
  return sections.filter((part) => !part.startsWith(`diff --git a/${path} b/${path}\n`)).join('');
}
