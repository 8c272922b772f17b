import type { RepoFiles, ResourceRef } from '@triad/core';
import { asRecord, getPath, resourceRefOf } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { kustomizeBuildFiles, normalizeRepoDir } from './kustomize-build-files';
import { isSopsEncrypted } from './sops';

/** A Flux Kustomization (kustomize.toolkit.fluxcd.io) of the repo, with what it builds. */
export interface FluxKustomization {
  ref: ResourceRef;
  /** The document that declares it. */
  document: ManifestDocument;
  /** `spec.path` as a repo-relative directory (`''` for the root). */
  path: string;
  /** Repo files Flux builds at `path`, sorted. */
  builtFiles: string[];
  /** The SOPS-encrypted ones among `builtFiles`. */
  encryptedFiles: string[];
  /** `spec.decryption` as written, when present. */
  decryption?: { provider?: string; secretName?: string };
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
  const kustomizations: FluxKustomization[] = [];
  for (const document of documents) {
    const ref = resourceRefOf(document.object);
    if (!ref || !isFluxKustomization(document.object)) continue;
    const rawPath = getPath(document.object, ['spec', 'path']);
    const path = normalizeRepoDir(typeof rawPath === 'string' ? rawPath : undefined);
    const builtFiles = kustomizeBuildFiles(files, path);
    const decryption = asRecord(getPath(document.object, ['spec', 'decryption']));
    const provider = decryption?.provider;
    const secretName = getPath(decryption, ['secretRef', 'name']);
    kustomizations.push({
      ref,
      document,
      path,
      builtFiles,
      encryptedFiles: builtFiles.filter((file) => encrypted.has(file)),
      ...(decryption
        ? {
            decryption: {
              ...(typeof provider === 'string' ? { provider } : {}),
              ...(typeof secretName === 'string' ? { secretName } : {}),
            },
          }
        : {}),
    });
  }
  return { kustomizations };
}
