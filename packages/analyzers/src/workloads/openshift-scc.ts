import type { AnalysisContext } from '../analysis-context';
import { asRecord, getPath } from '../parse/k8s-object';
import { applicationsOf, type Namespaces, overlap, resolveVariables } from './deployed-namespaces';
import { chartServiceAccountNames, resolveNames, type SccGrant, sccModel } from './openshift-scc-grants';
import type { WorkloadContainer } from './workload-containers';

/**
 * What OpenShift's SecurityContextConstraints admission gives a container that leaves a setting out, under every SCC
 * its pod may be admitted by. The pod gets the SCCs its service account may use; with no grant, `restricted-v2`, which
 * every authenticated user has.
 */
export interface SccDefaults {
  /** `capabilities.drop` gets ALL; only NET_BIND_SERVICE may be added back. */
  dropsAll: boolean;
  /** An unset `allowPrivilegeEscalation` becomes false. */
  noEscalation: boolean;
  /** UID 0 is refused: a UID from the namespace's range, or `MustRunAsNonRoot`. */
  nonRoot: boolean;
}

const NOTHING: SccDefaults = { dropsAll: false, noEscalation: false, nonRoot: false };
const ALL: SccDefaults = { dropsAll: true, noEscalation: true, nonRoot: true };
const NON_ROOT_ONLY: SccDefaults = { dropsAll: false, noEscalation: false, nonRoot: true };

/**
 * The SCCs OpenShift ships and what each guarantees. The `-v2` ones drop ALL and forbid escalation; their older
 * namesakes drop only KILL, MKNOD, SETUID and SETGID and allow escalation. `anyuid`, `hostmount-anyuid(-v2)`,
 * `privileged` and the rest run any UID: absent here, they guarantee nothing.
 */
const BUILT_IN: Readonly<Record<string, SccDefaults>> = {
  'restricted-v2': ALL,
  'nonroot-v2': ALL,
  'hostnetwork-v2': ALL,
  restricted: NON_ROOT_ONLY,
  nonroot: NON_ROOT_ONLY,
  hostnetwork: NON_ROOT_ONLY,
  hostaccess: NON_ROOT_ONLY,
};

/** The SCC a service account gets without any grant (OpenShift 4.11 and later). */
const DEFAULT_SCC = 'restricted-v2';

/**
 * What admission supplies for `target`'s absent settings, or nothing when the repository does not target OpenShift.
 * Conservative: a bare Pod (Flux creates it, with Flux's own rights), a service account Triad cannot name, or a grant
 * it cannot read leaves nothing supplied.
 */
export function sccDefaults(
  context: Pick<AnalysisContext, 'documents' | 'flux'>,
  target: WorkloadContainer,
): SccDefaults {
  const model = sccModel(context);
  if (!model.openShift || target.ref.kind === 'Pod') return NOTHING;
  const accounts = serviceAccountsOf(target);
  const releaseNamespace = getPath(target.document.object, ['spec', 'targetNamespace']);
  let result = ALL;
  for (const application of applicationsOf(context, target.document)) {
    const namespaces: Namespaces =
      target.source === 'helm-values' && typeof releaseNamespace === 'string'
        ? oneOrAny(resolveVariables(releaseNamespace, application.substitute))
        : application.namespaces;
    const names =
      accounts === 'any' ? 'any' : resolveNames(accounts, (text) => resolveVariables(text, application.substitute));
    const usable = [DEFAULT_SCC, ...model.grants.filter((g) => covers(g, namespaces, names)).map((g) => g.scc)];
    for (const scc of usable) result = both(result, guarantees(scc, model.declared.get(scc)));
  }
  return result;
}

function covers(grant: SccGrant, namespaces: Namespaces, names: readonly string[] | 'any'): boolean {
  if (!overlap(grant.namespaces, namespaces)) return false;
  return grant.serviceAccounts === 'any' || names === 'any' || grant.serviceAccounts.some((n) => names.includes(n));
}

/** What one SCC guarantees: OpenShift's own as shipped (unless the repository's copy weakens it), or as declared. */
function guarantees(scc: string, declared: readonly Record<string, unknown>[] = []): SccDefaults {
  const builtIn = BUILT_IN[scc];
  if (scc === '*' || (!builtIn && declared.length === 0)) return NOTHING;
  return declared.reduce<SccDefaults>(
    (acc, object) => both(acc, fromFields(object, builtIn !== undefined)),
    builtIn ?? ALL,
  );
}

/** What a declared SCC guarantees; for a built-in one, only what the fields it sets take away (`partial`). */
function fromFields(object: Record<string, unknown>, partial: boolean): SccDefaults {
  const drops = object.requiredDropCapabilities;
  const escalation = object.allowPrivilegeEscalation;
  const runAsUser = asRecord(object.runAsUser);
  const type = runAsUser?.type;
  const min = runAsUser?.uidRangeMin;
  const uid = runAsUser?.uid;
  const nonRoot =
    type === 'MustRunAsNonRoot' ||
    (type === 'MustRunAsRange' && (min === undefined || (typeof min === 'number' && min > 0))) ||
    (type === 'MustRunAs' && typeof uid === 'number' && uid > 0);
  return {
    dropsAll: (partial && drops === undefined) || (Array.isArray(drops) && drops.includes('ALL')),
    noEscalation: (partial && escalation === undefined) || escalation === false,
    nonRoot: (partial && runAsUser === undefined) || nonRoot,
  };
}

/**
 * The names the pod's service account may have: `serviceAccountName` (default `default`) of a manifest; for
 * app-template, the controller's `serviceAccount` by identifier or name, else the one service account the values
 * enable, else `default`. `any` for other charts, whose pods Triad does not see.
 */
function serviceAccountsOf(target: WorkloadContainer): readonly string[] | 'any' {
  if (target.source === 'manifest') {
    const name = target.podSpec.serviceAccountName ?? target.podSpec.serviceAccount ?? 'default';
    return typeof name === 'string' ? [name] : 'any';
  }
  const controller = target.path[3];
  if (target.chart?.name !== 'app-template' || target.path[2] !== 'controllers' || typeof controller !== 'string') {
    return 'any';
  }
  const values = asRecord(getPath(target.document.object, ['spec', 'values'])) ?? {};
  const own = asRecord(getPath(values, ['controllers', controller]));
  const names = new Set<string>();
  if (typeof target.podSpec.serviceAccountName === 'string') names.add(target.podSpec.serviceAccountName);
  const chosen = asRecord(own?.serviceAccount);
  const accounts = asRecord(values.serviceAccount) ?? {};
  if (chosen && typeof chosen.identifier === 'string') {
    for (const n of chartServiceAccountNames(target.document, chosen.identifier)) names.add(n);
  } else if (chosen && typeof chosen.name === 'string') {
    names.add(chosen.name);
  } else if (!chosen && typeof accounts.create === 'boolean') {
    // app-template 3: one `serviceAccount`, named `name` or after the release when `create` is true.
    if (typeof accounts.name === 'string' && accounts.name !== '') names.add(accounts.name);
    else if (accounts.create) for (const n of chartServiceAccountNames(target.document, 'default')) names.add(n);
    else names.add('default');
  } else {
    const enabled = Object.entries(accounts).filter(([, v]) => asRecord(v) && asRecord(v)?.enabled !== false);
    // The one enabled service account, by its identifier (the library names the pod's account so), or `default`.
    const only = enabled.length === 1 && !chosen ? enabled[0]?.[0] : undefined;
    names.add(only ?? 'default');
    if (only !== undefined) for (const n of chartServiceAccountNames(target.document, only)) names.add(n);
  }
  return [...names];
}

function both(a: SccDefaults, b: SccDefaults): SccDefaults {
  return {
    dropsAll: a.dropsAll && b.dropsAll,
    noEscalation: a.noEscalation && b.noEscalation,
    nonRoot: a.nonRoot && b.nonRoot,
  };
}

function oneOrAny(namespace: string | undefined): Namespaces {
  return namespace === undefined || namespace === '' ? 'any' : [namespace];
}
