import { posix } from 'node:path';
import {
  buildAnalysisContext,
  isSopsEncrypted,
  normalizeRepoDir,
  parseYamlValue,
  substitutionDisabled,
  unresolvedVariables,
} from '@triad/analyzers';
import type { RepoFiles } from '@triad/core';
import type { ValidationProblem } from './validation-problem';

const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Local `resources`/`components` of each kustomization.yaml that name no file and no directory of the repo. */
export function missingResources(files: RepoFiles): ValidationProblem[] {
  const dirs = directories(files);
  const problems: ValidationProblem[] = [];
  for (const [path, text] of files) {
    if (!KUSTOMIZATION.test(path)) continue;
    let config: unknown;
    try {
      config = parseYamlValue(text);
    } catch {
      continue; // a parse problem of its own
    }
    const record = config && typeof config === 'object' ? (config as Record<string, unknown>) : {};
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    for (const entry of [record.resources, record.components].flatMap((l) => (Array.isArray(l) ? l : []))) {
      if (typeof entry !== 'string' || /^[a-z][a-z0-9+.-]*:\/\/|^(github\.com|gitlab\.com|git@)/i.test(entry)) continue;
      const target = normalizeRepoDir(posix.join(dir, entry));
      if (files.has(target)) continue;
      if (dirs.has(target)) {
        if (KUSTOMIZATION_NAMES.some((name) => files.has(`${target}/${name}`))) continue;
        problems.push({
          rule: 'kustomization-resource-missing',
          path,
          message: `${path} lists the directory ${entry}, which has no kustomization.yaml: restore it or drop the entry, or kustomize build fails.`,
        });
        continue;
      }
      problems.push({
        rule: 'kustomization-resource-missing',
        path,
        message: `${path} lists ${entry}, which is not in the repository: add it or drop the entry, or kustomize build fails.`,
      });
    }
  }
  return problems;
}

/**
 * Flux Kustomizations built from this repository whose `spec.path` is no directory of it, and `${VAR}`s no postBuild
 * resolves (read from the analyzers' model of the Flux build).
 */
export function fluxProblems(files: RepoFiles): ValidationProblem[] {
  const { context } = buildAnalysisContext(files);
  const dirs = directories(files);
  const problems: ValidationProblem[] = [];
  for (const k of context.flux.kustomizations) {
    if (!k.fromThisRepo) continue; // its path lies in another source (OCI artifact, bucket, other repository)
    const name = `${k.ref.namespace ? `${k.ref.namespace}/` : ''}${k.ref.name}`;
    if (k.path !== '' && !dirs.has(k.path)) {
      problems.push({
        rule: 'flux-path-missing',
        path: k.document.file,
        message: `Flux Kustomization ${name} builds ./${k.path}, which is not a directory of the repository: fix spec.path.`,
      });
      continue;
    }
    if (k.postBuild) continue; // what its sources define is judged by the analyzers' flux-unresolved-substitution
    const built = new Set(k.builtFiles);
    for (const document of context.documents) {
      if (!built.has(document.file) || isSopsEncrypted(document.object) || substitutionDisabled(document.object))
        continue;
      for (const variable of unresolvedVariables(document.object)) {
        problems.push({
          rule: 'unresolved-substitution',
          path: document.file,
          message: `${document.file} uses \${${variable}}, but Flux Kustomization ${name} that builds it has no postBuild substitution: add postBuild.substitute or substituteFrom, or write the value.`,
        });
      }
    }
  }
  return problems;
}

function directories(files: RepoFiles): Set<string> {
  const dirs = new Set<string>();
  for (const path of files.keys()) {
    for (let dir = posix.dirname(path); dir !== '.' && !dirs.has(dir); dir = posix.dirname(dir)) dirs.add(dir);
  }
  return dirs;
}
