import { type LongTimeout, type Session, setLongTimeout } from '@triad/core';

/**
 * One AbortController per session in this process: it fires at the session's deadline, or when the session is
 * stopped or out of budget (`abort`), so in-flight model calls end at once.
 */
export class AbortRegistry {
  private readonly controllers = new Map<string, { controller: AbortController; timer: LongTimeout }>();

  constructor(private readonly clock: () => Date) {}

  signalFor(session: Pick<Session, 'id' | 'deadline' | 'state'>): AbortSignal {
    const existing = this.controllers.get(session.id);
    if (existing) return existing.controller.signal;
    const controller = new AbortController();
    const delay = Math.max(0, Date.parse(session.deadline) - this.clock().getTime());
    // A deadline weeks away must not overflow setTimeout and fire at once.
    const timer = setLongTimeout(
      () => controller.abort(new Error(`session ${session.id} reached its deadline`)),
      delay,
    ).unref();
    if (session.state !== 'running') controller.abort(new Error(`session ${session.id} is ${session.state}`));
    this.controllers.set(session.id, { controller, timer });
    return controller.signal;
  }

  abort(sessionId: string, reason: string): void {
    const entry = this.controllers.get(sessionId);
    if (!entry) return;
    entry.controller.abort(new Error(reason));
  }

  clear(): void {
    for (const { timer } of this.controllers.values()) timer.clear();
    this.controllers.clear();
  }
}
