import { count, type Finding, type RepoFiles } from '@triad/core';
import { buildAnalysisContext } from '../analysis-context';
import { sopsMacOf } from '../flux/sops';
import { displayName } from '../parse/k8s-object';
import { parseYamlDocuments } from '../parse/yaml-documents';
import type { FixOutcome } from './fix-outcome';
import type { FixPart } from './fixer';
import { createManifestEditor } from './manifest-editor';
import { fixerFor, groupByFixer } from './registry';

/**
 * Fixes what the built-in fixers can among `findings`, as one change. Findings that are not fixable, or whose check
 * has no fixer, are left out; `fixed` lists those the change resolves.
 */
export function fixFindings(files: RepoFiles, findings: readonly Finding[]): FixOutcome {
  const { context } = buildAnalysisContext(files);
  const editor = createManifestEditor(files);
  const parts: FixPart[] = [];
  const failures: string[] = [];
  for (const group of groupByFixer(findings)) {
    const first = group[0]!;
    const fixer = fixerFor(first.check);
    if (!fixer) failures.push(`${first.id}: no built-in fixer for ${first.check}`);
    else if (group.some((f) => !f.fixable)) failures.push(`${first.id}: no built-in fix is safe for it`);
    else {
      let result: ReturnType<typeof fixer.fix>;
      try {
        result = fixer.fix(group, { editor, context });
      } catch (error) {
        // A shape the fixer did not expect: the documents it was editing may be half changed, so none of this
        // change is kept, and the other changes (other files) go on.
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        return {
          kind: 'unfixable',
          reason: `${first.id}: the built-in fixer stopped on this file's YAML (${why}); nothing of this change was written`,
        };
      }
      if ('unfixable' in result) failures.push(`${first.id}: ${result.unfixable}`);
      else parts.push(result);
    }
  }
  const changed = editor.changedFiles();
  // The last guard: a change that would leave a YAML file unreadable is no fix, whatever the rescan would say.
  const broken = [...changed].find(([path, text]) => /\.ya?ml$/i.test(path) && !parsesCleanly(text));
  if (broken) {
    return {
      kind: 'unfixable',
      reason: `${findings[0]?.id ?? 'the change'}: the fix would leave ${broken[0]} unparsable, so nothing of it was written`,
    };
  }
  const removed = editor.removedFiles();
  const encrypt = [...new Set(parts.flatMap((p) => p.encrypt ?? []))];
  // A SOPS file edited in plain text fails its MAC: Flux cannot decrypt it, and the whole Kustomization stops. Only
  // the files the change encrypts itself (see `encrypt`) may be SOPS files.
  const sealed = [...changed.keys()].find(
    (path) => !encrypt.includes(path) && sopsMacOf(files.get(path)) !== undefined,
  );
  if (sealed) {
    return {
      kind: 'unfixable',
      reason: `${findings[0]?.id ?? 'the change'}: ${sealed} is SOPS-encrypted, and an edit in plain text would break its MAC (Flux could not decrypt it): make this change with sops --edit`,
    };
  }
  // A file encrypted in place has the same plain text as before: it is part of the change all the same.
  for (const path of encrypt) if (!changed.has(path) && files.has(path)) changed.set(path, files.get(path)!);
  if (parts.length === 0 || (changed.size === 0 && removed.length === 0)) {
    return { kind: 'unfixable', reason: failures.join('\n') || 'the fix changes no file' };
  }
  const fixed = parts.flatMap((p) => p.fixed);
  const fixedIds = new Set(fixed);
  const subject =
    parts.length === 1
      ? parts[0]!.subject
      : combinedSubject(
          parts,
          findings.filter((f) => fixedIds.has(f.id)),
        );
  const adr = parts.find((p) => p.adr)?.adr;
  const humanSteps = parts.flatMap((p) => p.humanSteps ?? []);
  const followUps = parts.flatMap((p) => p.followUps ?? []);
  const body = [
    ...parts.map((p) => p.body),
    ...(humanSteps.length
      ? ['', 'Before this change reconciles, a person must:', ...humanSteps.map((s) => `- ${s}`)]
      : []),
    ...(followUps.length ? ['', 'Once this change is applied, a person must:', ...followUps.map((s) => `- ${s}`)] : []),
  ];
  return {
    kind: 'fixed',
    files: changed,
    ...(removed.length ? { removed } : {}),
    ...(encrypt.length ? { encrypt } : {}),
    ...(failures.length ? { unfixed: failures } : {}),
    title: parts.map((p) => p.title).join('; '),
    // Not `Fixes:`: the tool layer quotes any `Token:` line of a message body, so that nothing reads as a trailer.
    commitMessage: [subject, '', ...body, '', 'The findings it resolves:', ...fixed.map((id) => `- ${id}`)].join('\n'),
    ...(adr ? { adr } : {}),
    ...(humanSteps.length ? { humanSteps } : {}),
    ...(followUps.length ? { followUps } : {}),
    fixed,
  };
}

/** `fix(flux): resolve 2 findings on Kustomization flux-system/apps`: the shared scope and object, when there is one. */
function combinedSubject(parts: readonly FixPart[], fixed: readonly Finding[]): string {
  const scopes = new Set(parts.map((p) => /^(\w+\([^)]*\))/.exec(p.subject)?.[1]));
  const [scope] = scopes;
  const objects = new Set(fixed.map((f) => `${f.resource.kind} ${displayName(f.resource)}`));
  const [object] = objects;
  return `${scopes.size === 1 && scope ? scope : 'fix'}: resolve ${count(fixed.length, 'finding')}${objects.size === 1 ? ` on ${object}` : ''}`;
}

/** True when every document of `text` parses without an error. */
function parsesCleanly(text: string): boolean {
  const docs = parseYamlDocuments(text, { logLevel: 'silent' });
  return Array.isArray(docs) && docs.every((doc) => doc.errors.length === 0);
}
