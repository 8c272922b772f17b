import type { TriadEvent } from '@triad/core';
import { createRedis } from '../redis';
import type { Runtime } from '../runtime';

/** An approval that was asked for, or decided, in any session. */
export interface ApprovalNews {
  type: 'approval.requested' | 'approval.decided';
  taskId: string;
  sessionId?: string;
}

/** A subscription: `ready` once listening; `close` ends it and its connection. */
export interface Watch {
  ready: Promise<void>;
  close(): void;
}

/**
 * Approval requests and decisions of every session as they happen, whichever process ran the step: workers and
 * deciders announce both on the control channel. A listener that misses one is only late: the stores are the truth.
 * Each watch holds a connection of its own (a subscriber can do nothing else).
 */
export function watchApprovals(rt: Pick<Runtime, 'config' | 'keys'>, listener: (news: ApprovalNews) => void): Watch {
  const subscriber = createRedis(rt.config.redisUrl);
  subscriber.on('error', () => {});
  subscriber.on('message', (_channel, message) => {
    const news = approvalNews(message);
    if (news) listener(news);
  });
  return {
    ready: subscriber.subscribe(rt.keys.control).then(() => undefined),
    close: () => subscriber.disconnect(),
  };
}

function approvalNews(message: string): ApprovalNews | undefined {
  let parsed: { type?: unknown; taskId?: unknown; sessionId?: unknown };
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (parsed.type !== 'approval.requested' && parsed.type !== 'approval.decided') return undefined;
  if (typeof parsed.taskId !== 'string' || !parsed.taskId) return undefined;
  return {
    type: parsed.type,
    taskId: parsed.taskId,
    ...(typeof parsed.sessionId === 'string' ? { sessionId: parsed.sessionId } : {}),
  };
}

/** A session's event log read as it grows, on a connection of its own (a blocking read holds its connection). */
export interface EventTail {
  /** The events after `afterId` (`0-0` for all), waiting up to `blockMs` for one when there is none yet. */
  next(afterId: string, blockMs: number): Promise<TriadEvent[]>;
  close(): void;
}

export function tailEvents(rt: Pick<Runtime, 'config' | 'events'>, sessionId: string): EventTail {
  const blocking = createRedis(rt.config.redisUrl);
  blocking.on('error', () => {});
  return {
    next: (afterId, blockMs) => rt.events.waitFor(blocking, sessionId, afterId, blockMs),
    close: () => blocking.disconnect(),
  };
}
