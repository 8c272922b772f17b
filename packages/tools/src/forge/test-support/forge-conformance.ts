import { TriadError } from '@triad/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORGE_TOKEN_VARIABLES, type ForgePort, type PullRequestDraft } from '../forge-port';
import type { LoopbackForge } from './loopback-forge';

/** A forge under test: its loopback server and the adapter over it, made with any token. */
export interface ForgeUnderTest {
  server: LoopbackForge;
  token: string;
  forge(token: string): ForgePort;
}

const draft = (head: string): PullRequestDraft => ({
  head,
  base: 'main',
  title: 'fix(flux): decrypt SOPS secrets in Kustomization flux-system/apps',
  body: '## Findings fixed\n\n- `flux-sops-without-decryption/Kustomization/flux-system/apps`\n',
  labels: ['triad', 'triad:risk-medium'],
});

/** What every forge adapter must do against a server that speaks its forge's REST API. */
export function describeForgeConformance(name: string, setup: () => Promise<ForgeUnderTest>) {
  describe(`forge port conformance: ${name}`, () => {
    let under: ForgeUnderTest;
    let forge: ForgePort;
    beforeAll(async () => {
      under = await setup();
      forge = under.forge(under.token);
    });
    afterAll(() => under?.server.stop());

    it('opens a pull request for a pushed branch with its title, body and risk labels', async () => {
      const opened = await forge.openPullRequest(draft('triad/s1/s1-c1t1'));
      expect(opened.number).toBeGreaterThan(0);
      expect(opened.url).toMatch(new RegExp(`^${under.server.origin}/.+${opened.number}$`));
      const held = under.server.pulls.find((pull) => pull.number === opened.number);
      expect(held).toMatchObject({
        head: 'triad/s1/s1-c1t1',
        base: 'main',
        title: draft('x').title,
        body: draft('x').body,
        state: 'open',
      });
      expect([...(held?.labels ?? [])].sort()).toEqual(['triad', 'triad:risk-medium']);
    });

    it('opens nothing twice: a retried open returns the open request of the same branch', async () => {
      const creates = () =>
        under.server.requests.filter(
          (r) => r.method === 'POST' && /pulls|merge_requests$/.test(r.url.split('?')[0] ?? ''),
        ).length;
      const before = creates();
      const first = await forge.findPullRequest('triad/s1/s1-c1t1');
      const again = await forge.openPullRequest(draft('triad/s1/s1-c1t1'));
      expect(again).toEqual(first);
      expect(creates()).toBe(before);
      expect(await forge.findPullRequest('triad/s1/nobody')).toBeUndefined();
    });

    it('follows a request: open, then merged at the commit the base branch got', async () => {
      const opened = await forge.openPullRequest(draft('triad/s1/s1-c1t2'));
      expect(await forge.status(opened.number)).toEqual({ state: 'open' });
      under.server.merge(opened.number, 'a'.repeat(40));
      expect(await forge.status(opened.number)).toEqual({ state: 'merged', mergeCommit: 'a'.repeat(40) });
    });

    it('reports a request closed unmerged with who closed it and their comment', async () => {
      const opened = await forge.openPullRequest(draft('triad/s1/s1-c1t3'));
      under.server.close(opened.number, 'carol', 'not on a Friday: the NAS backup runs tonight');
      expect(await forge.status(opened.number)).toEqual({
        state: 'closed',
        closedBy: 'carol',
        comment: 'not on a Friday: the NAS backup runs tonight',
      });
    });

    it('sends the token on every request, in the header its forge documents', () => {
      expect(under.server.requests.length).toBeGreaterThan(0);
      for (const request of under.server.requests) expect(request.credential, request.url).toContain(under.token);
    });

    it('turns a refused token into one line that names the variable to fix', async () => {
      const refused = under.forge('wrong-token');
      const error = await refused.openPullRequest(draft('triad/s1/s1-c1t4')).catch((e: unknown) => e);
      expect(TriadError.is(error, 'forge_auth')).toBe(true);
      expect((error as Error).message).toContain(FORGE_TOKEN_VARIABLES[forge.kind]);
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).not.toContain('wrong-token');
    });
  });
}
