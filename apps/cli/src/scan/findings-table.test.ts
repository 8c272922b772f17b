import type { Finding } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { renderFindings } from './findings-table';
import { toSarif } from './sarif';

const finding = (name: string, extra: Partial<Finding>): Finding => ({
  id: `host-path-volume/Deployment/lab/${name}/scratch`,
  check: 'host-path-volume',
  severity: 'high',
  category: 'security',
  resource: { kind: 'Deployment', namespace: 'lab', name },
  file: `apps/${name}.yaml`,
  line: 3,
  message: `Deployment lab/${name} mounts a directory of the node.`,
  fixable: false,
  ...extra,
});

const deployed = finding('tool', { deployedBy: 'flux-system/apps' });
const archived = finding('legacy', { severity: 'info', notDeployed: "no Flux Kustomization's path includes archive/" });

describe('the scan table', () => {
  it('hides info findings on objects nothing deploys, and says how many and how to see them', () => {
    const text = renderFindings([deployed, archived], { files: 2 });
    expect(text).toContain('Deployment lab/tool');
    expect(text).toContain('deployed by Flux Kustomization flux-system/apps');
    expect(text).not.toContain('lab/legacy');
    expect(text).not.toContain('INFO (');
    expect(text).toMatch(/1 findings in 2 YAML files; .* 1 more on objects nothing deploys \(--all lists them\)\.$/);
  });

  it('says when no finding is placed by Flux: every object was taken as deployed', () => {
    const bare = finding('tool', {});
    expect(renderFindings([bare], { files: 1 })).toMatch(
      /\nNo Flux Kustomization of this repository was found, so every object is taken as deployed: point triad scan at the root of a Flux repository\.$/,
    );
    expect(renderFindings([deployed], { files: 1 })).not.toContain('No Flux Kustomization');
  });

  it('--all lists them too', () => {
    const text = renderFindings([deployed, archived], { files: 2, all: true });
    expect(text).toContain('INFO (1)');
    expect(text).toContain('Deployment lab/legacy');
    expect(text).not.toContain('--all lists them');
  });

  it('keeps a not-deployed finding that stayed above info (a committed credential) in the table', () => {
    const credential = finding('db', {
      check: 'plaintext-secret',
      notDeployed: 'not listed in apps/kustomization.yaml',
    });
    expect(renderFindings([credential], { files: 1 })).toContain('Deployment lab/db');
  });

  it('only hidden findings: says there is nothing to show, and what --all would show', () => {
    expect(renderFindings([archived], { files: 1 })).toBe(
      'No findings in 1 YAML files. 1 more on objects nothing deploys (--all lists them).',
    );
  });

  it('SARIF results carry deployedBy and notDeployed', () => {
    const sarif = toSarif([deployed, archived], '/repo', '0.1.0') as { runs: { results: { properties: unknown }[] }[] };
    expect(sarif.runs[0]?.results.map((r) => r.properties)).toEqual([
      expect.objectContaining({ deployedBy: 'flux-system/apps' }),
      expect.objectContaining({ notDeployed: "no Flux Kustomization's path includes archive/" }),
    ]);
  });
});
