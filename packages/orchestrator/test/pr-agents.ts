import type { Agents, LeadAgent } from '@triad/agents';
import type { RiskLevel } from '@triad/core';

export const APPS = 'clusters/homelab/apps.yaml';
export const DECRYPT = `  decryption:
    provider: sops
    secretRef:
      name: sops-age
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: cluster-settings
`;

/** A Lead with one task: the apps Kustomization gets SOPS decryption and its substitution source, as Flux needs. */
export function decryptAppsLead(): LeadAgent {
  return {
    name: 'stub:decrypt-apps',
    async plan({ observation, coveredFindingIds }) {
      const findingIds = observation.findings.filter((f) => f.resource.name === 'apps').map((f) => f.id);
      const apps = observation.files.get(APPS) ?? '';
      // A task of this session (an open pull request, say) already covers them: nothing new to plan.
      if (apps.includes('decryption:') || findingIds.every((id) => coveredFindingIds.has(id))) return [];
      return [{ title: 'decrypt and substitute apps', category: 'stability', priority: 9, findingIds }];
    },
    async draft({ files }) {
      const apps = files.get(APPS) ?? '';
      return {
        kind: 'proposal',
        edits: [{ path: APPS, after: `${apps.trimEnd()}\n${DECRYPT}` }],
        commitMessage: 'fix(flux): decrypt and substitute apps\n\nFlux cannot build apps without them.',
        addresses: [],
      };
    },
  };
}

/** The Co-Lead approves with a comment; the CIO assesses at `level`. */
export const prAgents =
  (lead: LeadAgent, level: RiskLevel = 'low') =>
  (): Agents => ({
    lead,
    coLead: {
      name: 'stub:approve',
      review: async () => ({ verdict: 'approve', comments: ['keeps the Kustomization minimal'], adrRequired: false }),
    },
    cio: {
      name: `stub:${level}`,
      assess: async () => ({
        level,
        score: level === 'high' ? 70 : 10,
        factors: ['scripted'],
        blastRadius: 'every app under clusters/homelab/apps',
        reversibility: 'revert',
      }),
    },
  });

/** Cycle 1 as `decryptAppsLead`; cycle 2 drops the decryption again, which Flux fails on; then nothing is left. */
export function breakingLead(): LeadAgent {
  const fix = decryptAppsLead();
  let broke = false;
  return {
    name: 'stub:breaking',
    async plan(input, context) {
      const apps = input.observation.files.get(APPS) ?? '';
      if (!apps.includes('decryption:')) return fix.plan(input, context);
      if (broke) return [];
      return [{ title: 'drop the decryption of apps', category: 'stability', priority: 1, findingIds: [] }];
    },
    async draft(input, context) {
      if (!input.task.title.startsWith('drop')) return fix.draft(input, context);
      broke = true;
      const apps = input.files.get(APPS) ?? '';
      return {
        kind: 'proposal',
        edits: [{ path: APPS, after: apps.replace(/ {2}decryption:\n(?: {4}.*\n)+/, '') }],
        commitMessage: 'refactor(flux): apps without decryption',
        addresses: [],
      };
    },
  };
}
