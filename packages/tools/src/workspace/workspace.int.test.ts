import { fluxKustomization } from '@triad/analyzers/test-support';
import { GuardrailConfig } from '@triad/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitWorkspace } from '../git/git-workspace';
import { runGit } from '../git/run-git';
import { createTestRemote, type TestRemote } from '../git/test-support/test-remote';
import { revertChecked } from './checked-revert';
import { createRepoWorkspace, type RepoWorkspace } from './repo-workspace';
import { readSpecialEntries } from './special-entries';

const WEB = 'apps/web.yaml';
const web = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: apps}',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx',
  '',
].join('\n');
const CONTAINER = '        - name: web\n          image: nginx\n';

const initial = {
  [WEB]: web,
  'apps/kustomization.yaml': 'resources:\n  - web.yaml\n',
  'clusters/home/apps.yaml': fluxKustomization('apps', './apps'),
  'apps/escape': { symlink: '../../../etc' },
  'apps/inside': { symlink: 'web.yaml' },
  'apps/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
  'dumps/big.yaml': `x: "${'a'.repeat(1024 * 1024 + 10)}"\n`,
};

describe.sequential('repo workspace on a real clone', () => {
  let remote: TestRemote;
  let git: GitWorkspace;

  beforeEach(async () => {
    remote = await createTestRemote(initial);
    git = remote.workspace('clone');
  });
  afterEach(() => remote.cleanup());

  async function open(config: Partial<GuardrailConfig> = {}): Promise<RepoWorkspace> {
    const head = await git.sync();
    const special = await readSpecialEntries(runGit, `${remote.root}/clone`, head);
    return createRepoWorkspace({
      files: await git.readFiles(head),
      special,
      guardrails: GuardrailConfig.parse(config),
    });
  }

  it('knows the symlinks, binaries and large files git holds, and refuses them with a reason', async () => {
    const head = await git.sync();
    expect(await readSpecialEntries(runGit, `${remote.root}/clone`, head)).toEqual([
      { path: 'apps/escape', kind: 'symlink', target: '../../../etc' },
      { path: 'apps/inside', kind: 'symlink', target: 'web.yaml' },
      { path: 'apps/logo.png', kind: 'binary', size: 6 },
      { path: 'dumps/big.yaml', kind: 'too-large', size: 1024 * 1024 + 16 },
    ]);
    const ws = await open();
    expect(ws.read('apps/escape/passwd')).toMatchObject({ ok: false, refusal: { code: 'symlink' } });
    expect(ws.read('apps/inside')).toMatchObject({
      ok: false,
      refusal: { code: 'symlink', message: expect.stringContaining('use apps/web.yaml') },
    });
    expect(ws.write('apps/escape/x.yaml', 'a: 1\n')).toMatchObject({ ok: false, refusal: { code: 'symlink' } });
    expect(ws.read('apps/logo.png')).toMatchObject({ ok: false, refusal: { code: 'binary' } });
    expect(ws.read('dumps/big.yaml')).toMatchObject({ ok: false, refusal: { code: 'too-large' } });
  });

  it('applies a change that passes, as one commit with its trailers', async () => {
    const ws = await open();
    ws.edit(WEB, '          image: nginx\n', '          image: nginx:1.27\n');
    const before = await remote.remoteHead();
    const outcome = await ws.apply((edits) =>
      git.commitAndPush({ edits, message: 'pin nginx', trailers: [['Triad-Task', 't1']] }),
    );
    expect(outcome.ok).toBe(true);
    const after = await remote.remoteHead();
    expect(after).not.toBe(before);
    expect(await remote.git(['show', `${after}:${WEB}`])).toContain('image: nginx:1.27');
    expect(await remote.git(['log', '-1', '--format=%(trailers:key=Triad-Task,valueonly)', after])).toBe('t1');
  });

  const secret =
    'apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\nstringData: {password: hunter2}\n';
  const withContainer = (extra: string) => (ws: RepoWorkspace) => ws.edit(WEB, CONTAINER, `${CONTAINER}${extra}`);
  const cases: [string, (ws: RepoWorkspace) => unknown, Partial<GuardrailConfig>?][] = [
    ['plaintext-secret', (ws) => ws.write('apps/secret.yaml', secret)],
    ['credential-literal', withContainer('          env: [{name: DB_PASSWORD, value: hunter2}]\n')],
    ['privileged-introduced', withContainer('          securityContext: {privileged: true}\n')],
    ['capabilities-added', withContainer('          securityContext: {capabilities: {add: [SYS_ADMIN]}}\n')],
    [
      'host-path-introduced',
      (ws) => ws.edit(WEB, '    spec:\n', '    spec:\n      volumes: [{name: h, hostPath: {path: /}}]\n'),
    ],
    ['host-namespace-introduced', (ws) => ws.edit(WEB, '    spec:\n', '    spec:\n      hostPID: true\n')],
    [
      'too-many-files',
      (ws) => {
        for (const n of ['a', 'b', 'c']) ws.write(`apps/${n}.yaml`, `kind: ConfigMap\nmetadata: {name: ${n}}\n`);
      },
      { maxFiles: 2 },
    ],
    [
      'too-many-lines',
      withContainer('          args: [a, b]\n          ports: [{containerPort: 80}]\n'),
      { maxChangedLines: 1 },
    ],
    ['yaml-invalid', (ws) => ws.write(WEB, 'kind: Deployment\nspec: [unclosed\n')],
    ['yaml-duplicate-key', (ws) => ws.write('apps/dup.yaml', 'kind: ConfigMap\nkind: Secret\n')],
    [
      'yaml-alias-bomb',
      (ws) =>
        ws.write(
          'apps/bomb.yaml',
          [
            'a: &a [x, x, x, x, x, x, x, x, x, x]',
            ...'bcdef'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`),
          ].join('\n'),
        ),
    ],
    [
      'kustomization-resource-missing',
      (ws) => ws.write('apps/kustomization.yaml', 'resources:\n  - web.yaml\n  - gone.yaml\n'),
    ],
    ['flux-path-missing', (ws) => ws.write('clusters/home/apps.yaml', fluxKustomization('apps', './nowhere'))],
    ['unresolved-substitution', withContainer('          env: [{name: HOST, value: "web.\u0024{DOMAIN}"}]\n')],
  ];

  it.each(cases)('%s: refused, and nothing reaches the remote', async (rule, change, config) => {
    const ws = await open(config ?? {});
    change(ws);
    expect(ws.edits().length).toBeGreaterThan(0);
    const before = await remote.remoteHead();
    let pushed = false;
    const outcome = await ws.apply(async (edits) => {
      pushed = true;
      return git.commitAndPush({ edits, message: 'should not land', trailers: [] });
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.check?.refusals.map((r) => r.rule)).toContain(rule);
    expect(pushed).toBe(false);
    expect(await remote.remoteHead()).toBe(before);
  });

  it('path-denied and outside paths are refused at the write itself, so nothing can be applied', async () => {
    const ws = await open({ deny: ['apps/protected/**'] });
    for (const path of [
      'clusters/home/flux-system/gotk-components.yaml',
      '.sops.yaml',
      'apps/protected/x.yaml',
      '../x.yaml',
      '.git/config',
    ]) {
      expect(ws.write(path, 'a: 1\n').ok, path).toBe(false);
    }
    const before = await remote.remoteHead();
    expect(await ws.apply(async () => git.commitAndPush({ edits: [], message: 'x', trailers: [] }))).toMatchObject({
      ok: false,
    });
    expect(await remote.remoteHead()).toBe(before);
  });

  it('reverts through the same checks: a revert that would bring back a plaintext Secret is refused', async () => {
    await remote.pushFromOtherClone({ 'apps/secret.yaml': secret }, 'oops');
    const removal = await remote.pushFromOtherClone({ 'apps/secret.yaml': null }, 'remove the plaintext secret');
    const head = await remote.remoteHead();
    const refused = await revertChecked(git, removal, { trailers: [] }, GuardrailConfig.parse({}));
    expect(refused).toMatchObject({ ok: false, check: { refusals: [{ rule: 'plaintext-secret' }] } });
    expect(await remote.remoteHead()).toBe(head);

    const bump = await remote.pushFromOtherClone({ [WEB]: web.replace('image: nginx', 'image: nginx:2') }, 'bump');
    const reverted = await revertChecked(git, bump, { trailers: [['Triad-Task', 't2']] }, GuardrailConfig.parse({}));
    if (!reverted.ok) throw new Error(JSON.stringify(reverted.check));
    expect(await remote.git(['show', `${reverted.sha}:${WEB}`])).toBe(web.trimEnd());
  });
});
