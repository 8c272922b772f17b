import { analyzeRepo } from '@triad/analyzers';
import { MODEL_TOOLS, type ModelToolDefinition, type ModelToolName, TOOL_INPUTS } from '@triad/policy';
import { fixAndEncrypt } from '../sops/encrypt-fix';
import type { RepoWorkspace } from '../workspace/repo-workspace';
import type { WorkspaceRefusal, WorkspaceResult } from '../workspace/workspace-refusal';

/** A tool call as a model makes it. */
export interface ModelToolCall {
  name: string;
  input: unknown;
}

/** What one call returns to the model. */
export interface ModelToolResult {
  /** False when the call was refused or its input was invalid: `content` says why. */
  ok: boolean;
  content: string;
  /** Set when the workspace refused the call. */
  refusal?: WorkspaceRefusal;
}

/** What the event log records of one call: never file contents, only what was asked and how it ended. */
export interface ModelToolCallRecord {
  tool: string;
  /** Paths and sizes of the input; text and contents are replaced by their length. */
  input: Record<string, unknown>;
  ok: boolean;
  /** One line: what happened. */
  summary: string;
  /** Refusal code, when refused. */
  refusal?: string;
  durationMs: number;
}

export interface ModelToolExecutorOptions {
  workspace: RepoWorkspace;
  /** Called after every call, refused ones included: the orchestrator appends it to the session's event log. */
  onCall?: (record: ModelToolCallRecord) => void | Promise<void>;
  /** Characters of a file returned at most; the rest is elided with a note. Default 60,000. */
  maxReadChars?: number;
  /** The time SOPS files written by `repo_fix_findings` record as `lastmodified`. Default: now. */
  clock?: () => Date;
}

export interface ModelToolExecutor {
  readonly definitions: readonly ModelToolDefinition[];
  execute(call: ModelToolCall): Promise<ModelToolResult>;
}

/** Runs model tool calls against a workspace; every call is validated, executed and recorded. */
export function createModelToolExecutor(options: ModelToolExecutorOptions): ModelToolExecutor {
  const { workspace, onCall } = options;
  const maxRead = options.maxReadChars ?? 60_000;

  const clock = options.clock ?? (() => new Date());

  /**
   * The built-in fixers on the working copy; files they mark for encryption are encrypted before they are written.
   * The model reads only paths, counts and the commit message: never a value, encrypted or not.
   */
  const fix = async (ids: string[]): Promise<ModelToolResult> => {
    const files = workspace.currentFiles();
    // Sets, not list searches: a model may name thousands of findings (one per literal credential).
    const wanted = new Set(ids);
    const findings = analyzeRepo(files).filter((f) => wanted.has(f.id));
    const present = new Set(findings.map((f) => f.id));
    const missing = ids.filter((id) => !present.has(id));
    if (findings.length === 0) {
      return { ok: false, content: `none of ${ids.join(', ')} is present in the working copy: check the ids` };
    }
    const outcome = await fixAndEncrypt(files, findings, clock());
    if (outcome.kind === 'unfixable') return { ok: false, content: `no built-in fix: ${outcome.reason}` };
    const written: string[] = [];
    for (const [path, content] of outcome.files) {
      const result = workspace.write(path, content);
      if (!result.ok) return { ok: false, content: `refused (${result.refusal.code}): ${result.refusal.message}` };
      written.push(path);
    }
    for (const path of outcome.removed ?? []) {
      const result = workspace.remove(path);
      if (!result.ok) return { ok: false, content: `refused (${result.refusal.code}): ${result.refusal.message}` };
    }
    return {
      ok: true,
      content: [
        `fixed ${outcome.fixed.join(', ')}`,
        `wrote ${written.join(', ')}${outcome.removed?.length ? `; removed ${outcome.removed.join(', ')}` : ''}`,
        ...(missing.length ? [`not present, left alone: ${missing.join(', ')}`] : []),
        'Commit message to submit (edit it if you change more):',
        outcome.commitMessage,
      ].join('\n'),
    };
  };

  const run = async (name: ModelToolName, input: Record<string, string>): Promise<ModelToolResult> => {
    switch (name) {
      case 'repo_fix_findings':
        return fix(input.finding_ids!.split(/[\s,]+/).filter((id) => id !== ''));
      case 'repo_list': {
        const paths = workspace.list(input.glob);
        return { ok: true, content: paths.length ? paths.join('\n') : `no files match ${input.glob ?? '*'}` };
      }
      case 'repo_read':
        return outcome(workspace.read(input.path!), (file) =>
          file.content.length > maxRead
            ? `${file.content.slice(0, maxRead)}\n… (${file.content.length - maxRead} more characters)`
            : file.content,
        );
      case 'repo_edit':
        return outcome(workspace.edit(input.path!, input.old_text!, input.new_text!), ({ path }) => `edited ${path}`);
      case 'repo_write':
        return outcome(
          workspace.write(input.path!, input.content!),
          ({ path, created }) => `${created ? 'created' : 'replaced'} ${path}`,
        );
      case 'repo_remove':
        return outcome(workspace.remove(input.path!), ({ path }) => `removed ${path}`);
      case 'repo_diff':
        return { ok: true, content: workspace.diff() || 'no changes yet' };
      case 'repo_check': {
        const check = workspace.check();
        if (workspace.edits().length === 0) return { ok: true, content: 'no changes yet' };
        return check.ok
          ? { ok: true, content: 'the guardrails and the validation pass' }
          : { ok: false, content: check.refusals.map((r) => `- [${r.rule}] ${r.message}`).join('\n') };
      }
    }
  };

  return {
    definitions: MODEL_TOOLS,
    async execute(call) {
      const started = Date.now();
      let result: ModelToolResult;
      let recorded: Record<string, unknown> = {};
      if (!Object.hasOwn(TOOL_INPUTS, call.name)) {
        result = {
          ok: false,
          content: `unknown tool ${call.name}: use one of ${MODEL_TOOLS.map((t) => t.name).join(', ')}`,
        };
      } else {
        const name = call.name as ModelToolName;
        const parsed = TOOL_INPUTS[name].safeParse(call.input ?? {});
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          result = {
            ok: false,
            content: `invalid input for ${name}: ${issue?.path.join('.') || 'input'} ${issue?.message ?? ''}`.trim(),
          };
        } else {
          const input = parsed.data as Record<string, string>;
          recorded = summarize(input);
          result = await run(name, input);
        }
      }
      await onCall?.({
        tool: call.name,
        input: recorded,
        ok: result.ok,
        summary: result.ok
          ? summaryOf(call.name, recorded, result.content)
          : firstLine(result.refusal?.message ?? result.content),
        ...(result.refusal ? { refusal: result.refusal.code } : {}),
        durationMs: Date.now() - started,
      });
      return result;
    },
  };
}

function outcome<T>(result: WorkspaceResult<T>, show: (value: T) => string): ModelToolResult {
  return result.ok
    ? { ok: true, content: show(result.value) }
    : { ok: false, content: `refused (${result.refusal.code}): ${result.refusal.message}`, refusal: result.refusal };
}

/** Paths and globs as given; any other text by its length, so no file content reaches the log. */
function summarize(input: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) =>
      key === 'path' || key === 'glob' ? [key, value] : [`${key}Chars`, value.length],
    ),
  );
}

/** One line on a successful call that never quotes a file: reads and diffs by their size only. */
function summaryOf(tool: string, input: Record<string, unknown>, content: string): string {
  if (tool === 'repo_read') return `read ${String(input.path)} (${content.length} characters)`;
  if (tool === 'repo_diff') return `diff of ${content.split('\n').length} lines`;
  return firstLine(content);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
