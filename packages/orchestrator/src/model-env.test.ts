import { describe, expect, it } from 'vitest';
import { ModelEnv, modelSettings } from './model-env';

describe('model environment', () => {
  it('maps the provider variables to settings, GOOGLE_API_KEY standing in for GEMINI_API_KEY', () => {
    const env = ModelEnv.parse({
      GOOGLE_API_KEY: 'g-key',
      OPENAI_API_KEY: '   ',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      TRIAD_ANONYMISE: '1',
      TRIAD_COLEAD_RPM: '30',
    });
    expect(env).toMatchObject({
      TRIAD_LEAD_MODEL: 'builtin',
      TRIAD_COLEAD_MODEL: 'builtin',
      TRIAD_CIO_MODEL: 'builtin',
    });
    expect(modelSettings(env)).toEqual({
      providers: {
        anthropic: { apiKey: undefined, baseURL: undefined },
        google: { apiKey: 'g-key', baseURL: undefined },
        openai: { apiKey: undefined, baseURL: 'http://127.0.0.1:11434/v1' },
      },
      anonymise: true,
      // Only the roles with a limit get one: the others are unlimited.
      callLimits: { coLead: { max: 30, windowMs: 60_000 } },
    });
    expect(() => ModelEnv.parse({ TRIAD_LEAD_RPM: '0' })).toThrow();
  });
});
