/** The one cluster read the Lead's tools need; the tool layer's ClusterPort satisfies it. Absent: no cluster. */
export interface ClusterReader {
  get(kind: string, ref: { namespace?: string; name: string }): Promise<unknown | undefined>;
}
