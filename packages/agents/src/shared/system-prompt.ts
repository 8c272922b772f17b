import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TriadError } from '@triad/core';

export type PromptRole = 'lead' | 'co-lead' | 'cio';

/** A role's system prompt as loaded from `prompts/<role>.md`. */
export interface SystemPrompt {
  role: PromptRole;
  /** From the file's `version:` line (`lead@1.0.0`): goes into the event log and the `Triad-Prompt` trailer. */
  version: string;
  /** The prompt without its front matter. */
  text: string;
}

/** The repository's `prompts/` directory. */
export const DEFAULT_PROMPTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../prompts');

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/;

/** Reads a role's prompt at run time, so a prompt change needs no rebuild and shows in the trailers at once. */
export function loadSystemPrompt(role: PromptRole, dir: string = DEFAULT_PROMPTS_DIR): SystemPrompt {
  const path = join(dir, `${role}.md`);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TriadError(`cannot read the ${role} prompt at ${path}: restore prompts/${role}.md`, {
      code: 'prompt_missing',
      domain: 'config',
      cause: error,
    });
  }
  const front = FRONT_MATTER.exec(raw);
  const version = front ? /^version:\s*(\S+)\s*$/m.exec(front[1]!)?.[1] : undefined;
  if (!front || !version) {
    throw new TriadError(`${path} has no "version:" line in its front matter: add one, e.g. version: ${role}@1.0.0`, {
      code: 'prompt_unversioned',
      domain: 'config',
    });
  }
  return { role, version, text: raw.slice(front[0].length).trim() };
}
