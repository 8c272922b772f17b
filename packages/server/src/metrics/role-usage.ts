import type { TriadEvent } from '@triad/core';

/** Model usage of one role, summed. */
export interface RoleUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  usd: number;
  calls: number;
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Tokens and cost per role, summed from each session's `model.call` events. Reads only the events after the last one
 * it saw per session, so a scrape costs what happened since the previous one.
 */
export class RoleUsageTally {
  private readonly cursors = new Map<string, string>();
  private readonly totals = new Map<string, RoleUsage>();

  constructor(private readonly read: (sessionId: string, afterId: string) => Promise<TriadEvent[]>) {}

  async update(sessionIds: readonly string[]): Promise<ReadonlyMap<string, RoleUsage>> {
    for (const sessionId of sessionIds) {
      const events = await this.read(sessionId, this.cursors.get(sessionId) ?? '0');
      for (const event of events) {
        if (event.type === 'model.call') this.add(event);
        if (event.id) this.cursors.set(sessionId, event.id);
      }
    }
    return this.totals;
  }

  private add(event: TriadEvent) {
    const data = event.data ?? {};
    const role = typeof data.role === 'string' ? data.role : event.actor;
    const total = this.totals.get(role) ?? { inputTokens: 0, outputTokens: 0, cachedTokens: 0, usd: 0, calls: 0 };
    total.inputTokens += num(data.inputTokens);
    total.outputTokens += num(data.outputTokens);
    total.cachedTokens += num(data.cachedTokens);
    total.usd += num(data.usd);
    total.calls += 1;
    this.totals.set(role, total);
  }
}
