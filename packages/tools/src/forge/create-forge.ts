import type { ForgeKind, ForgeOptions, ForgePort } from './forge-port';
import { createGiteaForge } from './gitea-forge';
import { createGitHubForge } from './github-forge';
import { createGitLabForge } from './gitlab-forge';

/** The adapter of a forge kind. */
export function createForge(kind: ForgeKind, options: ForgeOptions): ForgePort {
  if (kind === 'github') return createGitHubForge(options);
  if (kind === 'gitea') return createGiteaForge(options);
  return createGitLabForge(options);
}
