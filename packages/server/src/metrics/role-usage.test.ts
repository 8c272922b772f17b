import type { TriadEvent } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { RoleUsageTally } from './role-usage';

const call = (id: string, role: string, inputTokens: number, usd: number): TriadEvent => ({
  id,
  sessionId: 's',
  at: '2026-01-01T00:00:00Z',
  type: 'model.call',
  actor: role as TriadEvent['actor'],
  message: '',
  data: { role, inputTokens, outputTokens: 10, cachedTokens: 0, usd },
});

describe('RoleUsageTally', () => {
  it('sums tokens and cost per role and reads each event once', async () => {
    const log: TriadEvent[] = [call('1-0', 'lead', 100, 0.5), call('2-0', 'cio', 50, 0.1)];
    const reads: string[] = [];
    const tally = new RoleUsageTally(async (_session, after) => {
      reads.push(after);
      return log.filter((event) => after === '0' || (event.id ?? '') > after);
    });
    await tally.update(['s']);
    log.push(call('3-0', 'lead', 20, 0.25));
    const totals = await tally.update(['s']);
    expect(reads).toEqual(['0', '2-0']);
    expect(totals.get('lead')).toEqual({ inputTokens: 120, outputTokens: 20, cachedTokens: 0, usd: 0.75, calls: 2 });
    expect(totals.get('cio')).toMatchObject({ inputTokens: 50, calls: 1 });
  });
});
