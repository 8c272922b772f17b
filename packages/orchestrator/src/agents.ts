import {
  type Agents,
  createBuiltinCio,
  createBuiltinCoLead,
  createBuiltinLead,
  createModelCio,
  createModelCoLead,
  createModelLead,
  loadSystemPrompt,
  type PromptRole,
} from '@triad/agents';
import { analyzeRepo } from '@triad/analyzers';
import type { GuardrailConfig, RoleModels } from '@triad/core';
import {
  type ChatModel,
  createRoleModel,
  type FallbackListener,
  type ProviderSettings,
  type RetryPolicy,
} from '@triad/llm';
import type { CallLimit } from './call-limiter';

const ROLES: Record<keyof RoleModels, { label: string; prompt: PromptRole }> = {
  lead: { label: 'Lead', prompt: 'lead' },
  coLead: { label: 'Co-Lead', prompt: 'co-lead' },
  cio: { label: 'CIO', prompt: 'cio' },
};

/** How model-backed roles reach their providers; the apps fill it from their environment. */
export interface ModelSettings {
  /** Keys and base URLs per provider. */
  providers: ProviderSettings;
  /** Anonymise namespaces, names and hostnames before anything reaches a model. */
  anonymise?: boolean;
  /** Where `lead.md`, `co-lead.md` and `cio.md` are; the repository's `prompts/` by default. */
  promptsDir?: string;
  retry?: Partial<RetryPolicy>;
  /** Told when a role's fallback model answered instead of its primary. */
  onFallback?: FallbackListener;
  /** Model calls per role and window, across every process on the same Redis (provider rate limits). */
  callLimits?: Partial<Record<keyof RoleModels, CallLimit>>;
}

/**
 * The implementation of each role that the session's settings name: `builtin`, or a model
 * (`anthropic:<m>`, `google:<m>`, `openai:<m>`, `openai-compatible:<m>@<url>`, optionally `,<fallback>`).
 * A role whose provider has no key fails when it is first used (`assertAgents` at session start), naming the
 * variable: never silently built-in.
 * A model-backed Lead checks its working copy against `guardrails` (the process's; the core defaults when absent).
 * `limit` wraps each role's model, to hold it to the role's call limit.
 */
export function resolveAgents(
  models: RoleModels,
  settings: ModelSettings = { providers: {} },
  guardrails?: GuardrailConfig,
  limit: (role: keyof RoleModels, model: ChatModel) => ChatModel = (_role, model) => model,
): Agents {
  const modelOf = (role: keyof RoleModels) => {
    const { label, prompt } = ROLES[role];
    return {
      model: limit(
        role,
        createRoleModel(models[role], settings.providers, {
          label,
          ...(settings.retry ? { retry: settings.retry } : {}),
          ...(settings.onFallback ? { onFallback: settings.onFallback } : {}),
        }),
      ),
      prompt: loadSystemPrompt(prompt, settings.promptsDir),
      ...(settings.anonymise ? { anonymise: true } : {}),
    };
  };
  // Each role is built on first use: a worker that runs only the Co-Lead's jobs needs only the Co-Lead's key.
  return lazyRoles({
    lead: () =>
      models.lead === 'builtin'
        ? createBuiltinLead()
        : createModelLead({ ...modelOf('lead'), ...(guardrails ? { guardrails } : {}) }),
    coLead: () =>
      models.coLead === 'builtin'
        ? createBuiltinCoLead({ analyze: analyzeRepo })
        : createModelCoLead(modelOf('coLead')),
    cio: () => (models.cio === 'builtin' ? createBuiltinCio() : createModelCio(modelOf('cio'))),
  });
}

/** Every role's agent, built now: a role whose provider has no key throws here. */
export function assertAgents(agents: Agents): void {
  void agents.lead;
  void agents.coLead;
  void agents.cio;
}

/** The versions of the system prompts of a session's model-backed roles (none for built-in roles). */
export function promptVersionsOf(models: RoleModels, promptsDir?: string): string[] {
  return (Object.keys(ROLES) as Array<keyof RoleModels>)
    .filter((role) => models[role] !== 'builtin')
    .map((role) => loadSystemPrompt(ROLES[role].prompt, promptsDir).version);
}

function lazyRoles(build: { [R in keyof Agents]: () => Agents[R] }): Agents {
  const built: Partial<Agents> = {};
  const role = <R extends keyof Agents>(name: R) => ({
    enumerable: true,
    get: () => {
      built[name] ??= build[name]();
      return built[name] as Agents[R];
    },
  });
  return Object.defineProperties({} as Agents, { lead: role('lead'), coLead: role('coLead'), cio: role('cio') });
}
