import type { RepoFiles, ResourceRef } from '@triad/core';
import { asRecord, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { applyFluxPatches, fluxPatchesOf } from './flux-patches';
import { kustomizeBuildFiles, normalizeRepoDir } from './kustomize-build-files';
import { isSopsEncrypted } from './sops';

/** A source of `postBuild.substituteFrom`. */
export interface SubstitutionSource {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** `optional: true`: Flux goes on when it is missing. */
  optional: boolean;
}

/** `spec.postBuild` of a Flux Kustomization, as Flux reads it. */
export interface PostBuild {
  /** Inline variables. */
  substitute: Record<string, string>;
  substituteFrom: SubstitutionSource[];
}

/** A Flux Kustomization (kustomize.toolkit.fluxcd.io) of the repo, judged by its effective spec. */
export interface FluxKustomization {
  ref: ResourceRef;
  /** The document that declares it. */
  document: ManifestDocument;
  /** The object as Flux applies it: as written, with the patches of the Flux Kustomizations that build it. */
  effective: Record<string, unknown>;
  /** Flux Kustomizations whose `spec.patches` changed this one. */
  patchedBy: ResourceRef[];
  /** `spec.path` as a repo-relative directory (`''` for the root). */
  path: string;
  /** Repo files Flux builds at `path`, sorted. */
  builtFiles: string[];
  /** The SOPS-encrypted ones among `builtFiles`. */
  encryptedFiles: string[];
  /** Effective `spec.decryption`, when present. */
  decryption?: { provider?: string; secretName?: string };
  /** Effective `spec.postBuild`, when it substitutes anything. */
  postBuild?: PostBuild;
}

/** What the analyzers know of Flux in the repo. */
export interface FluxModel {
  /** In document order. */
  kustomizations: FluxKustomization[];
}

export function isFluxKustomization(object: unknown): boolean {
  const record = asRecord(object);
  return (
    record?.kind === 'Kustomization' &&
    typeof record.apiVersion === 'string' &&
    record.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')
  );
}

export function buildFluxModel(files: RepoFiles, documents: readonly ManifestDocument[]): FluxModel {
  const encrypted = new Set(documents.filter((d) => isSopsEncrypted(d.object)).map((d) => d.file));
  const declared = documents.flatMap((document) => {
    const ref = resourceRefOf(document.object);
    if (!ref || !isFluxKustomization(document.object)) return [];
    return [{ ref, document, builtFiles: kustomizeBuildFiles(files, pathOf(document.object)) }];
  });
  const kustomizations = declared.map(({ ref, document, builtFiles: declaredFiles }): FluxKustomization => {
    const parents = declared.filter(
      (p) => p.document !== document && p.builtFiles.includes(document.file) && fluxPatchesOf(p.document.object).length,
    );
    let effective = document.object;
    const patchedBy: ResourceRef[] = [];
    for (const parent of parents) {
      const patched = applyFluxPatches(effective, fluxPatchesOf(parent.document.object));
      if (JSON.stringify(patched) !== JSON.stringify(effective)) patchedBy.push(parent.ref);
      effective = patched;
    }
    const path = pathOf(effective);
    const builtFiles = path === pathOf(document.object) ? declaredFiles : kustomizeBuildFiles(files, path);
    const decryption = decryptionOf(effective);
    const postBuild = postBuildOf(effective);
    return {
      ref,
      document,
      effective: asRecord(effective) ?? {},
      patchedBy,
      path,
      builtFiles,
      encryptedFiles: builtFiles.filter((file) => encrypted.has(file)),
      ...(decryption ? { decryption } : {}),
      ...(postBuild ? { postBuild } : {}),
    };
  });
  return { kustomizations };
}

function pathOf(object: unknown): string {
  const raw = getPath(object, ['spec', 'path']);
  return normalizeRepoDir(typeof raw === 'string' ? raw : undefined);
}

function decryptionOf(object: unknown): FluxKustomization['decryption'] {
  const decryption = asRecord(getPath(object, ['spec', 'decryption']));
  if (!decryption) return undefined;
  const provider = decryption.provider;
  const secretName = getPath(decryption, ['secretRef', 'name']);
  return {
    ...(typeof provider === 'string' ? { provider } : {}),
    ...(typeof secretName === 'string' ? { secretName } : {}),
  };
}

function postBuildOf(object: unknown): PostBuild | undefined {
  const postBuild = asRecord(getPath(object, ['spec', 'postBuild']));
  if (!postBuild) return undefined;
  const substitute = Object.fromEntries(
    Object.entries(asRecord(postBuild.substitute) ?? {}).map(([key, value]) => [key, String(value)]),
  );
  const from = Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : [];
  const substituteFrom = from.flatMap((entry): SubstitutionSource[] => {
    const record = asRecord(entry);
    const kind = record?.kind;
    if ((kind !== 'ConfigMap' && kind !== 'Secret') || typeof record?.name !== 'string') return [];
    return [{ kind, name: record.name, optional: record.optional === true }];
  });
  if (Object.keys(substitute).length === 0 && substituteFrom.length === 0) return undefined;
  return { substitute, substituteFrom };
}
