import { fixFindings } from '@triad/analyzers';
import type { Finding, RepoFiles } from '@triad/core';
import type { DecodedRequest, StubAnswer } from '@triad/llm/test-support';

/** The two reference problems of examples/homelab that the analyzers' fixers can repair. */
export const REFERENCE = /^(flux-sops-without-decryption|privileged-container)\//;

/** Token counts each stub role bills per call, so the test can add them up independently. */
export const USAGE = {
  lead: { input: 1200, output: 150, cached: 800 },
  coLead: { input: 900, output: 60, cached: 0 },
  cio: { input: 700, output: 400, cached: 100 },
} as const;

export function firstUserText(request: DecodedRequest): string {
  const first = request.messages.find((message) => message.role === 'user');
  return first?.role === 'user' ? first.content : '';
}

/** Finding ids as the Lead's prompts list them (`- <id> [severity, category] …`). */
export function listedFindingIds(text: string): string[] {
  return [...text.matchAll(/^- (\S+) \[/gm)].map((match) => match[1]!);
}

/** A planning answer: one task per reference finding the prompt lists. */
export function planAnswer(request: DecodedRequest): StubAnswer {
  const ids = listedFindingIds(firstUserText(request)).filter((id) => REFERENCE.test(id));
  return {
    output: {
      tasks: ids.map((id, i) => ({
        title: `Fix ${id.split('/')[0]}`,
        category: 'security',
        priority: 10 - i,
        findingIds: [id],
      })),
    },
    usage: USAGE.lead,
  };
}

/** The task a draft request is for, from its brief (`Task <id>: …`). */
export function draftTaskId(request: DecodedRequest): string {
  const id = /^Task (\S+):/m.exec(firstUserText(request))?.[1];
  if (!id) throw new Error('not a draft request: its brief names no task');
  return id;
}

/** Every tool call a Lead stub makes, by task and in order, to compare with the session's `tool.call` events. */
export function toolScript() {
  const byTask = new Map<string, string[]>();
  return {
    byTask,
    /** Passes `calls` through, noting their names under the request's task. */
    calls<T extends { name: string }>(request: DecodedRequest, calls: T[]): T[] {
      const id = draftTaskId(request);
      byTask.set(id, [...(byTask.get(id) ?? []), ...calls.map((call) => call.name)]);
      return calls;
    },
  };
}

/** Where the Lead's tool conversation is: how many tool turns it has had. */
export function toolTurns(request: DecodedRequest): number {
  return request.messages.filter((message) => message.role === 'tool').length;
}

/** The change the analyzers' fixers make for the draft's findings, as a model would write it. */
export function fixFor(files: RepoFiles, findings: Finding[], request: DecodedRequest) {
  const ids = new Set(listedFindingIds(firstUserText(request)));
  const outcome = fixFindings(
    files,
    findings.filter((finding) => ids.has(finding.id)),
  );
  if (outcome.kind !== 'fixed') throw new Error(`stub cannot fix: ${outcome.reason}`);
  return outcome;
}
