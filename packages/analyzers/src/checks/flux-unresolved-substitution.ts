import { posix } from 'node:path';
import type { Finding } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import { findingId } from '../finding-id';
import type { FluxKustomization, PostBuild, SubstitutionSource } from '../flux/flux-kustomization';
import { applyFluxPatches } from '../flux/flux-patches';
import {
  ancestorsOf,
  isKustomizationFile,
  kustomizationConfig,
  kustomizationFileOf,
  kustomizeBuild,
} from '../flux/kustomize-build-files';
import { patchesOf } from '../flux/kustomize-patches';
import { isSopsEncrypted } from '../flux/sops';
import { substitutionDisabled, unresolvedVariables } from '../flux/substitution-variables';
import { type SubstitutionWebhook, substitutionWebhooks } from '../flux/substitution-webhook';
import { asRecord, displayName, getPath, resourceRefOf } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import { producedSecret } from '../parse/produced-secret';
import { type Check, wholeObjects } from './check';

export const FLUX_UNRESOLVED_SUBSTITUTION = 'flux-unresolved-substitution';

type Source = Pick<SubstitutionSource, 'kind' | 'name'>;

/** What a webhook adds to a Kustomization's postBuild: no webhook, its sources, or sources the repo does not name. */
type Admitted = undefined | SubstitutionSource[] | 'unknown';

/**
 * `${VAR}` in what a Flux Kustomization builds that its effective `postBuild` does not resolve. Without any postBuild,
 * only variables the repo substitutes elsewhere count (a `${HOME}` in a script is left alone by Flux, and meant to
 * be). With one, a variable that none of its sources defines becomes an empty string — reported when every source is
 * in the repo, so the verdict is certain. Objects with `kustomize.toolkit.fluxcd.io/substitute: disabled` are skipped.
 * A substitution webhook of the cluster (kustomize-mutating-webhook) counts as more sources of every Kustomization.
 */
export const fluxUnresolvedSubstitution: Check = {
  id: FLUX_UNRESOLVED_SUBSTITUTION,
  description: 'A Flux Kustomization builds post-build variables that its substitution does not resolve.',
  run(context) {
    const definitions = sourceDefinitions(context);
    const patchedByKustomize = kustomizePatchedPostBuild(context.files);
    const sources = sourceKeys(definitions);
    const precedent = precedentSources(context, sources);
    const webhooks = substitutionWebhooks(context.documents, context.flux.deployment).map((webhook) => ({
      ...webhook,
      clusters: context.flux.deployment?.clusters(webhook.file) ?? [],
    }));
    const findings: Finding[] = [];
    for (const k of context.flux.kustomizations) {
      // One that nothing applies substitutes nothing, and what a parent would patch into it is unknown.
      const placement = context.flux.deployment?.placement(k.document.file);
      if (placement && 'notDeployed' in placement) continue;
      // A kustomize patch (a kustomization.yaml's, or a Component's) may give it postBuild sources this check cannot see.
      if (patchedByKustomize.has(k.document.file)) continue;
      const used = variablesBuilt(context, k);
      if (used.size === 0) continue;
      const admitted = admittedSources(context, webhooks, k);
      // A webhook of its cluster whose sources the repository does not name may define anything.
      if (admitted === 'unknown') continue;
      const postBuild = withAdmitted(k.postBuild, admitted);
      const namespace = k.ref.namespace ?? 'flux-system';
      let missing: string[];
      if (!postBuild) {
        const known = new Set(precedent.flatMap((s) => sources.get(sourceKey(namespace, s)) ?? []));
        missing = [...used.keys()].filter((name) => known.has(name));
      } else {
        const own = deployerBuild(context, k);
        const listed = postBuild.substituteFrom.map((s) => keysFor(definitions, s.namespace ?? namespace, s, own));
        if (listed.some((keys) => keys === undefined)) continue;
        const defined = new Set([...Object.keys(postBuild.substitute), ...listed.flatMap((keys) => keys ?? [])]);
        missing = [...used.keys()].filter((name) => !defined.has(name));
      }
      if (missing.length === 0) continue;
      missing.sort();
      const offer = precedent.filter(
        (s) =>
          !postBuild?.substituteFrom.some((own) => own.kind === s.kind && own.name === s.name) &&
          (sources.get(sourceKey(namespace, s)) ?? []).some((key) => missing.includes(key)),
      );
      const covered = new Set(offer.flatMap((s) => sources.get(sourceKey(namespace, s)) ?? []));
      const files = [...new Set(missing.map((name) => used.get(name)!))].sort();
      findings.push({
        id: findingId(FLUX_UNRESOLVED_SUBSTITUTION, k.ref),
        check: FLUX_UNRESOLVED_SUBSTITUTION,
        severity: postBuild ? 'medium' : 'high',
        category: 'stability',
        resource: k.ref,
        file: k.document.file,
        line: lineOf(k.document, ['spec', k.postBuild ? 'postBuild' : 'path']),
        message:
          `Flux Kustomization ${displayName(k.ref)} builds ${missing.map((n) => `\${${n}}`).join(', ')} (in ${files.join(', ')}) ` +
          (postBuild
            ? `that none of its postBuild sources${admitted ? " (with those its cluster's substitution webhook adds)" : ''} defines: Flux substitutes an empty string.`
            : 'but has no postBuild substitution: the references reach the cluster as written and the objects are invalid.') +
          (offer.length
            ? ` ${offer.map((s) => `${s.kind} ${s.name}`).join(', ')} defines them, as other Kustomizations use.`
            : ''),
        fixable: offer.length > 0 && missing.every((name) => covered.has(name)),
        evidence: { variables: missing, files, sources: offer.map(({ kind, name }) => ({ kind, name })) },
      });
    }
    return findings;
  },
};

/**
 * The sources the substitution webhooks of `k`'s cluster add to its postBuild: undefined when none applies it,
 * `'unknown'` when one does without naming its sources.
 */
function admittedSources(
  context: AnalysisContext,
  webhooks: readonly (SubstitutionWebhook & { clusters: string[] })[],
  k: FluxKustomization,
): Admitted {
  if (!webhooks.some((w) => w.clusters.length > 0)) return undefined;
  const clusters = new Set(context.flux.deployment?.clusters(k.document.file));
  const mine = webhooks.filter((w) => w.clusters.some((c) => clusters.has(c)));
  if (mine.length === 0) return undefined;
  if (mine.some((w) => !w.sources)) return 'unknown';
  const sources = mine.flatMap((w) => w.sources ?? []);
  return sources.length > 0 ? sources : undefined;
}

/** `postBuild` as the webhook leaves it: created when absent, with its sources after the Kustomization's own. */
function withAdmitted(
  postBuild: PostBuild | undefined,
  admitted: SubstitutionSource[] | undefined,
): PostBuild | undefined {
  if (!admitted) return postBuild;
  return {
    substitute: postBuild?.substitute ?? {},
    substituteFrom: [...(postBuild?.substituteFrom ?? []), ...admitted],
  };
}

/** Variables the Kustomization's build would substitute, each with the first file that uses it. */
function variablesBuilt(context: AnalysisContext, k: FluxKustomization): Map<string, string> {
  const built = new Set(k.builtFiles);
  // spec.targetNamespace overwrites every object's namespace before substitution runs: a variable there is gone.
  const retargeted = typeof getPath(k.effective, ['spec', 'targetNamespace']) === 'string';
  const used = new Map<string, string>();
  for (const document of context.documents) {
    if (!built.has(document.file) || isSopsEncrypted(document.object) || substitutionDisabled(document.object))
      continue;
    // A CRD's schema documents syntax (Flux's own describe `${var:position}`): text nobody means to be substituted,
    // which Flux's later releases mark to be left alone.
    if (asRecord(document.object)?.kind === 'CustomResourceDefinition') continue;
    // So does the `namespace:` of a kustomization.yaml that builds the file (a shared component's
    // `namespace: ${NAMESPACE}` under an app's `namespace: media`), unless that one holds a variable itself.
    const kustomized = k.build.namespaces.get(document.file);
    const object =
      retargeted || (kustomized !== undefined && !kustomized.includes('${'))
        ? withoutNamespace(document.object)
        : document.object;
    const variables = unresolvedVariables(object);
    if (variables.size === 0 || disabledByKustomize(context.files, document)) continue;
    for (const name of variables) if (!used.has(name)) used.set(name, document.file);
  }
  return used;
}

/**
 * True when a kustomization that builds the document's file marks it to be left alone by Flux's substitution (the
 * annotation or label written by its `commonAnnotations`, `commonLabels`, `labels` or a patch): Flux substitutes what
 * kustomize built, so it skips the object as surely as when the file says so itself.
 */
function disabledByKustomize(files: AnalysisContext['files'], document: AnalysisContext['documents'][number]): boolean {
  const dirs = ancestorsOf(document.file).reverse();
  for (const dir of dirs) {
    const kustomization = kustomizationFileOf(files, dir);
    const config = kustomization ? kustomizationConfig(files, kustomization) : undefined;
    if (!config || !kustomizeBuild(files, dir).files.includes(document.file)) continue;
    const marked = (map: unknown) => asRecord(map)?.[DISABLE_KEY] === 'disabled';
    const labels = Array.isArray(config.labels) ? config.labels : [];
    if (
      marked(config.commonAnnotations) ||
      marked(config.commonLabels) ||
      labels.some((l) => marked(asRecord(l)?.pairs))
    )
      return true;
    const patches = patchesOf(files, dir, config);
    if (patches.length > 0 && substitutionDisabled(applyFluxPatches(document.object, patches))) return true;
  }
  return false;
}

const DISABLE_KEY = 'kustomize.toolkit.fluxcd.io/substitute';

/**
 * Files whose Flux Kustomizations a kustomize-level patch may change the postBuild of: everything a kustomization.yaml
 * builds when it, or a Component it uses, has a patch that targets Flux Kustomizations and mentions postBuild (a
 * `components/vars` that adds `substituteFrom` to every Kustomization of an apps folder).
 */
function kustomizePatchedPostBuild(files: AnalysisContext['files']): Set<string> {
  const patchesPostBuild = (dir: string) => {
    const kustomization = kustomizationFileOf(files, dir);
    const config = kustomization ? kustomizationConfig(files, kustomization) : undefined;
    return (Array.isArray(config?.patches) ? config.patches : []).some((entry) => {
      const patch = asRecord(entry);
      const path = typeof patch?.path === 'string' ? posix.normalize(posix.join(dir, patch.path)) : undefined;
      const text = typeof patch?.patch === 'string' ? patch.patch : path ? (files.get(path) ?? '') : '';
      const targetsFlux = asRecord(patch?.target)?.kind === 'Kustomization' || /kind:\s*Kustomization/.test(text);
      return targetsFlux && text.includes('postBuild');
    });
  };
  const affected = new Set<string>();
  for (const path of files.keys()) {
    if (!isKustomizationFile(path)) continue;
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const components = kustomizationConfig(files, path)?.components;
    const viaComponent = (Array.isArray(components) ? components : []).some(
      (component) => typeof component === 'string' && patchesPostBuild(posix.normalize(posix.join(dir, component))),
    );
    if (!viaComponent && !patchesPostBuild(dir)) continue;
    for (const file of kustomizeBuild(files, dir).files) affected.add(file);
  }
  return affected;
}

/** `object` without `metadata.namespace` (a shallow copy), or itself when it has none. */
function withoutNamespace(object: unknown): unknown {
  const record = asRecord(object);
  const metadata = asRecord(record?.metadata);
  if (!record || !metadata || !('namespace' in metadata)) return object;
  const { namespace: _replaced, ...rest } = metadata;
  return { ...record, metadata: rest };
}

/** One ConfigMap or Secret of the repo that a postBuild may read: where it is declared and its keys. */
interface Definition {
  file: string;
  /** Undefined when the repo cannot tell them: a Secret an operator makes from a store outside the repo. */
  keys: string[] | undefined;
  /** False when the repo's Flux tree applies the file nowhere. */
  deployed: boolean;
}

/**
 * Every ConfigMap and Secret in the repo (Secret keys stay readable under SOPS), by namespace/kind/name. One repo may
 * declare the same one several times, once per cluster (`clusters/a/vars.yaml`, `clusters/b/vars.yaml`, their
 * namespace given by kustomize): each declaration is kept, with whether something deploys it (a stale
 * `vars.sops.yaml` beside the kustomization.yaml that no longer lists it is not). Patch fragments are not
 * declarations, and Secrets that operators make are (`producedSecret`).
 */
function sourceDefinitions(context: AnalysisContext): Map<string, Definition[]> {
  const out = new Map<string, Definition[]>();
  const add = (namespace: string, source: Source, file: string, keys: string[] | undefined) => {
    const key = sourceKey(namespace, source);
    const placement = context.flux.deployment?.placement(file);
    const deployed = !placement || !('notDeployed' in placement);
    out.set(key, [...(out.get(key) ?? []), { file, keys, deployed }]);
  };
  for (const document of wholeObjects(context)) {
    const ref = resourceRefOf(document.object);
    if (!ref) continue;
    const namespace = ref.namespace ?? 'flux-system';
    if (ref.kind === 'ConfigMap' || ref.kind === 'Secret') {
      const record = asRecord(document.object);
      const keys = ['data', 'stringData'].flatMap((field) => Object.keys(asRecord(record?.[field]) ?? {}));
      add(namespace, { kind: ref.kind, name: ref.name }, document.file, keys);
      continue;
    }
    const produced = producedSecret(document.object);
    if (produced)
      add(
        namespace,
        { kind: 'Secret', name: produced.name },
        document.file,
        produced.complete ? produced.keys : undefined,
      );
  }
  return out;
}

/** The keys of each source, every declaration's together (for the sources other Kustomizations use). */
function sourceKeys(definitions: Map<string, Definition[]>): Map<string, string[]> {
  return new Map([...definitions].map(([key, defs]) => [key, [...new Set(defs.flatMap((d) => d.keys ?? []))]]));
}

/**
 * The keys Flux finds in `source` for a Kustomization: of the declarations it or the Kustomizations above it build
 * (the cluster it is part of) when there are any, else of those something deploys, else of every declaration.
 * Undefined when the repo declares none, or when one of those declarations has keys the repo cannot tell.
 */
function keysFor(
  definitions: Map<string, Definition[]>,
  namespace: string,
  source: Source,
  deployerFiles: ReadonlySet<string>,
): string[] | undefined {
  const all = definitions.get(sourceKey(namespace, source));
  if (!all) return undefined;
  const mine = all.filter((d) => deployerFiles.has(d.file));
  const deployed = all.filter((d) => d.deployed);
  const chosen = mine.length > 0 ? mine : deployed.length > 0 ? deployed : all;
  if (chosen.some((d) => d.keys === undefined)) return undefined;
  return chosen.flatMap((d) => d.keys ?? []);
}

/**
 * What `k` and the Flux Kustomizations above it build (the one that applies it, the one that applies that…): where
 * the sources of `k`'s own cluster are declared.
 */
function deployerBuild(context: AnalysisContext, k: FluxKustomization): Set<string> {
  const files = new Set(k.builtFiles);
  const seen = new Set<FluxKustomization>([k]);
  for (let deployer = context.flux.deployment?.deployer(k.document.file); deployer && !seen.has(deployer); ) {
    seen.add(deployer);
    for (const file of deployer.builtFiles) files.add(file);
    deployer = context.flux.deployment?.deployer(deployer.document.file);
  }
  return files;
}

/** Sources other Flux Kustomizations substitute from, most used first. */
function precedentSources(context: AnalysisContext, sources: Map<string, string[]>): Source[] {
  const counts = new Map<string, { source: Source; n: number }>();
  for (const k of context.flux.kustomizations) {
    for (const s of k.postBuild?.substituteFrom ?? []) {
      if (!sources.has(sourceKey(k.ref.namespace ?? 'flux-system', s))) continue;
      const key = `${s.kind}/${s.name}`;
      counts.set(key, { source: { kind: s.kind, name: s.name }, n: (counts.get(key)?.n ?? 0) + 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.n - a.n).map((c) => c.source);
}

function sourceKey(namespace: string, source: Source): string {
  return `${namespace}/${source.kind}/${source.name}`;
}
