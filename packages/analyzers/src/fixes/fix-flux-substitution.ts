import { isSeq } from 'yaml';
import { FLUX_UNRESOLVED_SUBSTITUTION } from '../checks/flux-unresolved-substitution';
import { asRecord, displayName } from '../parse/k8s-object';
import { fixTarget } from './fix-target';
import type { Fixer } from './fixer';
import { setPath } from './set-path';

/** Adds the ConfigMaps/Secrets that define the missing variables to a Flux Kustomization's `postBuild.substituteFrom`. */
export const fixFluxSubstitution: Fixer = {
  checks: [FLUX_UNRESOLVED_SUBSTITUTION],
  title: (group) =>
    `Substitute cluster variables in Flux Kustomization ${group[0] ? displayName(group[0].resource) : ''}`,
  fix(group, { editor }) {
    const target = fixTarget(group, editor);
    if ('unfixable' in target) return target;
    const { first: finding, doc } = target;
    const sources = (Array.isArray(finding.evidence?.sources) ? finding.evidence.sources : []).flatMap((s) => {
      const record = asRecord(s);
      return typeof record?.kind === 'string' && typeof record.name === 'string'
        ? [{ kind: record.kind, name: record.name }]
        : [];
    });
    if (sources.length === 0) return { unfixable: 'no ConfigMap or Secret of the repo defines the variables' };
    const path = ['spec', 'postBuild', 'substituteFrom'];
    const existing = doc.getIn(path);
    if (isSeq(existing)) for (const source of sources) existing.add(doc.createNode(source));
    else setPath(doc, path, doc.createNode(sources));
    const name = displayName(finding.resource);
    const variables = Array.isArray(finding.evidence?.variables)
      ? finding.evidence.variables.map((v) => `\${${v}}`)
      : [];
    const from = sources.map((s) => `${s.kind} ${s.name}`).join(', ');
    return {
      title: fixFluxSubstitution.title(group),
      subject: `fix(flux): substitute ${variables.join(', ')} in Kustomization ${name}`,
      body:
        `Kustomization ${name} builds manifests that use ${variables.join(', ')}, but nothing substituted them, so they ` +
        `reached the cluster as written. Substitute from ${from}, which defines them and which other Kustomizations already use.`,
      fixed: group.map((f) => f.id),
    };
  },
};
