import type { FileEdit, RepoFiles } from '@triad/core';
import { fluxProblems, missingResources } from './build-problems';
import { patchProblems } from './kustomization-patches';
import type { ValidationProblem, ValidationResult } from './validation-problem';
import { yamlProblems } from './yaml-problems';

const key = (p: ValidationProblem) => `${p.rule}|${p.path}|${p.message}`;

function buildProblems(files: RepoFiles): ValidationProblem[] {
  return [...missingResources(files), ...patchProblems(files), ...fluxProblems(files)];
}

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;
/**
 * Text that can bring a `${VAR}` into a built document or change what Flux builds: a `$` (or a backslash, which can
 * escape one in a double-quoted string), a Flux object (Kustomization, HelmRelease and its valuesFrom, sources).
 */
const BUILD_TEXT = /[$\\]|toolkit\.fluxcd\.io|Kustomization|HelmRelease/;

/**
 * Whether the edits can add a missing resource, a missing Flux path or an unresolved `${VAR}`: only by deleting a file,
 * editing a kustomization.yaml, or writing text of `BUILD_TEXT`. Any other edit (a new ConfigMap, a changed image
 * tag) leaves those checks where the base revision had them, and a draft skips rebuilding the repository for them.
 */
function mayChangeBuild(edits: readonly FileEdit[]): boolean {
  return edits.some((edit) => edit.after === null || KUSTOMIZATION_FILE.test(edit.path) || BUILD_TEXT.test(edit.after));
}

/**
 * The build problems a revision already had, by problem key, once per file set: drafts against the same revision get
 * the same (cached, never changed) `RepoFiles`, and all of them compare against it.
 */
const knownBefore = new WeakMap<RepoFiles, Set<string>>();
function problemsBefore(base: RepoFiles): Set<string> {
  let keys = knownBefore.get(base);
  if (!keys) {
    keys = new Set(buildProblems(base).map(key));
    knownBefore.set(base, keys);
  }
  return keys;
}

/** The repo's files once `edits` are applied to `base`. */
export function filesAfter(base: RepoFiles, edits: readonly FileEdit[]): Map<string, string> {
  const after = new Map(base);
  for (const edit of edits) {
    if (edit.after === null) after.delete(edit.path);
    else after.set(edit.path, edit.after);
  }
  return after;
}

/**
 * Whether the repo a proposal leaves behind still builds: every edited YAML file parses (each document; duplicate keys
 * and alias bombs are errors), each kustomization.yaml lists only resources that exist, each Flux Kustomization's
 * spec.path exists, and no `${VAR}` is left for a Flux Kustomization without postBuild substitution. Only problems
 * the edits introduce count: a repo that was broken before does not block a fix elsewhere.
 */
export function validateProposal(base: RepoFiles, edits: readonly FileEdit[]): ValidationResult {
  const after = filesAfter(base, edits);
  // A file that did not parse before (a Helm template, say) is not held to parsing after.
  const problems: ValidationProblem[] = edits.flatMap((edit) =>
    edit.after === null || (edit.before !== null && yamlProblems(edit.path, edit.before).length > 0)
      ? []
      : yamlProblems(edit.path, edit.after),
  );
  const before = problemsBefore(base);
  for (const problem of mayChangeBuild(edits) ? buildProblems(after) : patchProblems(after)) {
    if (!before.has(key(problem))) problems.push(problem);
  }
  const unique = [...new Map(problems.map((p) => [key(p), p])).values()];
  return { ok: unique.length === 0, problems: unique };
}
