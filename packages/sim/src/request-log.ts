/** One request the simulated API answered: what a test reads to prove what a client did and did not do. */
export interface LoggedRequest {
  method: string;
  /** Path and query. */
  url: string;
  kind?: string;
  /** The request asked for metadata only (`as=PartialObjectMetadata[List]`). */
  metadataOnly: boolean;
  /** The response carried Secret `data`/`stringData`. */
  servedSecretData: boolean;
  /** `fieldManager` of a write. */
  fieldManager?: string;
  /** Body of a write, as sent. */
  body?: unknown;
  status: number;
}
