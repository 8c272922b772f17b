import type { AnalysisContext } from '../analysis-context';
import { chartNameOf } from '../charts/chart-of';
import { asRecord, getPath } from '../parse/k8s-object';
import type { ManifestDocument } from '../parse/manifest-document';
import { applicationsOf, intersect, type Namespaces, resolveVariables } from './deployed-namespaces';

/** Permission to admit pods under a SecurityContextConstraints, as the repository's objects give it. */
export interface SccGrant {
  /** The SCC, or `*` for any (a role Triad cannot read, a rule without `resourceNames`, a subject it cannot place). */
  scc: string;
  /** Namespaces whose pods it covers. */
  namespaces: Namespaces;
  /** Names of the service accounts it covers; `any` for every one in those namespaces. */
  serviceAccounts: readonly string[] | 'any';
}

/** What the repository says about SecurityContextConstraints. */
export interface SccModel {
  /** The repository targets OpenShift: it declares an SCC or binds a `system:openshift:scc:*` ClusterRole. */
  openShift: boolean;
  grants: SccGrant[];
  /** SCCs the repository declares, by name (every declaration of a name, across clusters). */
  declared: Map<string, Record<string, unknown>[]>;
}

const SCC_ROLE = 'system:openshift:scc:';
/** Built-in roles that give no SCC: anything else the repository does not declare may (cluster-admin gives all). */
const NO_SCC_ROLES = new Set(['view', 'system:auth-delegator']);

const models = new WeakMap<readonly ManifestDocument[], SccModel>();

/** The SCC model of the repository, read once per analysis. */
export function sccModel(context: Pick<AnalysisContext, 'documents' | 'flux'>): SccModel {
  const cached = models.get(context.documents);
  if (cached) return cached;
  const model = readModel(context);
  models.set(context.documents, model);
  return model;
}

function readModel(context: Pick<AnalysisContext, 'documents' | 'flux'>): SccModel {
  const declared = new Map<string, Record<string, unknown>[]>();
  const roles = new Map<string, string[]>();
  /** Members of the OpenShift Groups (user.openshift.io) the repository declares. */
  const groups = new Map<string, string[]>();
  const deployment = context.flux.deployment;
  let openShift = false;
  for (const { object, file } of context.documents) {
    const record = asRecord(object);
    const name = getPath(record, ['metadata', 'name']);
    if (!record || typeof name !== 'string') continue;
    if (isScc(record)) {
      declared.set(name, [...(declared.get(name) ?? []), record]);
      if (!deployment || 'deployedBy' in deployment.placement(file)) openShift = true;
    }
    if (record.kind === 'Group' && String(record.apiVersion).startsWith('user.openshift.io/')) {
      groups.set(name, [...(groups.get(name) ?? []), ...list(record.users)]);
    }
    if (record.kind === 'Role' || record.kind === 'ClusterRole') {
      roles.set(name, [...(roles.get(name) ?? []), ...rulesScc(record.rules, record.aggregationRule !== undefined)]);
    }
  }
  const grants: SccGrant[] = [];
  for (const document of context.documents) {
    const record = asRecord(document.object);
    for (const application of applicationsOf(context, document)) {
      const resolve = (text: unknown) =>
        typeof text === 'string' ? resolveVariables(text, application.substitute) : undefined;
      const principals = { resolve, groups };
      if (record && isScc(record)) {
        const scc = String(getPath(record, ['metadata', 'name']));
        const listed = [
          ...list(record.users).map((user) => ({ kind: 'User', name: user })),
          ...list(record.groups).map((group) => ({ kind: 'Group', name: group })),
        ];
        for (const subject of listed) grants.push(...subjectGrants([scc], 'any', 'any', subject, principals));
      }
      if (record?.kind === 'RoleBinding' || record?.kind === 'ClusterRoleBinding') {
        const roleRef = String(resolve(getPath(record, ['roleRef', 'name'])) ?? '');
        if (roleRef.startsWith(SCC_ROLE)) openShift = true;
        const sccs = roleSccs(roleRef, roles);
        const where = record.kind === 'RoleBinding' ? application.namespaces : 'any';
        for (const subject of list(record.subjects, asRecord)) {
          grants.push(...subjectGrants(sccs, where, where, subject, principals));
        }
      }
      if (record?.kind === 'HelmRelease') {
        const release = releaseGrants(document, application.namespaces, roles, principals);
        openShift ||= release.openShift;
        grants.push(...release.grants);
      }
    }
  }
  return { openShift, grants, declared };
}

function isScc(record: Record<string, unknown>): boolean {
  const apiVersion = record.apiVersion;
  return (
    record.kind === 'SecurityContextConstraints' &&
    typeof apiVersion === 'string' &&
    apiVersion.startsWith('security.openshift.io/')
  );
}

/** The SCCs a role's rules allow to `use`: named ones, or `*`; an aggregated role may hold anything. */
function rulesScc(rules: unknown, aggregated: boolean): string[] {
  if (aggregated) return ['*'];
  return list(rules, asRecord).flatMap((rule) => {
    const has = (field: string, value: string) => list(rule[field]).some((v) => v === value || v === '*');
    if (!has('apiGroups', 'security.openshift.io') || !has('resources', 'securitycontextconstraints')) return [];
    if (!has('verbs', 'use')) return [];
    const names = list(rule.resourceNames);
    return names.length > 0 ? names : ['*'];
  });
}

/** The SCCs a binding's role gives: by its `system:openshift:scc:` name, the repository's declaration, or any. */
function roleSccs(roleRef: string, roles: ReadonlyMap<string, string[]>): string[] {
  if (roleRef.startsWith(SCC_ROLE)) return [roleRef.slice(SCC_ROLE.length), ...(roles.get(roleRef) ?? [])];
  if (NO_SCC_ROLES.has(roleRef)) return [];
  return roles.get(roleRef) ?? ['*'];
}

/**
 * What granting `sccs` to one RBAC subject or SCC list entry means for pods. A service account (as a subject or
 * `system:serviceaccount:<ns>:<name>`) and the service-account groups are placed; any other user or group, or a name
 * Flux fills from elsewhere, is not, and covers every service account where the grant applies.
 */
function subjectGrants(
  sccs: readonly string[],
  where: Namespaces,
  subjectNamespace: Namespaces,
  subject: Record<string, unknown>,
  principals: Principals,
): SccGrant[] {
  if (sccs.length === 0) return [];
  const name = principals.resolve(subject.name);
  const grant = (namespaces: Namespaces, serviceAccounts: readonly string[] | 'any', scc = sccs) =>
    scc.map((s) => ({ scc: s, namespaces: intersect(where, namespaces), serviceAccounts }));
  if (subject.kind === 'ServiceAccount') {
    const namespace =
      subject.namespace === undefined ? subjectNamespace : oneOrAny(principals.resolve(subject.namespace));
    return grant(namespace, name === undefined ? 'any' : [name]);
  }
  if (name === undefined) return grant('any', 'any', ['*']);
  const account = name.match(/^system:serviceaccount:([^:]+):([^:]+)$/);
  if (subject.kind === 'User' && account) return grant([account[1]!], [account[2]!]);
  if (subject.kind === 'Group' && (name === 'system:serviceaccounts' || name === 'system:authenticated')) {
    return grant('any', 'any');
  }
  const group = name.match(/^system:serviceaccounts:([^:]+)$/);
  if (subject.kind === 'Group' && group) return grant([group[1]!], 'any');
  // A service account's token carries only the groups above: another group holds one only when an OpenShift Group
  // of the repository lists it. Any other user is a person, who creates no pods here (Flux and controllers do).
  if (subject.kind !== 'Group') return [];
  return (principals.groups.get(name) ?? []).flatMap((member) =>
    subjectGrants(sccs, where, subjectNamespace, { kind: 'User', name: member }, principals),
  );
}

/** How subjects are read: Flux variables filled for the object's Kustomization, and the repository's Groups. */
interface Principals {
  resolve: (text: unknown) => string | undefined;
  groups: ReadonlyMap<string, readonly string[]>;
}

/**
 * Grants a HelmRelease renders. The bjw-s common library (app-template and charts built on it) reads
 * `rbac.bindings.<id>` with a `roleRef` by name or by `rbac.roles` identifier and `subjects` by name or by
 * `serviceAccount` identifier; any other chart whose values speak of SCCs grants something Triad cannot read.
 */
function releaseGrants(
  document: ManifestDocument,
  namespaces: Namespaces,
  roles: ReadonlyMap<string, string[]>,
  principals: Principals,
): { openShift: boolean; grants: SccGrant[] } {
  const { resolve } = principals;
  const values = asRecord(getPath(document.object, ['spec', 'values'])) ?? {};
  const target = getPath(document.object, ['spec', 'targetNamespace']);
  const where = typeof target === 'string' ? oneOrAny(resolve(target)) : namespaces;
  const rbac = asRecord(values.rbac);
  const bindings = Object.values(asRecord(rbac?.bindings) ?? {}).flatMap((b): Record<string, unknown>[] => {
    const binding = asRecord(b);
    return binding ? [binding] : [];
  });
  const chartRoles = asRecord(rbac?.roles) ?? {};
  let openShift = false;
  const grants = bindings
    .filter((binding) => binding.enabled !== false)
    .flatMap((binding) => {
      const roleRef = asRecord(binding.roleRef) ?? {};
      const byId = typeof roleRef.identifier === 'string' ? asRecord(chartRoles[roleRef.identifier]) : undefined;
      const roleName = resolve(roleRef.name) ?? '';
      if (roleName.startsWith(SCC_ROLE)) openShift = true;
      const sccs = byId ? rulesScc(byId.rules, false) : roleSccs(roleName, roles);
      const scope = binding.type === 'ClusterRoleBinding' ? 'any' : where;
      return list(binding.subjects, asRecord).flatMap((subject) =>
        typeof subject.identifier === 'string'
          ? sccs.map((scc) => ({
              scc,
              namespaces: intersect(scope, where),
              serviceAccounts: resolveNames(chartServiceAccountNames(document, subject.identifier as string), resolve),
            }))
          : subjectGrants(sccs, scope, where, subject, principals),
      );
    });
  const { rbac: _, ...rest } = values;
  const mentions = mentionsScc(rest);
  if (mentions === 'role') openShift = true;
  if (mentions) grants.push({ scc: '*', namespaces: where, serviceAccounts: 'any' });
  return { openShift, grants };
}

/**
 * The names the bjw-s common library may give the service account `identifier` (`serviceAccount.<identifier>`): the
 * release's full name (the release name, or it and the chart name), with `-<identifier>` when the chart has several,
 * with its `prefix`/`suffix`, or its `forceRename`. Candidates, all of them: a grant to any covers it.
 */
export function chartServiceAccountNames(document: ManifestDocument, identifier: string): string[] {
  const values = asRecord(getPath(document.object, ['spec', 'values'])) ?? {};
  const own = asRecord(getPath(values, ['serviceAccount', identifier])) ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? [value] : []);
  const releases = [
    ...text(getPath(document.object, ['spec', 'releaseName'])),
    ...text(getPath(document.object, ['metadata', 'name'])),
  ];
  const chart = [
    ...text(getPath(values, ['global', 'nameOverride'])),
    ...text(values.nameOverride),
    ...text(chartNameOf(document.object)),
  ];
  const full = [
    ...text(getPath(values, ['global', 'fullnameOverride'])),
    ...text(values.fullnameOverride),
    ...releases,
    ...releases.flatMap((release) => chart.map((name) => `${release}-${name}`)),
  ];
  const names = new Set([...full, ...full.map((n) => `${n}-${identifier}`), ...text(own.forceRename)]);
  for (const prefix of text(own.prefix)) for (const n of [...names]) names.add(`${prefix}-${n}`);
  for (const suffix of text(own.suffix)) for (const n of [...names]) names.add(`${n}-${suffix}`);
  return [...names];
}

/** Names as Flux and Helm give them (variables filled, lower case), or `any` when one is filled from elsewhere. */
export function resolveNames(
  names: readonly string[],
  resolve: (text: string) => string | undefined,
): readonly string[] | 'any' {
  const out: string[] = [];
  for (const name of names) {
    const resolved = resolve(name);
    if (resolved === undefined) return 'any';
    out.push(resolved.toLowerCase());
  }
  return out;
}

/** `role` for a value naming a `system:openshift:scc:` role, `key` for a key about SCCs, else false. */
function mentionsScc(value: unknown): 'role' | 'key' | false {
  if (typeof value === 'string') return value.startsWith(SCC_ROLE) ? 'role' : false;
  const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : Object.entries(asRecord(value) ?? {});
  let found: 'role' | 'key' | false = false;
  for (const [key, child] of entries) {
    const inner = mentionsScc(child);
    if (inner === 'role') return 'role';
    if (inner || /^scc$|securitycontextconstraint/i.test(key)) found = 'key';
  }
  return found;
}

function oneOrAny(namespace: string | undefined): Namespaces {
  return namespace === undefined || namespace === '' ? 'any' : [namespace];
}

function list(value: unknown): string[];
function list<T>(value: unknown, as: (item: unknown) => T | undefined): T[];
function list<T>(value: unknown, as?: (item: unknown) => T | undefined): (T | string)[] {
  if (!Array.isArray(value)) return [];
  const out: (T | string)[] = [];
  for (const item of value) {
    const read = as ? as(item) : typeof item === 'string' ? item : undefined;
    if (read !== undefined) out.push(read);
  }
  return out;
}
