import { sopsSecret } from '@triad/analyzers/test-support';
import { GuardrailConfig } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { createRepoWorkspace } from '../workspace/repo-workspace';
import { createModelToolExecutor, type ModelToolCallRecord } from './model-tool-executor';

const DEPLOY = 'apps/web.yaml';
const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec:\n  replicas: 1\n';

function setup() {
  const calls: ModelToolCallRecord[] = [];
  const workspace = createRepoWorkspace({
    files: new Map([
      [DEPLOY, deploy],
      ['apps/secret.sops.yaml', sopsSecret('apps', 'db')],
    ]),
    guardrails: GuardrailConfig.parse({}),
  });
  const tools = createModelToolExecutor({ workspace, onCall: (record) => void calls.push(record) });
  return { calls, workspace, tools };
}

describe('model tools', () => {
  it('run against the workspace, and every call is recorded without file contents', async () => {
    const { calls, workspace, tools } = setup();
    const edited = await tools.execute({
      name: 'repo_edit',
      input: { path: DEPLOY, old_text: 'replicas: 1', new_text: 'replicas: 2' },
    });
    expect(edited).toEqual({ ok: true, content: `edited ${DEPLOY}` });
    expect((await tools.execute({ name: 'repo_diff', input: {} })).content).toContain('+  replicas: 2');
    expect((await tools.execute({ name: 'repo_check', input: {} })).content).toBe(
      'the guardrails and the validation pass',
    );
    expect(workspace.edits()).toHaveLength(1);
    expect(calls.map((c) => [c.tool, c.ok, c.input])).toEqual([
      ['repo_edit', true, { path: DEPLOY, old_textChars: 11, new_textChars: 11 }],
      ['repo_diff', true, {}],
      ['repo_check', true, {}],
    ]);
    // A read's record names the file and its size; the file's text stays out of the log.
    await tools.execute({ name: 'repo_read', input: { path: DEPLOY } });
    const read = calls.at(-1);
    expect(read?.summary).toBe(`read ${DEPLOY} (${deploy.replace('replicas: 1', 'replicas: 2').length} characters)`);
    expect(JSON.stringify(calls)).not.toContain('apiVersion');
  });

  it('treat inherited property names as unknown tools', async () => {
    const { tools } = setup();
    const result = await tools.execute({ name: 'toString', input: {} });
    expect(result).toMatchObject({ ok: false, content: expect.stringMatching(/^unknown tool toString/) });
  });

  it('return refusals and invalid input as errors the model reads, and change nothing', async () => {
    const { calls, workspace, tools } = setup();
    const results = [
      await tools.execute({ name: 'repo_write', input: { path: '../escape.yaml', content: 'x: 1\n' } }),
      await tools.execute({ name: 'repo_edit', input: { path: DEPLOY } }),
      await tools.execute({ name: 'kubectl_apply', input: {} }),
      await tools.execute({ name: 'repo_read', input: { path: 'apps/secret.sops.yaml' } }),
    ];
    expect(results.map((r) => r.ok)).toEqual([false, false, false, true]);
    expect(results[0]?.content).toMatch(/^refused \(path-outside-repo\): /);
    expect(results[1]?.content).toMatch(/^invalid input for repo_edit: old_text/);
    expect(results[2]?.content).toMatch(/^unknown tool kubectl_apply: use one of repo_list/);
    expect(results[3]?.content).not.toContain('ENC[');
    expect(workspace.edits()).toEqual([]);
    expect(calls.map((c) => c.refusal ?? null)).toEqual(['path-outside-repo', null, null, null]);
  });

  it('repo_check lists what the guardrails would refuse', async () => {
    const { tools } = setup();
    await tools.execute({
      name: 'repo_edit',
      input: { path: DEPLOY, old_text: 'spec:\n', new_text: 'spec:\n  template: {spec: {hostNetwork: true}}\n' },
    });
    const check = await tools.execute({ name: 'repo_check', input: {} });
    expect(check).toMatchObject({ ok: false });
    expect(check.content).toMatch(/^- \[host-namespace-introduced\] /);
  });
});
