export { startGiteaServer } from './gitea-server';
export { startGitHubServer } from './github-server';
export { startGitLabServer } from './gitlab-server';
export type { HeldPull, LoopbackForge, RecordedRequest } from './loopback-forge';
