import type { RepoFiles } from '@triad/core';
import type { ChatModel, ModelPrice } from '@triad/llm';
import { Redactor, vocabularyOf } from '../redaction';
import type { AgentContext } from '../types';
import type { SystemPrompt } from './system-prompt';

/** What every model-backed role is built from. */
export interface ModelAgentOptions {
  /** The role's model, with its retries and fallback. */
  model: ChatModel;
  prompt: SystemPrompt;
  /** Anonymise namespaces, names and hostnames before anything reaches the model (reversible, per session). */
  anonymise?: boolean;
  /** Overrides of the price table. */
  prices?: Readonly<Record<string, ModelPrice>>;
  /** Output tokens per call. */
  maxTokens?: number;
}

/** A fresh redactor for one agent call, keyed by the session so its placeholders are stable across calls. */
export function redactorFor(options: ModelAgentOptions, context: AgentContext, files: RepoFiles): Redactor {
  return new Redactor({
    sessionKey: context.session.id,
    ...(options.anonymise ? { anonymise: vocabularyOf(files) } : {}),
  });
}
