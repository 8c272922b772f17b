import { CLUSTER_KINDS, type ClusterKind } from '@triad/tools';
import { type Redactor, untrusted } from '../../redaction';
import type { RecordedOutcome } from '../../shared/tool-box';
import type { ClusterReader } from './cluster-reader';

/** `get_cluster_object`: one object from the session's cluster, redacted and marked untrusted. */
export async function readClusterObject(
  cluster: ClusterReader | undefined,
  input: Record<string, unknown>,
  redactor: Redactor,
): Promise<RecordedOutcome> {
  const arg = (key: string) => (typeof input[key] === 'string' ? redactor.restore(input[key] as string).trim() : '');
  const [kind, namespace, name] = [arg('kind'), arg('namespace'), arg('name')];
  const label = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
  const recorded = { kind, namespace, name };
  const refuse = (why: string): RecordedOutcome => ({
    outcome: { content: redactor.redact(why), isError: true },
    input: recorded,
    summary: why,
  });
  if (!cluster) return refuse('no cluster is connected to this session: work from the repository');
  if (!Object.hasOwn(CLUSTER_KINDS, kind)) {
    return refuse(`"${kind}" is not a kind Triad reads: use one of ${Object.keys(CLUSTER_KINDS).join(', ')}`);
  }
  if (name === '') return refuse('name is empty: give the name of one object');
  let object: unknown;
  try {
    object = await cluster.get(kind as ClusterKind, { ...(namespace ? { namespace } : {}), name });
  } catch (error) {
    return refuse(`could not read ${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (object === undefined) return refuse(`${label} does not exist`);
  return {
    outcome: { content: untrusted(`cluster ${kind}`, redactor.redact(JSON.stringify(object, null, 2))) },
    input: recorded,
    summary: `read ${label}`,
  };
}
