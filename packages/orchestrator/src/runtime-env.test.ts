import { describe, expect, it } from 'vitest';
import { LayoutEnv, layoutConfig, StateEnv } from './runtime-env';

describe('layout environment', () => {
  it('defaults to docs/sessions and docs/adr, and takes other folders without a trailing slash', () => {
    expect(layoutConfig(LayoutEnv.parse({}))).toEqual({ reportDir: 'docs/sessions', adrDir: 'docs/adr' });
    expect(layoutConfig(LayoutEnv.parse({ TRIAD_REPORT_DIR: 'ops/triad/', TRIAD_ADR_DIR: 'decisions/' }))).toEqual({
      reportDir: 'ops/triad',
      adrDir: 'decisions',
    });
  });
});

describe('state environment', () => {
  it('defaults to the local Redis and the triad prefix, and refuses a prefix Redis keys cannot carry', () => {
    expect(StateEnv.parse({})).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', TRIAD_PREFIX: 'triad' });
    expect(StateEnv.safeParse({ TRIAD_PREFIX: 'a:b' }).error?.issues[0]?.message).toBe('use letters, digits, - and _');
  });
});
