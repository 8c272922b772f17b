import type { ForgeKind, Session } from '@triad/core';
import { TriadError } from '@triad/core';
import { createForge, FORGE_TOKEN_VARIABLES, type ForgePort } from '@triad/tools';

/** The one-line error for a forge whose token this process lacks: it names the variable to set. */
export function missingForgeToken(kind: ForgeKind): TriadError {
  const variable = FORGE_TOKEN_VARIABLES[kind];
  return new TriadError(`pr mode on ${kind} needs ${variable}: set it for the CLI or server and for every worker`, {
    code: 'forge_token_missing',
    domain: 'config',
  });
}

/** One forge port per session forge and token, made on first use. */
export function forgePorts(tokens: Partial<Record<ForgeKind, string>>) {
  const ports = new Map<string, ForgePort>();
  return (session: Pick<Session, 'forge' | 'id'>): ForgePort => {
    const forge = session.forge;
    if (!forge) {
      throw new TriadError(`session ${session.id} has no forge: only pr-mode sessions open pull requests`, {
        code: 'forge_missing',
        domain: 'internal',
      });
    }
    const token = tokens[forge.kind];
    if (!token) throw missingForgeToken(forge.kind);
    const key = `${forge.kind} ${forge.apiUrl} ${forge.repo}`;
    let port = ports.get(key);
    if (!port) {
      port = createForge(forge.kind, { apiUrl: forge.apiUrl, repo: forge.repo, token });
      ports.set(key, port);
    }
    return port;
  };
}
