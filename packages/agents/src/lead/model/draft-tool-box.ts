import type { GuardrailConfig, RepoFiles } from '@triad/core';
import type { ToolCall } from '@triad/llm';
import { MODEL_TOOLS } from '@triad/policy';
import {
  createModelToolExecutor,
  createRepoWorkspace,
  type ModelToolCallRecord,
  type ModelToolExecutor,
  type RepoWorkspace,
} from '@triad/tools';
import { type Redactor, untrusted } from '../../redaction';
import type { RecordedOutcome, ToolBox, ToolOutcome } from '../../shared/tool-box';
import type { DraftEdit } from '../../types';
import { readClusterObject } from './cluster-object-tool';
import type { ClusterReader } from './cluster-reader';
import { LEAD_TOOLS } from './lead-tool-definitions';
import { readSubmittedProposal } from './submitted-proposal';

export interface DraftToolBoxOptions {
  /** Text files at the draft's base revision. */
  files: RepoFiles;
  /** Redacts what the model reads and restores placeholders in what it writes; one per draft. */
  redactor: Redactor;
  /** Path policy and limits the working copy and the submitted proposal are checked against. */
  guardrails: GuardrailConfig;
  /** The session's cluster, read-only; absent when the session has none. */
  cluster?: ClusterReader;
  /** Told of every call, refused ones included, once it ran: the orchestrator appends it to the event log. */
  onCall?: (record: ModelToolCallRecord) => Promise<void>;
}

const REPO_TOOLS = new Set<string>(MODEL_TOOLS.map((tool) => tool.name));
const WRITES = new Set(['repo_edit', 'repo_write', 'repo_remove', 'repo_fix_findings']);

/**
 * The Lead's tools for one draft. The repo tools are the tool layer's (workspace and executor: path policy, SOPS
 * masking, refusals with reasons, a record of every call); around them, everything the model reads is redacted and
 * file text marked untrusted, and everything it writes has its placeholders restored first. Only the agent side adds
 * the cluster read and the two ways to finish. Nothing here writes to disk or to the cluster.
 */
export class DraftToolBox implements ToolBox {
  readonly definitions = LEAD_TOOLS;
  private readonly workspace: RepoWorkspace;
  private readonly executor: ModelToolExecutor;

  constructor(private readonly options: DraftToolBoxOptions) {
    const workspace = createRepoWorkspace({ files: options.files, guardrails: options.guardrails });
    this.workspace = workspace;
    this.executor = createModelToolExecutor({
      workspace,
      onCall: (record) => options.onCall?.(withoutContent(record, workspace)),
    });
  }

  async execute(call: ToolCall): Promise<ToolOutcome> {
    if (REPO_TOOLS.has(call.name)) return this.repo(call);
    const started = Date.now();
    const { outcome, input, summary } = await this.agentTool(call);
    await this.options.onCall?.({
      tool: call.name,
      input,
      ok: !outcome.isError,
      summary,
      durationMs: Date.now() - started,
    });
    return outcome;
  }

  async notRun(call: ToolCall, reason: string): Promise<void> {
    const path = typeof call.input.path === 'string' ? { path: this.options.redactor.restore(call.input.path) } : {};
    await this.options.onCall?.({ tool: call.name, input: path, ok: false, summary: reason, durationMs: 0 });
  }

  /** The working copy's changes as whole-file edits. */
  edits(): DraftEdit[] {
    return this.workspace.edits().map(({ path, after }) => ({ path, after }));
  }

  private async repo(call: ToolCall): Promise<ToolOutcome> {
    const { redactor } = this.options;
    const input = Object.fromEntries(
      Object.entries(call.input).map(([key, value]) => [
        key,
        typeof value === 'string' ? redactor.restore(value) : value,
      ]),
    );
    const result = await this.executor.execute({ name: call.name, input });
    const content = redactor.redact(result.content);
    if (!result.ok) return { content, isError: true };
    if (call.name === 'repo_read') return { content: untrusted(redactor.redact(String(input.path)), content) };
    if (call.name === 'repo_diff' && this.workspace.edits().length > 0) {
      return { content: untrusted('diff of your edits', content) };
    }
    return { content, ...(WRITES.has(call.name) ? { changed: true } : {}) };
  }

  private async agentTool(call: ToolCall): Promise<RecordedOutcome> {
    const { redactor } = this.options;
    switch (call.name) {
      case 'get_cluster_object':
        return readClusterObject(this.options.cluster, call.input, redactor);
      case 'submit_proposal':
        return this.submit(call.input);
      case 'give_up': {
        const given = typeof call.input.reason === 'string' ? redactor.restore(call.input.reason).trim() : '';
        const reason = given || 'the Lead gave no reason';
        const nothingToDo = call.input.nothing_to_do === true;
        return {
          outcome: {
            content: 'ok',
            final: nothingToDo ? { kind: 'nothing_to_do', reason } : { kind: 'cannot', reason },
          },
          input: { reasonChars: given.length, nothing_to_do: nothingToDo },
          summary: nothingToDo ? 'nothing to do: the problem is gone' : 'gave up: no safe change',
        };
      }
      default: {
        const why = `unknown tool ${call.name}: use one of ${this.definitions.map((d) => d.name).join(', ')}`;
        return {
          outcome: { content: redactor.redact(why), isError: true },
          input: {},
          summary: `unknown tool ${call.name}`,
        };
      }
    }
  }

  /** Finishes the draft, unless the tool layer would refuse it: then the model reads why and fixes the change first. */
  private submit(input: Record<string, unknown>): RecordedOutcome {
    const { redactor } = this.options;
    const submitted = readSubmittedProposal(input, (text) => redactor.restore(text));
    const recorded = {
      commit_messageChars: submitted.commitMessage.length,
      addresses: submitted.addresses,
      adr: submitted.adr !== undefined,
    };
    const refuse = (why: string, summary = why): RecordedOutcome => ({
      outcome: { content: redactor.redact(why), isError: true },
      input: recorded,
      summary,
    });
    const edits = this.edits();
    if (edits.length === 0) return refuse('nothing changed yet: edit files first, or call give_up');
    if (submitted.commitMessage === '') return refuse('commit_message is empty');
    const check = this.workspace.check();
    if (!check.ok) {
      const problems = check.refusals.map((r) => `- [${r.rule}] ${r.message}`).join('\n');
      return refuse(
        `not submitted: the tool layer refuses this change. Fix it (repo_check shows the same list), then submit again:\n${problems}`,
        `not submitted: ${[...new Set(check.refusals.map((r) => r.rule))].join(', ')}`,
      );
    }
    return {
      outcome: { content: 'submitted', final: { kind: 'proposal', edits, ...submitted } },
      input: recorded,
      summary: `submitted ${edits.length} file${edits.length === 1 ? '' : 's'}`,
    };
  }
}

/** The executor's record, minus the one summary that quotes a file: a read's first line is the file's. */
function withoutContent(record: ModelToolCallRecord, workspace: RepoWorkspace): ModelToolCallRecord {
  if (!record.ok) return record;
  if (record.tool === 'repo_read') return { ...record, summary: `read ${String(record.input.path)}` };
  if (record.tool === 'repo_diff') return { ...record, summary: `diff of ${workspace.edits().length} changed files` };
  return record;
}
