import { z } from 'zod';
import type { OutputFormat } from './chat-model';

/** The provider-facing JSON Schema of a zod schema (no `$schema` key: some providers refuse it). */
export function outputFormat(name: string, description: string, schema: z.ZodType): OutputFormat {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  return { name, description, jsonSchema };
}

/** True when every object requires all its properties and allows no others: what OpenAI's `strict` mode accepts. */
export function isStrictSchema(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictSchema);
  if (typeof schema !== 'object' || schema === null) return true;
  const node = schema as Record<string, unknown>;
  if (node.properties && typeof node.properties === 'object') {
    const keys = Object.keys(node.properties);
    const required = Array.isArray(node.required) ? node.required : [];
    if (node.additionalProperties !== false || keys.some((key) => !required.includes(key))) return false;
  }
  return Object.values(node).every(isStrictSchema);
}

/** Parses and validates a structured answer; the problem, in one line the model can act on, when it is invalid. */
export function readOutput<T>(
  schema: z.ZodType<T>,
  text: string | undefined,
): { ok: true; value: T } | { ok: false; problem: string } {
  if (text === undefined || text.trim() === '') return { ok: false, problem: 'the answer was empty' };
  let json: unknown;
  try {
    json = JSON.parse(stripFences(text));
  } catch (error) {
    return { ok: false, problem: `the answer is not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, problem: `the answer does not match the schema: ${issues.join('; ')}` };
}

/** Local models often wrap JSON in a Markdown fence despite being told not to. */
function stripFences(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced ? fenced[1]! : text;
}
