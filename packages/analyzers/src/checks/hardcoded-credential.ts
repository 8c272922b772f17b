import type { Finding, ResourceRef } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import { type CredentialCandidate, credentialCandidates } from '../credentials/credential-candidates';
import type { CredentialReason } from '../credentials/credential-values';
import { knownTokens } from '../credentials/known-tokens';
import { privatePemBlocks } from '../credentials/pem';
import { findingId } from '../finding-id';
import { isSopsEncrypted } from '../flux/sops';
import { displayName, resourceRefOf } from '../parse/k8s-object';
import { lineOf, type ManifestDocument } from '../parse/manifest-document';
import { usesSops, withoutSops } from '../sops/sops-in-use';
import { describeContainer, type WorkloadContainer, workloadContainers } from '../workloads/workload-containers';
import type { Check } from './check';

export const HARDCODED_CREDENTIAL = 'hardcoded-credential';

/** `label` after its indefinite article: "an AWS access key ID", "a GitHub token", "an RSA private key". */
function aOrAn(label: string | undefined): string {
  return `${/^([aeiou]|RSA|SSH|HMAC|X\.?509)/i.test(label ?? '') ? 'an' : 'a'} ${label}`;
}

function why(c: Pick<CredentialCandidate, 'reason' | 'label'>): string {
  const text: Record<CredentialReason, string> = {
    'known-format': `holds ${aOrAn(c.label)}`,
    'credential-name': 'is named like a credential and holds a literal value',
    'url-password': 'holds a URL with a literal password',
    'generated-looking': 'holds a generated-looking token',
    'config-line': `holds a config file with a literal credential${c.label ? ` (${c.label})` : ''}`,
  };
  return text[c.reason];
}

/** Where a kind's configuration starts, so a finding's id and message name the setting from there. */
const ROOTS: Record<string, number> = { ConfigMap: 1, HelmRelease: 2, ExternalSecret: 3, Kustomization: 3 };

/**
 * Literal credentials in Git outside Secrets: container env values, ConfigMap data, HelmRelease values, ExternalSecret
 * templates, Flux substitutions (see `credentialCandidates`), and, anywhere in a manifest or a local Helm chart's
 * YAML, private key PEM blocks and tokens of a known format. Secrets themselves are `plaintext-secret`'s. Env values of manifests are fixable: they move
 * to a secretKeyRef.
 */
export const hardcodedCredential: Check = {
  id: HARDCODED_CREDENTIAL,
  description: 'A credential is written in plain text in a manifest (env value, ConfigMap, Helm values, private key).',
  run(context) {
    // The fix moves the value to a Secret a person fills with sops: in a repository without SOPS nobody could.
    const sops = usesSops(context);
    return [
      ...context.documents.flatMap((document) => {
        if (isSopsEncrypted(document.object)) return [];
        const ref = resourceRefOf(document.object);
        if (ref?.kind === 'Secret') return [];
        const candidates = credentialCandidates(document.object);
        return [
          ...(ref ? candidates.map((c) => candidateFinding(document, ref, c, sops, context)) : []),
          ...rawTextFindings(context, document, ref, candidates),
        ];
      }),
      ...context.chartFiles.flatMap((file) => chartFileFindings(context, file)),
    ];
  },
};

function candidateFinding(
  document: ManifestDocument,
  ref: ResourceRef,
  c: CredentialCandidate,
  sops: boolean,
  context: Pick<AnalysisContext, 'documents'>,
): Finding {
  const target = workloadContainers(document).find((t) => isUnder(c.path, [...t.path, 'env']));
  if (target && c.key !== undefined) return envFinding(document, target, c, sops, context);
  const dotted = c.path.slice(ROOTS[ref.kind] ?? 0).join('.');
  const advice =
    ref.kind === 'HelmRelease'
      ? 'valuesFrom or the chart’s existingSecret'
      : ref.kind === 'ExternalSecret'
        ? 'and template it from the store like the other keys'
        : 'and reference it instead';
  return {
    id: findingId(HARDCODED_CREDENTIAL, ref, dotted),
    check: HARDCODED_CREDENTIAL,
    severity: c.reason === 'known-format' ? 'critical' : 'high',
    category: 'security',
    resource: ref,
    file: document.file,
    line: lineOf(document, c.path),
    message: `${ref.kind} ${displayName(ref)}: ${dotted} ${why(c)}: keep it in a SOPS-encrypted Secret (${advice}) and rotate it.`,
    fixable: false,
    evidence: { where: WHERE[ref.kind] ?? 'manifest', path: dotted, reason: c.reason },
  };
}

const WHERE: Record<string, string> = {
  ConfigMap: 'configmap',
  HelmRelease: 'helm-values',
  ExternalSecret: 'external-secret-template',
  Kustomization: 'flux-substitution',
};

function envFinding(
  document: ManifestDocument,
  target: WorkloadContainer,
  c: CredentialCandidate,
  sops: boolean,
  context: Pick<AnalysisContext, 'documents'>,
): Finding {
  const env = c.key!;
  return {
    id: findingId(HARDCODED_CREDENTIAL, target.ref, `${target.name}/${env}`),
    check: HARDCODED_CREDENTIAL,
    severity: c.reason === 'known-format' ? 'critical' : 'high',
    category: 'security',
    resource: target.ref,
    file: document.file,
    line: lineOf(document, c.path),
    message:
      `${describeContainer(target)}: env ${env} ${why(c)}, readable by anyone with the repo and in Git ` +
      'history for good: move it to a SOPS-encrypted Secret, reference it with secretKeyRef, and rotate it.' +
      (sops ? '' : ` Triad leaves this one to a person: ${withoutSops(context, document.file)}.`),
    fixable: sops && target.source === 'manifest' && Array.isArray(target.container.env),
    evidence: {
      where: 'env',
      env,
      reason: c.reason,
      container: target.name,
      containerList: target.list,
      containerPath: [...target.path],
      podSpecPath: [...target.podSpecPath],
      source: target.source,
    },
  };
}

function isUnder(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length < path.length && prefix.every((p, i) => path[i] === p);
}

/**
 * Private key PEM blocks and known-format tokens anywhere in the document's text, comments included (Git keeps
 * them all); a token already reported at its setting is not reported twice.
 */
function rawTextFindings(
  context: AnalysisContext,
  document: ManifestDocument,
  ref: ResourceRef | undefined,
  candidates: readonly CredentialCandidate[],
): Finding[] {
  const [start, end] = document.range;
  return committedTextFindings({
    file: document.file,
    text: (context.files.get(document.file) ?? '').slice(start, end),
    resource: ref ?? { kind: 'File', name: document.file },
    part: document.index,
    lineAt: (offset) => document.lineCounter.linePos(start + offset).line,
    reported: ref ? candidates.map((c) => c.secret) : [],
  });
}

/** The same search in a file of a local Helm chart, a template or values file read as text only (SOPS files aside). */
function chartFileFindings(context: AnalysisContext, file: string): Finding[] {
  const text = context.files.get(file) ?? '';
  if (/^sops:/m.test(text)) return [];
  return committedTextFindings({
    file,
    text,
    resource: { kind: 'File', name: file },
    part: 0,
    lineAt: (offset) => text.slice(0, offset).split('\n').length,
    reported: [],
  });
}

/** Committed text to search for keys and tokens: one document of a manifest, or a whole chart file. */
interface CommittedText {
  file: string;
  text: string;
  resource: ResourceRef;
  /** Which document of the file, so ids of one file's documents differ. */
  part: number;
  /** 1-based line of an offset into `text`. */
  lineAt(offset: number): number;
  /** Values already reported at their setting. */
  reported: readonly string[];
}

function committedTextFindings({ file, text, resource, part, lineAt, reported }: CommittedText): Finding[] {
  const pems = privatePemBlocks(text);
  const insidePem = (offset: number) =>
    [...text.matchAll(/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g)].some(
      (m) => offset >= (m.index ?? 0) && offset < (m.index ?? 0) + m[0].length,
    );
  const tokens = knownTokens(text).filter(
    (t) => !reported.some((secret) => secret.includes(t.value)) && !insidePem(t.offset),
  );
  return [
    ...pems.map((pem, i) => ({
      id: findingId(HARDCODED_CREDENTIAL, resource, `pem-${part}-${i}`),
      line: lineAt(pem.offset),
      message: `${file} holds ${aOrAn(pem.label)} in plain text: treat the key as leaked, rotate it, and keep the new one in a SOPS-encrypted Secret.`,
      evidence: { where: 'pem', label: pem.label },
    })),
    ...tokens.map((token, i) => ({
      id: findingId(HARDCODED_CREDENTIAL, resource, `token-${part}-${i}`),
      line: lineAt(token.offset),
      message: `${file} holds ${aOrAn(token.label)} in plain text: revoke it with its issuer, and keep the new one in a SOPS-encrypted Secret.`,
      evidence: { where: 'text', label: token.label, reason: 'known-format' },
    })),
  ].map((f) => ({
    ...f,
    check: HARDCODED_CREDENTIAL,
    severity: 'critical' as const,
    category: 'security' as const,
    resource,
    file,
    fixable: false,
  }));
}
