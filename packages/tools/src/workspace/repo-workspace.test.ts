import { sopsSecret } from '@triad/analyzers/test-support';
import { GuardrailConfig } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { createRepoWorkspace } from './repo-workspace';
import type { SpecialEntry } from './special-entries';

const DEPLOY = 'apps/web/deployment.yaml';
const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec:\n  replicas: 1\n';
const special: SpecialEntry[] = [
  { path: 'apps/escape', kind: 'symlink', target: '../../etc' },
  { path: 'apps/alias', kind: 'symlink', target: 'web' },
  { path: 'apps/web/logo.png', kind: 'binary', size: 2048 },
  { path: 'dumps/db.sql', kind: 'too-large', size: 5_000_000 },
];

function workspace() {
  return createRepoWorkspace({
    files: new Map([
      [DEPLOY, deploy],
      ['apps/web/secret.sops.yaml', sopsSecret('apps', 'web')],
      ['clusters/home/flux-system/gotk-components.yaml', 'kind: List\n'],
    ]),
    special,
    guardrails: GuardrailConfig.parse({ deny: ['infra/**'] }),
  });
}

describe('repo workspace', () => {
  it('reads, edits with an exact unique match, writes and removes in memory, and diffs', () => {
    const ws = workspace();
    expect(ws.edit(DEPLOY, 'replicas: 1', 'replicas: 2')).toEqual({ ok: true, value: { path: DEPLOY } });
    expect(ws.read(DEPLOY)).toMatchObject({
      ok: true,
      value: { content: deploy.replace('replicas: 1', 'replicas: 2'), sops: false },
    });
    expect(ws.write('apps/web/pdb.yaml', 'kind: PodDisruptionBudget\n')).toMatchObject({
      ok: true,
      value: { created: true },
    });
    expect(ws.remove('apps/web/pdb.yaml')).toMatchObject({ ok: true });
    expect(ws.edits()).toEqual([{ path: DEPLOY, before: deploy, after: deploy.replace('replicas: 1', 'replicas: 2') }]);
    expect(ws.diff()).toContain('-  replicas: 1\n+  replicas: 2');
    expect(ws.list('apps/web/**')).toEqual([
      'apps/web/deployment.yaml',
      'apps/web/logo.png',
      'apps/web/secret.sops.yaml',
    ]);
  });

  it('shows a SOPS file as its structure with every value masked, and refuses to edit it', () => {
    const ws = workspace();
    const read = ws.read('apps/web/secret.sops.yaml');
    if (!read.ok) throw new Error(read.refusal.message);
    expect(read.value.sops).toBe(true);
    expect(read.value.content).toContain('password: "<encrypted: edit with sops>"');
    expect(read.value.content).toContain('name: web');
    expect(read.value.content).not.toMatch(/ENC\[|age1|BEGIN AGE/);
    expect(ws.edit('apps/web/secret.sops.yaml', 'name: web', 'name: x')).toMatchObject({
      ok: false,
      refusal: { code: 'sops-encrypted' },
    });
  });

  it.each([
    ['read', '../outside.yaml', 'path-outside-repo'],
    ['read', '/etc/passwd', 'path-outside-repo'],
    ['read', '.git/config', 'git-internals'],
    ['read', 'apps/escape/shadow', 'symlink'],
    ['read', 'apps/alias/deployment.yaml', 'symlink'],
    ['read', 'apps/web/logo.png', 'binary'],
    ['read', 'dumps/db.sql', 'too-large'],
    ['read', 'apps/nope.yaml', 'not-found'],
    ['write', 'apps/escape/x.yaml', 'symlink'],
    ['write', '.git/hooks/pre-commit', 'git-internals'],
    ['write', 'apps/../../x.yaml', 'path-outside-repo'],
    ['write', 'clusters/home/flux-system/gotk-components.yaml', 'path-denied'],
    ['write', 'apps/.sops.yaml', 'path-denied'],
    ['write', 'keys/age.agekey', 'path-denied'],
    ['write', 'infra/x.yaml', 'path-denied'],
    ['write', 'apps/web/logo.png', 'binary'],
    ['write:big', 'apps/big.yaml', 'too-large'],
    ['write:nul', 'apps/nul.yaml', 'binary'],
    ['edit:missing', DEPLOY, 'no-match'],
    ['edit:twice', DEPLOY, 'ambiguous-match'],
    ['remove', 'apps/nope.yaml', 'not-found'],
    ['remove', 'apps/web/logo.png', 'binary'],
  ])('%s %s is refused (%s) and nothing is written', (op, path, code) => {
    const ws = workspace();
    const result =
      op === 'read'
        ? ws.read(path)
        : op === 'write'
          ? ws.write(path, 'kind: ConfigMap\n')
          : op === 'write:big'
            ? ws.write(path, `x: "${'a'.repeat(1024 * 1024)}"\n`)
            : op === 'write:nul'
              ? ws.write(path, 'a\u0000b')
              : op === 'edit:missing'
                ? ws.edit(path, 'replicas: 7', 'replicas: 8')
                : op === 'edit:twice'
                  ? ws.edit(path, 'p', 'q')
                  : ws.remove(path);
    expect(result).toMatchObject({ ok: false, refusal: { code, path } });
    if (!result.ok) expect(result.refusal.message.length).toBeGreaterThan(20);
    expect(ws.edits()).toEqual([]);
  });

  it('applies only edits that pass the guardrails and the validation', async () => {
    const ws = workspace();
    ws.write(
      'apps/web/secret.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}\n',
    );
    let committed = false;
    const outcome = await ws.apply(async () => {
      committed = true;
    });
    expect(committed).toBe(false);
    expect(outcome).toMatchObject({ ok: false, check: { refusals: [{ rule: 'plaintext-secret' }] } });
    expect(
      await createRepoWorkspace({ files: new Map(), guardrails: GuardrailConfig.parse({}) }).apply(async () => 1),
    ).toMatchObject({
      ok: false,
      reason: 'nothing to apply: no file was changed',
    });
  });
});
