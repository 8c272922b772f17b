/** Where an error comes from; lets the API and the CLI map it to a status or an exit code. */
export type ErrorDomain = 'user' | 'config' | 'redis' | 'git' | 'guardrail' | 'agent' | 'cluster' | 'internal';

export interface TriadErrorOptions {
  /** Stable, machine-readable identifier, e.g. `session_not_found`. */
  code: string;
  domain: ErrorDomain;
  /** True when trying again later can succeed (network, lock held, provider overloaded). */
  retryable?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

/**
 * The one base error. `message` is what a person reads: what happened and what to do, in one line.
 */
export class TriadError extends Error {
  readonly code: string;
  readonly domain: ErrorDomain;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options: TriadErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'TriadError';
    this.code = options.code;
    this.domain = options.domain;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toJSON() {
    return {
      code: this.code,
      domain: this.domain,
      message: this.message,
      retryable: this.retryable,
      details: this.details,
    };
  }

  static is(value: unknown, code?: string): value is TriadError {
    return value instanceof TriadError && (code === undefined || value.code === code);
  }
}
