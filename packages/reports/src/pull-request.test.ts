import { describe, expect, it } from 'vitest';
import { assessment, finding, proposal, review, task } from './fixtures/records';
import { renderPullRequest } from './pull-request';

const T0 = '2025-06-01T08:00:00.000Z';

describe('renderPullRequest', () => {
  const input = {
    task: task({
      id: 's1-c1t1',
      sessionId: 's1',
      title: 'Decrypt SOPS',
      category: 'stability',
      state: 'applying',
      createdAt: T0,
    }),
    proposal: proposal({
      taskId: 's1-c1t1',
      revision: 2,
      commitMessage:
        'fix(flux): decrypt SOPS secrets in Kustomization flux-system/apps\n\nThe apps path holds SOPS files.',
      createdAt: T0,
      path: 'clusters/homelab/apps.yaml',
      adr: {
        title: 'Decrypt with the cluster age key',
        context: 'c',
        decision: 'Flux decrypts with sops-age.',
        consequences: 'k',
        alternatives: [],
      },
    }),
    review: review({
      taskId: 's1-c1t1',
      revision: 2,
      verdict: 'approve',
      comments: ['matches the convention'],
      createdAt: T0,
    }),
    assessment: assessment({ taskId: 's1-c1t1', revision: 2, level: 'medium', createdAt: T0 }),
    findings: [
      finding({
        id: 'flux-sops-without-decryption/Kustomization/flux-system/apps',
        severity: 'high',
        category: 'stability',
        message: 'Kustomization apps decrypts nothing',
      }),
    ],
    adrPath: 'docs/adr/0003-decrypt-with-the-cluster-age-key.md',
  };

  it('says what it fixes, what the Co-Lead and the CIO said, and which decision it records; labels carry the risk', () => {
    const pr = renderPullRequest(input);
    expect(pr.title).toBe('fix(flux): decrypt SOPS secrets in Kustomization flux-system/apps');
    expect(pr.labels).toEqual(['triad', 'triad:risk-medium']);
    expect(pr.body).toMatch(/^The apps path holds SOPS files\.\n/);
    expect(pr.body).toContain(
      '## Findings fixed\n\n- **high** Kustomization apps decrypts nothing (`flux-sops-without-decryption/Kustomization/flux-system/apps`)',
    );
    expect(pr.body).toContain('## Review (Co-Lead)\n\nbuiltin approved revision 2.\n- matches the convention');
    expect(pr.body).toMatch(/## Risk \(CIO\)\n\n\*\*medium\*\* .*\n\nBlast radius: /);
    expect(pr.body).toContain('`docs/adr/0003-decrypt-with-the-cluster-age-key.md`: Decrypt with the cluster age key');
    expect(pr.body).toContain('session `s1`, task `s1-c1t1`, revision 2');
  });

  it('says so when a record is missing instead of inventing one', () => {
    const pr = renderPullRequest({
      ...input,
      review: undefined,
      assessment: undefined,
      proposal: { ...input.proposal, adr: undefined },
    });
    expect(pr.labels).toEqual(['triad']);
    expect(pr.body).toContain('No review recorded.');
    expect(pr.body).toContain('Not assessed.');
    expect(pr.body).toContain('This change records no decision.');
  });

  it('makes what a model or a manifest wrote inert: no raw HTML reaches the forge', () => {
    const hostile = '<img src=https://attacker.example/beacon> ok';
    const pr = renderPullRequest({
      ...input,
      review: input.review && { ...input.review, comments: [hostile] },
      findings: input.findings.map((f) => ({ ...f, message: hostile })),
      proposal: { ...input.proposal, commitMessage: `fix: x\n\n${hostile}` },
    });
    expect(pr.body).not.toContain('<img');
    expect(pr.body).toContain('&lt;img src=https://attacker.example/beacon&gt; ok');
  });
});
