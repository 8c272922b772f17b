import { GuardrailConfig, TriadError } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { checkRevert, revertEdits } from './revert-edits';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const web = (image: string, replicas = 1) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec:\n  replicas: ${replicas}\n  template: {spec: {containers: [{name: web, image: ${image}}]}}\n`;
const secret =
  'apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\nstringData: {password: hunter2hunter2}\n';

describe('reverting a commit', () => {
  it("undoes the commit's change on top of what each file holds now", () => {
    const parent = new Map([['apps/web.yaml', web('nginx')]]);
    const at = new Map([['apps/web.yaml', web('nginx:2')]]);
    const now = new Map([['apps/web.yaml', web('nginx:2')]]);
    expect(revertEdits(SHA, { now, at, parent })).toEqual([
      { path: 'apps/web.yaml', before: web('nginx:2'), after: web('nginx') },
    ]);
  });

  it('keeps later changes to other lines, and refuses when they touched the same lines', () => {
    const parent = new Map([['apps/web.yaml', `${web('nginx')}${'# padding\n'.repeat(8)}`]]);
    const at = new Map([['apps/web.yaml', `${web('nginx:2')}${'# padding\n'.repeat(8)}`]]);
    const later = new Map([['apps/web.yaml', `${web('nginx:2')}${'# padding\n'.repeat(8)}# note\n`]]);
    expect(revertEdits(SHA, { now: later, at, parent })[0]?.after).toBe(
      `${web('nginx')}${'# padding\n'.repeat(8)}# note\n`,
    );
    const clash = new Map([['apps/web.yaml', `${web('nginx:3')}${'# padding\n'.repeat(8)}`]]);
    const conflict = (() => {
      try {
        revertEdits(SHA, { now: clash, at, parent });
      } catch (error) {
        return error;
      }
    })();
    expect(conflict).toBeInstanceOf(TriadError);
    expect(conflict).toMatchObject({ code: 'revert_conflict' });
    expect((conflict as Error).message).toBe(
      'reverting 0123456789ab conflicts with later changes to apps/web.yaml: revert it by hand',
    );
  });

  it('goes through the guardrails: a revert that brings back a plaintext Secret is refused', () => {
    const parent = new Map([['apps/secret.yaml', secret]]);
    const at = new Map<string, string>();
    const check = checkRevert(SHA, { now: at, at, parent }, GuardrailConfig.parse({}));
    expect(check).toMatchObject({ ok: false, refusals: [{ rule: 'plaintext-secret', path: 'apps/secret.yaml' }] });
  });
});
