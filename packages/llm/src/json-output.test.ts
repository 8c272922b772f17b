import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isStrictSchema, outputFormat, readOutput } from './json-output';

const Verdict = z.object({ verdict: z.enum(['approve', 'reject']), comments: z.array(z.string()) });

describe('structured output', () => {
  it('turns a zod schema into a strict JSON Schema without $schema', () => {
    const format = outputFormat('verdict', 'the verdict', Verdict);
    expect(format.jsonSchema.$schema).toBeUndefined();
    expect(format.jsonSchema.required).toEqual(['verdict', 'comments']);
    expect(isStrictSchema(format.jsonSchema)).toBe(true);
    expect(isStrictSchema(outputFormat('x', 'x', z.object({ a: z.string().optional() })).jsonSchema)).toBe(false);
  });

  it('accepts valid JSON (also inside a Markdown fence) and explains what is wrong otherwise', () => {
    expect(readOutput(Verdict, '{"verdict":"approve","comments":[]}')).toEqual({
      ok: true,
      value: { verdict: 'approve', comments: [] },
    });
    expect(readOutput(Verdict, '```json\n{"verdict":"reject","comments":["no"]}\n```').ok).toBe(true);
    const malformed = readOutput(Verdict, '{"verdict": "approve", ');
    expect(malformed).toMatchObject({ ok: false, problem: expect.stringContaining('not valid JSON') });
    const invalid = readOutput(Verdict, '{"verdict":"maybe","comments":[]}');
    expect(invalid).toMatchObject({ ok: false, problem: expect.stringContaining('verdict') });
    expect(readOutput(Verdict, '')).toMatchObject({ ok: false, problem: 'the answer was empty' });
  });
});
