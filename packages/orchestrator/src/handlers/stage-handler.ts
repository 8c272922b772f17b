import { TriadError } from '@triad/core';
import type { Job } from 'bullmq';
import type { StageJobData } from '../queues';
import type { Runtime } from '../runtime';

/** The name of one member of the runtime (a store, a port, a setting). */
export type RuntimeKey = keyof Runtime;

/** The members of the runtime that `keys` names, and nothing else. */
export type Context<Keys extends readonly RuntimeKey[]> = Pick<Runtime, Keys[number]>;

/**
 * A stage's work on one job, given the members of the runtime its stage declares. `signal` fires when the job runs
 * past its stage's time limit: long work (model calls) should stop then. A handler whose next steps do not depend on
 * how its work went in the middle returns them (`leadsTo`), and the worker enqueues them before the job completes;
 * the others enqueue where they decide.
 */
export type Handler<Keys extends readonly RuntimeKey[] = readonly RuntimeKey[]> = (
  rt: Context<Keys>,
  job: Job<StageJobData>,
  token?: string,
  signal?: AbortSignal,
) => Promise<unknown>;

/** A handler and the runtime members it may use: its own and those of every helper it calls. */
export interface StageHandler<Keys extends readonly RuntimeKey[] = readonly RuntimeKey[]> {
  /** All of the runtime the handler reaches; the worker hands it a view with these members and no others. */
  context: Keys;
  run: Handler<Keys>;
}

/**
 * Declares a stage's handler with its context: `run` sees only the members `context` names (a compile error
 * otherwise), and at run time the worker gives it a view that refuses any other (`contextView`).
 */
export function stageHandler<const Keys extends readonly RuntimeKey[]>(
  context: Keys,
  run: Handler<Keys>,
): StageHandler<Keys> {
  return { context, run };
}

/**
 * The runtime as a handler declared it: its context's members read through, any other member of the runtime throws
 * `context_violation` (not retryable: a retry would reach for it again). What the runtime does not have (`then`, a
 * symbol) reads as on the runtime itself, so the view can be awaited, logged or inspected.
 */
export function contextView<const Keys extends readonly RuntimeKey[]>(
  rt: Runtime,
  context: Keys,
  holder: string,
): Context<Keys> {
  const allowed = new Set<PropertyKey>(context);
  return new Proxy(rt, {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || allowed.has(key) || !(key in target)) return Reflect.get(target, key, receiver);
      throw new TriadError(
        `${holder} reached the runtime's ${key}, which its context does not declare (${context.join(', ')})`,
        { code: 'context_violation', domain: 'internal', retryable: false },
      );
    },
  });
}
