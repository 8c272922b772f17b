import type { Finding, ResourceRef } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import { type CredentialReason, credentialReason, envEntries } from '../credentials/credential-values';
import { privatePemBlocks } from '../credentials/pem';
import { findingId } from '../finding-id';
import { isSopsEncrypted } from '../flux/sops';
import { asRecord, displayName, getPath, resourceRefOf } from '../parse/k8s-object';
import { lineOf, type ManifestDocument } from '../parse/manifest-document';
import { describeContainer, workloadContainers } from '../workloads/workload-containers';
import type { Check } from './check';

export const HARDCODED_CREDENTIAL = 'hardcoded-credential';

const WHY: Record<CredentialReason, string> = {
  'credential-name': 'is named like a credential and holds a literal value',
  'generated-looking': 'holds a generated-looking token',
  'config-line': 'holds a config file with a literal credential setting',
};

/**
 * Literal credentials in Git outside Secrets: container env values, ConfigMap data, HelmRelease values, and private
 * key PEM blocks. Values filled by other means (`${VAR}` substitution, `op://`, `vault:`, secretKeyRef) do not count.
 * Secrets themselves are `plaintext-secret`'s. Env values of manifests are fixable: they move to a secretKeyRef.
 */
export const hardcodedCredential: Check = {
  id: HARDCODED_CREDENTIAL,
  description: 'A credential is written in plain text in a manifest (env value, ConfigMap, Helm values, private key).',
  run(context) {
    return context.documents.flatMap((document) => {
      if (isSopsEncrypted(document.object)) return [];
      const ref = resourceRefOf(document.object);
      if (ref?.kind === 'Secret') return [];
      return [
        ...envFindings(document),
        ...(ref ? dataFindings(document, ref) : []),
        ...pemFindings(context, document, ref),
      ];
    });
  },
};

function envFindings(document: ManifestDocument): Finding[] {
  const findings: Finding[] = [];
  for (const target of workloadContainers(document)) {
    for (const entry of envEntries(target.container.env)) {
      const reason = credentialReason(entry.name, entry.value);
      if (!reason) continue;
      const at = [...target.path, 'env', entry.index];
      findings.push({
        id: findingId(HARDCODED_CREDENTIAL, target.ref, `${target.name}/${entry.name}`),
        check: HARDCODED_CREDENTIAL,
        severity: 'high',
        category: 'security',
        resource: target.ref,
        file: document.file,
        line: lineOf(document, typeof entry.index === 'number' ? [...at, 'value'] : at),
        message:
          `${describeContainer(target)}: env ${entry.name} ${WHY[reason]}, readable by anyone with the repo and in Git ` +
          'history for good: move it to a SOPS-encrypted Secret, reference it with secretKeyRef, and rotate it.',
        fixable: target.source === 'manifest' && Array.isArray(target.container.env),
        evidence: {
          where: 'env',
          env: entry.name,
          reason,
          container: target.name,
          containerList: target.list,
          containerPath: [...target.path],
          podSpecPath: [...target.podSpecPath],
          source: target.source,
        },
      });
    }
  }
  return findings;
}

/** ConfigMap `data` and HelmRelease `values` (env lists inside values are reported by `envFindings`). */
function dataFindings(document: ManifestDocument, ref: ResourceRef): Finding[] {
  const root = ref.kind === 'ConfigMap' ? ['data'] : ref.kind === 'HelmRelease' ? ['spec', 'values'] : undefined;
  if (!root) return [];
  const findings: Finding[] = [];
  const visit = (value: unknown, path: (string | number)[], key: string | undefined) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(item, [...path, i], undefined);
      });
    }
    const record = asRecord(value);
    if (record) {
      for (const [k, child] of Object.entries(record)) if (k !== 'env') visit(child, [...path, k], k);
      return;
    }
    if (typeof value === 'string' && value.includes('-----BEGIN ')) return; // key blocks: see pemFindings
    const reason = credentialReason(key, value);
    if (!reason || (ref.kind === 'HelmRelease' && reason === 'generated-looking')) return;
    const dotted = path.slice(root.length).join('.');
    findings.push({
      id: findingId(HARDCODED_CREDENTIAL, ref, dotted),
      check: HARDCODED_CREDENTIAL,
      severity: 'high',
      category: 'security',
      resource: ref,
      file: document.file,
      line: lineOf(document, path),
      message:
        `${ref.kind} ${displayName(ref)}: ${dotted} ${WHY[reason]}: keep it in a SOPS-encrypted Secret ` +
        `(${ref.kind === 'HelmRelease' ? 'valuesFrom or the chart’s existingSecret' : 'and mount that instead'}) and rotate it.`,
      fixable: false,
      evidence: { where: ref.kind === 'HelmRelease' ? 'helm-values' : 'configmap', path: dotted, reason },
    });
  };
  visit(getPath(document.object, root), root, undefined);
  return findings;
}

function pemFindings(context: AnalysisContext, document: ManifestDocument, ref: ResourceRef | undefined): Finding[] {
  const source = context.files.get(document.file) ?? '';
  const [start, end] = document.range;
  return privatePemBlocks(source.slice(start, end)).map((pem, i) => {
    const resource = ref ?? { kind: 'File', name: document.file };
    return {
      id: findingId(HARDCODED_CREDENTIAL, resource, `pem-${document.index}-${i}`),
      check: HARDCODED_CREDENTIAL,
      severity: 'critical' as const,
      category: 'security' as const,
      resource,
      file: document.file,
      line: document.lineCounter.linePos(start + pem.offset).line,
      message: `${document.file} holds a ${pem.label} in plain text: treat the key as leaked, rotate it, and keep the new one in a SOPS-encrypted Secret.`,
      fixable: false,
      evidence: { where: 'pem', label: pem.label },
    };
  });
}
