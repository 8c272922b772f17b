import { TriadError } from '@triad/core';

export interface ModelCallErrorOptions {
  /** `<provider>:<model>` that failed. */
  model: string;
  /** HTTP status, when the provider answered. */
  status?: number;
  /** How long the provider asked us to wait (`retry-after`, `retry-after-ms`). */
  retryAfterMs?: number;
  /** Overrides the status-derived retryability (timeouts, connection errors, garbled bodies). */
  retryable?: boolean;
  cause?: unknown;
}

/** Statuses worth another try: timeout, conflict, rate limit, and any server-side failure (529 overloaded too). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** A provider call that failed; knows from its status whether trying again can help. */
export class ModelCallError extends TriadError {
  readonly model: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ModelCallErrorOptions) {
    const retryable = options.retryable ?? (options.status !== undefined && isRetryableStatus(options.status));
    super(message, {
      code: options.status === 429 ? 'model_rate_limited' : 'model_call_failed',
      domain: 'agent',
      retryable,
      cause: options.cause,
      details: { model: options.model, status: options.status, retryAfterMs: options.retryAfterMs },
    });
    this.name = 'ModelCallError';
    this.model = options.model;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The call was aborted by its caller (deadline, stop, budget): never retried, never a fallback. */
export class ModelCallAborted extends TriadError {
  constructor(model: string, reason: unknown) {
    super(`${model} call aborted: ${reason instanceof Error ? reason.message : String(reason ?? 'aborted')}`, {
      code: 'model_call_aborted',
      domain: 'agent',
      cause: reason,
    });
    this.name = 'ModelCallAborted';
  }
}

/** The model's structured answer stayed invalid after every allowed correction. */
export class InvalidModelOutput extends TriadError {
  constructor(model: string, attempts: number, problem: string) {
    super(`${model} gave no valid answer in ${attempts} attempts (last: ${problem}): try another model for this role`, {
      code: 'model_output_invalid',
      domain: 'agent',
      retryable: true,
      details: { model, attempts, problem },
    });
    this.name = 'InvalidModelOutput';
  }
}
