import { TriadError } from '@triad/core';

export type Provider = 'anthropic' | 'google' | 'openai' | 'openai-compatible';

/** One model a role can run on. */
export interface ModelRef {
  provider: Provider;
  model: string;
  /** The server of an `openai-compatible` model. */
  baseURL?: string;
}

/** A role's models: the one it runs on, and the one that answers when that one fails for good. */
export interface RoleModelSpec {
  primary: ModelRef;
  fallback?: ModelRef;
}

const PROVIDERS: readonly Provider[] = ['anthropic', 'google', 'openai', 'openai-compatible'];
const FORMAT =
  'use builtin, anthropic:<model>, google:<model>, openai:<model> or openai-compatible:<model>@<baseURL>, and a second one after a comma as the fallback';

/**
 * Parses `anthropic:claude-sonnet-4-5`, `openai-compatible:llama3.1@http://127.0.0.1:11434/v1`, or two of them
 * separated by a comma (primary, fallback). `builtin` is not a model and is handled by the caller.
 */
export function parseRoleModelSpec(text: string): RoleModelSpec {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length > 2 || parts.some((part) => part === '')) throw specError(text);
  const [primary, fallback] = parts.map((part) => parseModelRef(part, text));
  return { primary: primary!, ...(fallback ? { fallback } : {}) };
}

function parseModelRef(part: string, whole: string): ModelRef {
  const colon = part.indexOf(':');
  const provider = part.slice(0, colon) as Provider;
  const rest = part.slice(colon + 1);
  if (colon <= 0 || !PROVIDERS.includes(provider) || rest === '') throw specError(whole);
  if (provider !== 'openai-compatible') return { provider, model: rest };
  const at = rest.indexOf('@');
  const baseURL = rest.slice(at + 1);
  if (at <= 0 || !/^https?:\/\//.test(baseURL)) throw specError(whole);
  return { provider, model: rest.slice(0, at), baseURL };
}

function specError(text: string): TriadError {
  return new TriadError(`model setting "${text}" is not understood: ${FORMAT}`, {
    code: 'model_spec_invalid',
    domain: 'config',
  });
}
