import { z } from 'zod';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

export const ResourceRef = z.object({
  /** `apiVersion` of the object, when known. */
  apiVersion: z.string().optional(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
});
export type ResourceRef = z.infer<typeof ResourceRef>;

export const Finding = z.object({
  /** Stable across runs for the same problem on the same object: `<check>/<kind>/<namespace>/<name>[/<detail>]`. */
  id: z.string(),
  /** Stable check identifier, e.g. `flux-sops-without-decryption`. */
  check: z.string(),
  severity: Severity,
  /** Category a task that fixes it falls into. */
  category: z.enum(['stability', 'security', 'resources', 'docs']),
  resource: ResourceRef,
  /** Repo-relative file that holds the resource, when it comes from the repo. */
  file: z.string().optional(),
  /** 1-based line of the resource (or the offending field) in `file`. */
  line: z.number().int().positive().optional(),
  message: z.string(),
  /** True when a built-in fixer can produce a safe edit for it. */
  fixable: z.boolean(),
  /** Data the fixer needs (e.g. the container name, the device to request); never secret values. */
  evidence: z.record(z.string(), z.unknown()).optional(),
  /** The Flux Kustomization that applies the object, as `namespace/name` (absent in repos without Flux). */
  deployedBy: z.string().optional(),
  /** Why nothing applies the object, e.g. `not listed in apps/media/kustomization.yaml`; its finding drops to `info`. */
  notDeployed: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

/**
 * True when findings on files were read with no Flux placement at all (none deployed by a Kustomization, none left out
 * by one): the repository holds no Flux Kustomization, and every object was taken as deployed.
 */
export function placedWithoutFlux(findings: readonly Pick<Finding, 'file' | 'deployedBy' | 'notDeployed'>[]): boolean {
  const onFiles = findings.filter((finding) => finding.file !== undefined);
  return (
    onFiles.length > 0 &&
    onFiles.every((finding) => finding.deployedBy === undefined && finding.notDeployed === undefined)
  );
}
