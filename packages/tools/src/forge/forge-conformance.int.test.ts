import { createGiteaForge } from './gitea-forge';
import { createGitHubForge } from './github-forge';
import { createGitLabForge } from './gitlab-forge';
import { describeForgeConformance } from './test-support/forge-conformance';
import { startGiteaServer } from './test-support/gitea-server';
import { startGitHubServer } from './test-support/github-server';
import { startGitLabServer } from './test-support/gitlab-server';

// The real SDKs (Octokit, Gitbeaker) and fetch for Gitea, against loopback servers speaking each forge's REST API.
describeForgeConformance('GitHub (Octokit)', async () => {
  const token = 'ghp_loopbacktoken0001';
  const server = await startGitHubServer(token, 'homelab', 'gitops');
  return {
    server,
    token,
    forge: (t) => createGitHubForge({ apiUrl: server.origin, repo: 'homelab/gitops', token: t }),
  };
});

describeForgeConformance('Gitea/Forgejo (REST over fetch)', async () => {
  const token = 'gitea-loopback-token-0002';
  const server = await startGiteaServer(token, 'homelab', 'gitops');
  return {
    server,
    token,
    forge: (t) => createGiteaForge({ apiUrl: `${server.origin}/api/v1`, repo: 'homelab/gitops', token: t }),
  };
});

describeForgeConformance('GitLab (Gitbeaker)', async () => {
  const token = 'glpat-loopbacktoken0003';
  const server = await startGitLabServer(token, 'ops/homelab/gitops');
  return {
    server,
    token,
    forge: (t) => createGitLabForge({ apiUrl: server.origin, repo: 'ops/homelab/gitops', token: t }),
  };
});
