import { analyzeRepo } from '@triad/analyzers';
import { GuardrailConfig } from '@triad/core';
import { checkChange, riskFloor } from '@triad/policy';
import { decryptSops } from 'sops-age';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createModelToolExecutor } from '../model-tools/model-tool-executor';
import { createRepoWorkspace } from '../workspace/repo-workspace';
import { fixAndEncrypt } from './encrypt-fix';
import { ageKeygen, type TestIdentity } from './test-support/test-identity';

const TOKEN = 'tok-9f8e7d6c5b4a3928';
const NOW = new Date('2026-11-29T21:00:00Z');

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1
          env:
            - name: API_TOKEN
              value: "${TOKEN}"
`;
const flux = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;

function repoFor(recipients: string[]): Map<string, string> {
  return new Map([
    [
      '.sops.yaml',
      `creation_rules:\n  - path_regex: apps/.*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${recipients.join(',')}\n`,
    ],
    ['apps/web/deployment.yaml', deployment],
    ['apps/web/kustomization.yaml', 'resources:\n  - deployment.yaml\n'],
    ['apps/kustomization.yaml', 'resources:\n  - web\n'],
    ['clusters/apps.yaml', flux],
  ]);
}

let alice: TestIdentity;
let bob: TestIdentity;
beforeAll(async () => {
  [alice, bob] = await Promise.all([ageKeygen(), ageKeygen()]);
});
afterAll(async () => {
  await Promise.all([alice?.remove(), bob?.remove()]);
});

describe('fixAndEncrypt', () => {
  it('commits the credential only encrypted: every recipient decrypts it, and the change passes the guardrails', async () => {
    const files = repoFor([alice.recipient, bob.recipient]);
    const findings = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
    const outcome = await fixAndEncrypt(files, findings, NOW);
    if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
    expect(outcome.encrypt).toBeUndefined();
    expect([...outcome.files.values()].filter((text) => text.includes(TOKEN))).toEqual([]);
    const secret = outcome.files.get('apps/web/web-secret.sops.yaml')!;
    for (const identity of [alice, bob]) {
      const clear = await decryptSops(secret, { secretKey: identity.secretKey, fileType: 'yaml' });
      expect(clear.stringData).toEqual({ API_TOKEN: TOKEN });
    }
    const edits = [...outcome.files].map(([path, after]) => ({ path, before: files.get(path) ?? null, after }));
    expect(checkChange(files, edits, GuardrailConfig.parse({}))).toEqual({ ok: true, refusals: [] });
    expect(riskFloor(edits).level).toBe('low');
    expect(parse(outcome.files.get('clusters/apps.yaml')!).spec.decryption.provider).toBe('sops');
  });

  it('gives a model the fix through repo_fix_findings: it reads paths and a commit message, never the value', async () => {
    const files = repoFor([alice.recipient]);
    const workspace = createRepoWorkspace({ files, guardrails: GuardrailConfig.parse({}) });
    const records: unknown[] = [];
    const tools = createModelToolExecutor({ workspace, clock: () => NOW, onCall: (r) => void records.push(r) });
    const [finding] = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
    const result = await tools.execute({ name: 'repo_fix_findings', input: { finding_ids: finding!.id } });
    expect(result.ok).toBe(true);
    expect(result.content).toContain('wrote apps/web/deployment.yaml');
    expect(result.content).toContain('fix(security): read API_TOKEN of Deployment apps/web from Secret web-secret');
    const diff = await tools.execute({ name: 'repo_diff', input: {} });
    const read = await tools.execute({ name: 'repo_read', input: { path: 'apps/web/web-secret.sops.yaml' } });
    for (const seen of [result.content, diff.content, read.content, JSON.stringify(records)]) {
      expect(seen).not.toContain(TOKEN);
    }
    expect(diff.content).toContain('REDACTED-1');
    expect(workspace.check()).toEqual({ ok: true, refusals: [] });
    const clear = await decryptSops(workspace.currentFiles().get('apps/web/web-secret.sops.yaml')!, {
      secretKey: alice.secretKey,
      fileType: 'yaml',
    });
    expect(clear.stringData.API_TOKEN).toBe(TOKEN);
  });

  it('moves an env literal of HelmRelease values into a Secret of its targetNamespace, at low risk', async () => {
    const files = repoFor([alice.recipient]);
    files.delete('apps/web/deployment.yaml');
    files.set('apps/web/kustomization.yaml', 'resources:\n  - helmrelease.yaml\n');
    files.set(
      'apps/web/helmrelease.yaml',
      [
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata: {name: webui, namespace: flux-system}',
        'spec:',
        '  targetNamespace: ai',
        '  chart: {spec: {chart: open-webui, sourceRef: {kind: HelmRepository, name: open-webui}}}',
        '  values:',
        '    extraEnvVars:',
        '      - name: OPENAI_API_KEY',
        `        value: "${TOKEN}"`,
        '',
      ].join('\n'),
    );
    const finding = {
      id: 'hardcoded-credential/HelmRelease/flux-system/webui/OPENAI_API_KEY',
      check: 'hardcoded-credential',
      severity: 'high' as const,
      category: 'security' as const,
      resource: { kind: 'HelmRelease', namespace: 'flux-system', name: 'webui' },
      file: 'apps/web/helmrelease.yaml',
      line: 10,
      message: 'env OPENAI_API_KEY holds a literal',
      fixable: true,
      evidence: { where: 'env', env: 'OPENAI_API_KEY', envPath: ['spec', 'values', 'extraEnvVars'] },
    };
    // The chart's env list is `extraEnvVars`: the finding names the list (`envPath`) when it is not a container's `env`.
    const outcome = await fixAndEncrypt(files, [finding], NOW);
    if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
    const secret = await decryptSops(outcome.files.get('apps/web/webui-secret.sops.yaml')!, {
      secretKey: alice.secretKey,
      fileType: 'yaml',
    });
    expect(secret.metadata).toEqual({ name: 'webui-secret', namespace: 'ai' });
    expect(secret.stringData.OPENAI_API_KEY).toBe(TOKEN);
    expect(parse(outcome.files.get('apps/web/helmrelease.yaml')!).spec.values.extraEnvVars).toEqual([
      { name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'webui-secret', key: 'OPENAI_API_KEY' } } },
    ]);
    const edits = [...outcome.files].map(([path, after]) => ({ path, before: files.get(path) ?? null, after }));
    expect(riskFloor(edits)).toEqual({ level: 'low', reasons: [] });
  });

  it('keeps the placeholder, with the reason, when no age recipient covers the path', async () => {
    const files = repoFor([alice.recipient]);
    files.set('.sops.yaml', `creation_rules:\n  - path_regex: clusters/\n    age: ${alice.recipient}\n`);
    const findings = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
    const outcome = await fixAndEncrypt(files, findings, NOW);
    if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
    expect(outcome.humanSteps?.[0]).toContain('no creation rule of .sops.yaml matches apps/web/web-secret.sops.yaml');
    const edits = [...outcome.files].map(([path, after]) => ({ path, before: files.get(path) ?? null, after }));
    expect(riskFloor(edits).level).toBe('high');
  });
});
