import { pathToFileURL } from 'node:url';
import { CHECKS } from '@triad/analyzers';
import type { Finding, Severity } from '@triad/core';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
/** GitHub code scanning ranks security results by this property (0–10). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/** A SARIF 2.1.0 log of one scan: one rule per check that reported, one result per finding. */
export function toSarif(findings: readonly Finding[], root: string, version: string): Record<string, unknown> {
  const ruleIds = [...new Set(findings.map((f) => f.check))].sort();
  const rules = ruleIds.map((id) => {
    const worst = findings.filter((f) => f.check === id).map((f) => f.severity);
    const severity = (['critical', 'high', 'medium', 'low', 'info'] as const).find((s) => worst.includes(s)) ?? 'info';
    const description =
      CHECKS.find((c) => c.id === id)?.description ?? (id === 'yaml-parse-error' ? 'A YAML file does not parse.' : id);
    return {
      id,
      name: id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: description },
      helpUri: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        tags: [findings.find((f) => f.check === id)?.category ?? 'stability', 'kubernetes', 'gitops'],
        'security-severity': SECURITY_SEVERITY[severity],
      },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.check,
    ruleIndex: ruleIds.indexOf(f.check),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: f.file
      ? [
          {
            physicalLocation: {
              artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' },
              region: { startLine: f.line ?? 1 },
            },
          },
        ]
      : [{ logicalLocations: [{ name: resourceName(f), kind: 'resource' }] }],
    partialFingerprints: { 'triadFindingId/v1': f.id },
    properties: {
      severity: f.severity,
      resource: resourceName(f),
      fixable: f.fixable,
      ...(f.deployedBy ? { deployedBy: f.deployedBy } : {}),
      ...(f.notDeployed ? { notDeployed: f.notDeployed } : {}),
    },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'triad', informationUri: 'https://github.com/triad-ops/triad', version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root.endsWith('/') ? root : `${root}/`).href } },
        results,
      },
    ],
  };
}

function resourceName(f: Finding): string {
  return `${f.resource.kind}/${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`;
}
