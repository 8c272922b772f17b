import { type Agents, createBuiltinCio, createBuiltinCoLead, createBuiltinLead } from '@triad/agents';
import { analyzeRepo } from '@triad/analyzers';
import { type RoleModels, TriadError } from '@triad/core';

const ROLE_NAMES: Record<keyof RoleModels, string> = { lead: 'Lead', coLead: 'Co-Lead', cio: 'CIO' };

/**
 * The implementation of each role that the session's model settings name. Only the built-in agents ship in this
 * release; a model-backed role is refused at session start rather than silently replaced by the built-in.
 */
export function resolveAgents(models: RoleModels): Agents {
  for (const [role, spec] of Object.entries(models) as Array<[keyof RoleModels, string]>) {
    if (spec !== 'builtin') {
      throw new TriadError(
        `${ROLE_NAMES[role]} is set to "${spec}", but model-backed agents are not available yet: use builtin`,
        { code: 'model_unavailable', domain: 'config' },
      );
    }
  }
  return {
    lead: createBuiltinLead(),
    coLead: createBuiltinCoLead({ analyze: analyzeRepo }),
    cio: createBuiltinCio(),
  };
}
