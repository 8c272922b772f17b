import type { Agents, LeadAgent } from '@triad/agents';
import type { RiskLevel } from '@triad/core';

export const APPS = 'clusters/homelab/apps.yaml';
const DECRYPT = `  decryption:
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
    async plan({ observation }) {
      const findingIds = observation.findings.filter((f) => f.resource.name === 'apps').map((f) => f.id);
      const apps = observation.files.get(APPS) ?? '';
      return apps.includes('decryption:')
        ? []
        : [{ title: 'decrypt and substitute apps', category: 'stability', priority: 9, findingIds }];
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
