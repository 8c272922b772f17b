/** What every provider factory takes: explicit settings, never read from the environment. */
export interface ProviderOptions {
  apiKey: string;
  /** The provider's API root; tests point it at a loopback server. */
  baseURL?: string;
  /** Replaces the global fetch (proxies, tests). */
  fetch?: typeof globalThis.fetch;
}
