import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StubReply } from '../src/test-support';
import type { FixtureName } from './model-conformance';

/** Recorded provider responses, one file per provider. */
export function fixtures(provider: 'anthropic' | 'openai' | 'google'): Record<FixtureName, StubReply> {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', `${provider}.json`);
  return JSON.parse(readFileSync(file, 'utf8'));
}
