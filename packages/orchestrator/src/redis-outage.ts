import type { RedisClient } from './redis';
import { redisUrlForLog } from './redis';

/** What a process is told about its Redis: it went away (the clients keep retrying), or it answers again. */
export interface RedisNotice {
  status: 'unreachable' | 'back';
  /** One line for a person: `Redis at redis://127.0.0.1:6379 unreachable, retrying`. */
  message: string;
}

/** How often, at most, the same outage is told again (ms). */
export const OUTAGE_NOTICE_INTERVAL_MS = 5000;

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/** Whether `error` says the connection to Redis is down (as opposed to a command that Redis refused). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  return /Connection is closed|Stream isn't writeable|MaxRetriesPerRequest|connect ETIMEDOUT|Socket closed/i.test(
    error.message,
  );
}

/**
 * Turns every connection error of a process's Redis clients (and BullMQ's) into one line, told at most every few
 * seconds while Redis is away, and one line when it answers again. Never a stack trace.
 */
export class RedisOutage {
  private down = false;
  private lastToldAt = Number.NEGATIVE_INFINITY;
  private readonly url: string;

  constructor(
    url: string,
    private readonly notify: (notice: RedisNotice) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.url = redisUrlForLog(url);
  }

  /** Reports the client's connection errors here, and its recovery; any other error goes to `other`. */
  watch(connection: RedisClient, other: (error: Error) => void = () => {}): RedisClient {
    connection.on('error', (error) => {
      if (!this.failed(error)) other(error);
    });
    connection.on('ready', () => this.recovered());
    return connection;
  }

  /** A connection error from anywhere (a BullMQ worker's `error` event, say): told if it is one, else ignored. */
  failed(error: unknown): boolean {
    if (!isConnectionError(error)) return false;
    this.down = true;
    const now = this.now();
    if (now - this.lastToldAt >= OUTAGE_NOTICE_INTERVAL_MS) {
      this.lastToldAt = now;
      this.notify({ status: 'unreachable', message: `Redis at ${this.url} unreachable, retrying` });
    }
    return true;
  }

  recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.lastToldAt = Number.NEGATIVE_INFINITY;
    this.notify({ status: 'back', message: `Redis at ${this.url} answers again` });
  }
}
