/**
 * What an adapter (real SDK + Triad's conversion, retries wrapper and validation) costs per call, beside a baseline of
 * a bare fetch of the same response from the same loopback server. Run: pnpm exec tsx bench/llm-adapter-overhead.ts
 */

import { createRoleModel, generateObject } from '@triad/llm';
import { startStubProvider } from '@triad/llm/test-support';
import { z } from 'zod';

const CALLS = Number(process.env.CALLS ?? 300);
const Verdict = z.object({ verdict: z.enum(['approve', 'reject']), comments: z.array(z.string()) });
const ANSWER = { output: { verdict: 'approve', comments: ['fine'] }, usage: { input: 1000, output: 20 } };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await run(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await run();
    out.push(performance.now() - started);
  }
  return out;
}

const rows: string[] = [];
for (const provider of ['anthropic', 'openai', 'google'] as const) {
  const server = await startStubProvider(provider, () => ANSWER);
  const baseURL = provider === 'openai' ? `${server.url}/v1` : server.url;
  const spec = { anthropic: 'anthropic:claude-sonnet-4-6', openai: 'openai:o3-mini', google: 'google:gemini-2.5-pro' }[
    provider
  ];
  const model = createRoleModel(spec, { [provider]: { apiKey: 'k', baseURL } });
  const request = {
    system: 'S'.repeat(4000),
    messages: [{ role: 'user' as const, content: 'review' }],
    maxTokens: 500,
  };
  const adapter = await time(() =>
    generateObject(model, { ...request, schema: Verdict, name: 'verdict', description: 'v' }),
  );
  // Baseline: the same server, the same decoded request and encoded answer, through a bare fetch.
  const path = {
    anthropic: '/v1/messages',
    openai: '/v1/chat/completions',
    google: '/v1beta/models/gemini-2.5-pro:generateContent',
  }[provider];
  const body = JSON.stringify(server.requests[0]?.body);
  const bare = await time(async () =>
    (
      await fetch(`${server.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    ).json(),
  );
  rows.push(
    `${provider.padEnd(10)} adapter ${median(adapter).toFixed(3)} ms   bare fetch ${median(bare).toFixed(3)} ms   overhead ${(median(adapter) - median(bare)).toFixed(3)} ms/call`,
  );
  await server.close();
}
console.log(`median of ${CALLS} structured calls per provider, loopback stub, Node ${process.version}`);
for (const row of rows) console.log(row);
