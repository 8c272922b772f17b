export { createForge } from './create-forge';
export { forgeFailure } from './forge-errors';
export * from './forge-port';
export { type ForgeTarget, parseRemote, resolveForge, splitRepo } from './forge-remote';
export { createGiteaForge } from './gitea-forge';
export { createGitHubForge } from './github-forge';
export { createGitLabForge } from './gitlab-forge';
