import { worthATask } from '@triad/analyzers';
import { type Finding, GuardrailConfig } from '@triad/core';
import { checkProposal, isYamlPath, parseYaml } from '@triad/policy';
import type { CoLeadAgent, ReviewInput, ReviewOutcome } from '../../types';
import { adrReason } from './co-lead-decision';
import { applyEdits, filesInScope, isEncryptionWiring, isNewDoc } from './co-lead-scope';

/** Options of the rule-based Co-Lead. */
export interface BuiltinCoLeadOptions {
  /** Findings of a repo at one revision (normally `analyzeRepo`); run before and after the edits. */
  analyze: (files: ReviewInput['files']) => Finding[];
}

/** Refusals a redraft of the same fix cannot avoid: the fix itself writes a secret. */
const REJECTING_RULES = new Set(['plaintext-secret', 'credential-literal']);

function where(finding: Finding): string {
  return finding.file ? ` in ${finding.file}` : '';
}

/**
 * The rule-based Co-Lead: approves a proposal whose edits parse, resolve the task's findings without adding new
 * ones, stay within the task's files (plus new docs) and pass the guardrails; asks for changes otherwise, and rejects
 * a fix that writes a secret.
 */
export function createBuiltinCoLead({ analyze }: BuiltinCoLeadOptions): CoLeadAgent {
  return {
    name: 'builtin',
    async review(input, context): Promise<ReviewOutcome> {
      context.signal.throwIfAborted();
      const { proposal, task, files } = input;
      const comments: string[] = [];
      const rejections: string[] = [];

      for (const edit of proposal.edits) {
        if ((files.get(edit.path) ?? null) !== edit.before) {
          comments.push(
            `${edit.path} was drafted against content that differs from the base revision: redraft it from the current file.`,
          );
        }
        if (edit.after !== null && isYamlPath(edit.path)) {
          const parsed = parseYaml(edit.after);
          if (!parsed.ok) comments.push(`${edit.path} does not parse as YAML (${parsed.error}): fix the syntax.`);
        }
      }

      for (const refusal of checkProposal(proposal.edits, GuardrailConfig.parse({})).refusals) {
        if (REJECTING_RULES.has(refusal.rule)) rejections.push(refusal.message);
        else if (refusal.rule !== 'yaml-invalid') comments.push(refusal.message);
      }

      const targets = new Set([...task.findingIds, ...proposal.addresses]);
      const before = analyze(files);
      const known = new Set([...before, ...input.findings].map((f) => f.id));
      const after = analyze(applyEdits(files, proposal.edits));
      for (const finding of after) {
        // An archived copy of the task's object has its id and is no task's (the Lead fixes deployed copies only).
        if (targets.has(finding.id) && worthATask(finding)) {
          comments.push(
            `Finding ${finding.id} is still reported after the edits${where(finding)}: ${finding.message} — change the edit so it resolves it.`,
          );
        } else if (!known.has(finding.id)) {
          comments.push(
            `The edits introduce finding ${finding.id}${where(finding)}: ${finding.message} — avoid it in the next draft.`,
          );
        }
      }

      const taskFindings = [...input.findings, ...before].filter((f) => targets.has(f.id) && worthATask(f));
      const scope = filesInScope(taskFindings, files);
      if (scope.size > 0) {
        for (const edit of proposal.edits) {
          if (scope.has(edit.path) || isNewDoc(edit) || isEncryptionWiring(edit, scope)) continue;
          comments.push(
            `${edit.path} is outside the task's scope (its findings are in ${[...scope].join(', ')}): drop this edit or leave it to a separate task.`,
          );
        }
      }

      const reason = adrReason(proposal);
      const adr = reason === undefined ? { adrRequired: false } : { adrRequired: true, adrReason: reason };
      if (rejections.length > 0) return { verdict: 'reject', comments: [...rejections, ...comments], ...adr };
      if (comments.length > 0) return { verdict: 'request_changes', comments, ...adr };
      const resolved = [...targets].join(', ') || 'the task';
      return {
        verdict: 'approve',
        comments: [`Resolves ${resolved} with no new findings, within ${[...scope].join(', ') || 'the edited files'}.`],
        ...adr,
      };
    },
  };
}
