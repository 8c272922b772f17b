import type { AdrDraft, RepoFiles } from '@triad/core';
import type { ToolCall } from '@triad/llm';
import { type Redactor, untrusted } from '../redaction';
import type { DraftEdit } from '../types';
import type { ClusterReader } from './cluster-reader';
import { DRAFT_TOOLS } from './draft-tool-definitions';
import type { ToolBox, ToolOutcome } from './tool-box';

const MAX_READ = 60_000;

/**
 * The Lead's tools over an in-memory working copy of the repository at the draft's base revision. Everything the
 * model reads is redacted and marked untrusted; everything it writes is restored (placeholders back to the values it
 * never saw) before it becomes an edit. Nothing here writes to disk or the cluster: the edits go to the guardrails.
 */
export class DraftToolBox implements ToolBox {
  readonly definitions = DRAFT_TOOLS;
  private readonly overlay = new Map<string, string | null>();

  constructor(
    private readonly files: RepoFiles,
    private readonly redactor: Redactor,
    private readonly cluster?: ClusterReader,
  ) {}

  async execute(call: ToolCall): Promise<ToolOutcome> {
    const input = call.input;
    const arg = (name: string) => (typeof input[name] === 'string' ? this.redactor.restore(input[name] as string) : '');
    switch (call.name) {
      case 'list_files':
        return this.list(arg('prefix'));
      case 'read_file':
        return this.read(arg('path'));
      case 'edit_file':
        return this.edit(arg('path'), arg('old_text'), arg('new_text'));
      case 'write_file':
        return this.write(arg('path'), arg('content'));
      case 'delete_file':
        return this.current(arg('path')) === undefined ? this.missing(arg('path')) : this.write(arg('path'), null);
      case 'get_cluster_object':
        return this.clusterObject(arg('kind'), arg('namespace'), arg('name'));
      case 'submit_proposal':
        return this.submit(input);
      case 'give_up': {
        const reason = arg('reason') || 'the Lead gave no reason';
        return {
          content: 'ok',
          final: input.nothing_to_do === true ? { kind: 'nothing_to_do', reason } : { kind: 'cannot', reason },
        };
      }
      default:
        return {
          content: `unknown tool ${call.name}: use one of ${this.definitions.map((d) => d.name).join(', ')}`,
          isError: true,
        };
    }
  }

  /** The working copy's changes as whole-file edits. */
  edits(): DraftEdit[] {
    return [...this.overlay]
      .filter(([path, after]) => (this.files.get(path) ?? null) !== after)
      .map(([path, after]) => ({ path, after }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  private current(path: string): string | undefined {
    if (this.overlay.has(path)) return this.overlay.get(path) ?? undefined;
    return this.files.get(path);
  }

  private paths(): string[] {
    const all = new Set([...this.files.keys(), ...this.overlay.keys()]);
    return [...all].filter((path) => this.current(path) !== undefined).sort();
  }

  private list(prefix: string): ToolOutcome {
    const dir = prefix.replace(/\/+$/, '');
    const paths = this.paths().filter((path) => dir === '' || path.startsWith(`${dir}/`));
    return { content: paths.length ? this.redactor.redact(paths.join('\n')) : `no files under ${prefix || '/'}` };
  }

  private read(path: string): ToolOutcome {
    const text = this.current(path);
    if (text === undefined) return this.missing(path);
    const shown =
      text.length > MAX_READ ? `${text.slice(0, MAX_READ)}\n… (${text.length - MAX_READ} more characters)` : text;
    return { content: untrusted(this.redactor.redact(path), this.redactor.redact(shown)) };
  }

  private edit(path: string, oldText: string, newText: string): ToolOutcome {
    const text = this.current(path);
    if (text === undefined) return this.missing(path);
    const count = oldText === '' ? 0 : text.split(oldText).length - 1;
    if (count !== 1) {
      return {
        content: `old_text occurs ${count} times in ${this.redactor.redact(path)}: it must occur exactly once; read the file again`,
        isError: true,
      };
    }
    return this.write(
      path,
      text.replace(oldText, () => newText),
    );
  }

  private write(path: string, content: string | null): ToolOutcome {
    if (path === '' || path.startsWith('/') || path.split('/').includes('..')) {
      return { content: `"${path}" is not a repository-relative path`, isError: true };
    }
    this.overlay.set(path, content);
    return { content: `${content === null ? 'deleted' : 'wrote'} ${this.redactor.redact(path)}`, changed: true };
  }

  private async clusterObject(kind: string, namespace: string, name: string): Promise<ToolOutcome> {
    if (!this.cluster)
      return { content: 'no cluster is connected to this session: work from the repository', isError: true };
    const object = await this.cluster.get(kind, { ...(namespace ? { namespace } : {}), name });
    if (object === undefined)
      return { content: `${kind} ${namespace ? `${namespace}/` : ''}${name} does not exist`, isError: true };
    return { content: untrusted(`cluster ${kind}`, this.redactor.redact(JSON.stringify(object, null, 2))) };
  }

  private submit(input: Record<string, unknown>): ToolOutcome {
    const edits = this.edits();
    const message = typeof input.commit_message === 'string' ? this.redactor.restore(input.commit_message).trim() : '';
    if (edits.length === 0) return { content: 'nothing changed yet: edit files first, or call give_up', isError: true };
    if (message === '') return { content: 'commit_message is empty', isError: true };
    const addresses = Array.isArray(input.addresses)
      ? input.addresses.filter((a): a is string => typeof a === 'string')
      : [];
    const adr = readAdr(input.adr, (text) => this.redactor.restore(text));
    return {
      content: 'submitted',
      final: { kind: 'proposal', edits, commitMessage: message, addresses, ...(adr ? { adr } : {}) },
    };
  }

  private missing(path: string): ToolOutcome {
    return { content: `${this.redactor.redact(path)} does not exist: list_files shows what does`, isError: true };
  }
}

function readAdr(value: unknown, restore: (text: string) => string): AdrDraft | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const adr = value as Record<string, unknown>;
  const field = (name: string) => (typeof adr[name] === 'string' ? restore(adr[name] as string) : '');
  if (!field('title')) return undefined;
  return {
    title: field('title'),
    context: field('context'),
    decision: field('decision'),
    consequences: field('consequences'),
    alternatives: [],
  };
}
