import { GuardrailConfig } from '@triad/core';
import type { ToolCall } from '@triad/llm';
import type { ModelToolCallRecord } from '@triad/tools';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../redaction';
import type { ClusterReader } from './cluster-reader';
import { DraftToolBox } from './draft-tool-box';

const DEPLOY = 'apps/web/deployment.yaml';
const TOKEN = 'Zx8vQm2Lr5Tn9Wk3Hs7Yd1Bc4Fg6Jp0Ae2U';
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: API_TOKEN
              value: ${TOKEN}
`;
const SECRET = `apiVersion: v1\nkind: Secret\nmetadata: {name: admin, namespace: apps}\nstringData:\n  password: hunter2-${TOKEN}\n`;

function box(cluster?: ClusterReader) {
  const records: ModelToolCallRecord[] = [];
  const tools = new DraftToolBox({
    files: new Map([[DEPLOY, deployment]]),
    redactor: new Redactor({ sessionKey: 's1' }),
    guardrails: GuardrailConfig.parse({}),
    ...(cluster ? { cluster } : {}),
    onCall: async (record) => void records.push(record),
  });
  let n = 0;
  const call = (name: string, input: Record<string, unknown> = {}) => tools.execute({ id: `c${n++}`, name, input });
  return { tools, records, call };
}

const submit = (call: (name: string, input: Record<string, unknown>) => ReturnType<DraftToolBox['execute']>) =>
  call('submit_proposal', { commit_message: 'Scale web to 2', addresses: ['f1'], adr: null });

describe('DraftToolBox', () => {
  it('offers the tool layer repo tools and only the agent side tools beside them', () => {
    expect(box().tools.definitions.map((d) => d.name)).toEqual([
      'repo_list',
      'repo_read',
      'repo_edit',
      'repo_write',
      'repo_remove',
      'repo_diff',
      'repo_check',
      'repo_fix_findings',
      'get_cluster_object',
      'submit_proposal',
      'give_up',
    ]);
  });

  it('shows files redacted and untrusted, restores placeholders in writes, and records calls without contents', async () => {
    const { tools, records, call } = box();
    const read = await call('repo_read', { path: DEPLOY });
    expect(read.content).toMatch(/^<untrusted-data source="apps\/web\/deployment.yaml">\n/);
    expect(read.content).not.toContain(TOKEN);
    const placeholder = /value: (REDACTED-\S+)/.exec(read.content)?.[1];
    expect(placeholder).toBeDefined();
    const edit = await call('repo_edit', {
      path: DEPLOY,
      old_text: `replicas: 1`,
      new_text: 'replicas: 2',
    });
    expect(edit).toEqual({ content: `edited ${DEPLOY}`, changed: true });
    const diff = await call('repo_diff');
    expect(diff.content).toMatch(/^<untrusted-data source="diff of your edits">/);
    expect(diff.content).toContain('+  replicas: 2');
    // The model edits around the placeholder it saw: the real value comes back, unchanged.
    await call('repo_edit', {
      path: DEPLOY,
      old_text: `value: ${placeholder}`,
      new_text: `value: ${placeholder} # kept`,
    });
    expect(tools.edits()).toEqual([
      { path: DEPLOY, after: deployment.replace('replicas: 1', 'replicas: 2').replace(TOKEN, `${TOKEN} # kept`) },
    ]);
    expect(records.map((r) => [r.tool, r.ok, r.summary])).toEqual([
      ['repo_read', true, `read ${DEPLOY}`],
      ['repo_edit', true, `edited ${DEPLOY}`],
      ['repo_diff', true, 'diff of 1 changed files'],
      ['repo_edit', true, `edited ${DEPLOY}`],
    ]);
    expect(JSON.stringify(records)).not.toContain(TOKEN);
    expect(JSON.stringify(records)).not.toContain('apiVersion');
  });

  it('refuses with the tool layer reasons, as errors the model reads, and changes nothing', async () => {
    const { tools, records, call } = box();
    const outside = await call('repo_write', { path: '../escape.yaml', content: 'x: 1\n' });
    expect(outside).toMatchObject({ isError: true, content: expect.stringMatching(/^refused \(path-outside-repo\)/) });
    expect(outside.changed).toBeUndefined();
    const twice = await call('repo_edit', { path: DEPLOY, old_text: 'a', new_text: 'b' });
    expect(twice).toMatchObject({ isError: true, content: expect.stringMatching(/^refused \(ambiguous-match\)/) });
    const unknown = await call('kubectl_apply', { manifest: 'x' });
    expect(unknown).toMatchObject({
      isError: true,
      content: expect.stringMatching(/^unknown tool kubectl_apply: use/),
    });
    expect(unknown.content).toContain('give_up');
    expect(tools.edits()).toEqual([]);
    expect(records.map((r) => [r.tool, r.ok, r.refusal ?? null])).toEqual([
      ['repo_write', false, 'path-outside-repo'],
      ['repo_edit', false, 'ambiguous-match'],
      ['kubectl_apply', false, null],
    ]);
  });

  it('refuses to submit while the tool layer refuses the change, and submits once it is fixed', async () => {
    const { records, call } = box();
    expect(await submit(call)).toMatchObject({ isError: true, content: expect.stringMatching(/^nothing changed yet/) });
    await call('repo_edit', { path: DEPLOY, old_text: 'replicas: 1', new_text: 'replicas: 2' });
    await call('repo_write', { path: 'apps/web/admin-secret.yaml', content: SECRET });
    const refused = await submit(call);
    expect(refused.final).toBeUndefined();
    expect(refused).toMatchObject({ isError: true, content: expect.stringMatching(/^not submitted: /) });
    expect(refused.content).toContain('- [plaintext-secret] ');
    expect(refused.content).not.toContain(TOKEN);

    expect(await call('repo_remove', { path: 'apps/web/admin-secret.yaml' })).toMatchObject({ changed: true });
    const submitted = await submit(call);
    expect(submitted.final).toEqual({
      kind: 'proposal',
      edits: [{ path: DEPLOY, after: deployment.replace('replicas: 1', 'replicas: 2') }],
      commitMessage: 'Scale web to 2',
      addresses: ['f1'],
    });
    const submits = records.filter((r) => r.tool === 'submit_proposal');
    expect(submits.map((r) => [r.ok, r.summary])).toEqual([
      [false, 'nothing changed yet: edit files first, or call give_up'],
      [false, expect.stringMatching(/^not submitted: .*plaintext-secret/)],
      [true, 'submitted 1 file'],
    ]);
    expect(submits[2]?.input).toEqual({ commit_messageChars: 14, addresses: ['f1'], adr: false });
  });

  it('reads cluster objects through the reader, redacted and untrusted, and says when it cannot', async () => {
    const asked: unknown[] = [];
    const reader: ClusterReader = {
      async get(kind, ref) {
        asked.push([kind, ref]);
        if (ref.name === 'boom') throw new Error('the API server is unreachable');
        return ref.name === 'apps'
          ? { kind, metadata: { name: 'apps', annotations: { token: TOKEN } }, status: { ready: false } }
          : undefined;
      },
    };
    const { records, call } = box(reader);
    const object = await call('get_cluster_object', { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' });
    expect(object.isError).toBeUndefined();
    expect(object.content).toMatch(/^<untrusted-data source="cluster Kustomization">\n\{/);
    expect(object.content).toContain('"ready": false');
    expect(object.content).not.toContain(TOKEN);
    const missing = await call('get_cluster_object', { kind: 'Pod', namespace: 'apps', name: 'gone' });
    expect(missing).toEqual({ content: 'Pod apps/gone does not exist', isError: true });
    const failing = await call('get_cluster_object', { kind: 'Node', namespace: '', name: 'boom' });
    expect(failing).toEqual({ content: 'could not read Node boom: the API server is unreachable', isError: true });
    const kind = await call('get_cluster_object', { kind: 'Deployment', namespace: 'apps', name: 'web' });
    expect(kind).toMatchObject({ isError: true, content: expect.stringMatching(/^"Deployment" is not a kind .* Pod/) });
    expect(asked).toEqual([
      ['Kustomization', { namespace: 'flux-system', name: 'apps' }],
      ['Pod', { namespace: 'apps', name: 'gone' }],
      ['Node', { name: 'boom' }],
    ]);
    expect(records.map((r) => [r.ok, r.summary])).toEqual([
      [true, 'read Kustomization flux-system/apps'],
      [false, 'Pod apps/gone does not exist'],
      [false, 'could not read Node boom: the API server is unreachable'],
      [false, expect.stringMatching(/^"Deployment" is not a kind/)],
    ]);

    const without = await box().call('get_cluster_object', { kind: 'Pod', namespace: 'apps', name: 'web' });
    expect(without).toMatchObject({ isError: true, content: expect.stringMatching(/^no cluster is connected/) });
  });

  it('gives up with the reason restored, and records it', async () => {
    const { records, call } = box();
    const end = await call('give_up', {
      reason: 'already fixed upstream',
      nothing_to_do: true,
    } satisfies ToolCall['input']);
    expect(end.final).toEqual({ kind: 'nothing_to_do', reason: 'already fixed upstream' });
    expect(records).toEqual([
      {
        tool: 'give_up',
        input: { reasonChars: 22, nothing_to_do: true },
        ok: true,
        summary: 'nothing to do: the problem is gone',
        durationMs: expect.any(Number),
      },
    ]);
  });
});
