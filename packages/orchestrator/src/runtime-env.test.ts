import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envFlag, LayoutEnv, layoutConfig, parseEnv, StateEnv } from './runtime-env';

describe('layout environment', () => {
  it('defaults to docs/sessions and docs/adr, and takes other folders without a trailing slash', () => {
    expect(layoutConfig(LayoutEnv.parse({}))).toEqual({
      reportDir: 'docs/sessions',
      adrDir: 'docs/adr',
      applyBatch: 20,
    });
    expect(layoutConfig(LayoutEnv.parse({ TRIAD_REPORT_DIR: 'ops/triad/', TRIAD_ADR_DIR: 'decisions/' }))).toEqual({
      reportDir: 'ops/triad',
      adrDir: 'decisions',
      applyBatch: 20,
    });
  });

  it('takes a batch size of 1 to 100 tasks per push, and nothing else', () => {
    expect(layoutConfig(LayoutEnv.parse({ TRIAD_APPLY_BATCH: '1' })).applyBatch).toBe(1);
    expect(LayoutEnv.safeParse({ TRIAD_APPLY_BATCH: '0' }).success).toBe(false);
    expect(LayoutEnv.safeParse({ TRIAD_APPLY_BATCH: '5x' }).success).toBe(false);
    expect(LayoutEnv.safeParse({ TRIAD_APPLY_BATCH: '101' }).success).toBe(false);
  });
});

describe('state environment', () => {
  it('defaults to the local Redis and the triad prefix, and refuses a prefix Redis keys cannot carry', () => {
    expect(StateEnv.parse({})).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', TRIAD_PREFIX: 'triad' });
    expect(StateEnv.safeParse({ TRIAD_PREFIX: 'a:b' }).error?.issues[0]?.message).toBe('use letters, digits, - and _');
  });
});

describe('parsing an app environment', () => {
  const Env = z.object({ TRIAD_FOUR_EYES: envFlag(), TRIAD_ANONYMISE: envFlag(true) }).extend(StateEnv.shape);

  it('reads yes/no variables the same way in every app, unset or empty meaning the default', () => {
    const flags = (value: string | undefined) => parseEnv(Env, { TRIAD_FOUR_EYES: value }).TRIAD_FOUR_EYES;
    expect(['1', 'true', 'YES', ' on '].map(flags)).toEqual([true, true, true, true]);
    expect(['0', 'false', 'No', 'off', '', undefined].map(flags)).toEqual([false, false, false, false, false, false]);
    expect(parseEnv(Env, {}).TRIAD_ANONYMISE).toBe(true);
  });

  it('refuses a bad variable in one line that names it and says what to write, with the error the app wants', () => {
    expect(() => parseEnv(Env, { TRIAD_FOUR_EYES: 'maybe' })).toThrow(
      'invalid environment variable TRIAD_FOUR_EYES: "maybe" is not yes or no: use 1 or 0, true or false, yes or no',
    );
    class UsageError extends Error {}
    expect(() => parseEnv(Env, { TRIAD_PREFIX: 'a:b' }, (message) => new UsageError(message))).toThrow(UsageError);
  });
});
