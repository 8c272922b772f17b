/** The forges Triad opens pull (merge) requests on. */
export type ForgeKind = 'github' | 'gitea' | 'gitlab';

/** The environment variable that holds each forge's token (read by the apps, never by this package). */
export const FORGE_TOKEN_VARIABLES: Readonly<Record<ForgeKind, string>> = {
  github: 'GITHUB_TOKEN',
  gitea: 'GITEA_TOKEN',
  gitlab: 'GITLAB_TOKEN',
};

/** A pull request to open: a pushed branch into the branch Flux watches. */
export interface PullRequestDraft {
  /** The pushed branch, e.g. `triad/<session>/<task>`. */
  head: string;
  /** The branch it merges into. */
  base: string;
  title: string;
  /** Markdown: findings fixed, review, risk and blast radius, ADR. */
  body: string;
  /** Created on the forge when missing; carry the risk (`triad:risk-high`). */
  labels: readonly string[];
}

/** A pull request as Triad tracks it. */
export interface PullRequestRef {
  /** The number (GitHub, Gitea) or iid (GitLab) shown in its URL. */
  number: number;
  /** Its page, for people. */
  url: string;
}

/** Where a pull request stands. */
export type PullRequestStatus =
  | { state: 'open' }
  | { state: 'merged' /** The commit the base branch got (merge, squash or rebase). */; mergeCommit: string }
  | {
      state: 'closed';
      /** Who closed it unmerged, when the forge says. */
      closedBy?: string;
      /** The last comment a person left on it, the closer's reason as a rule. */
      comment?: string;
    };

/** The forge verbs Triad uses: open a request for a pushed branch, find it again, and follow it. Nothing else. */
export interface ForgePort {
  kind: ForgeKind;
  /** Opens the request, or returns the open one that already has this head (a retried step opens nothing twice). */
  openPullRequest(draft: PullRequestDraft): Promise<PullRequestRef>;
  /** The newest request whose head is `head`, whatever its state. */
  findPullRequest(head: string): Promise<PullRequestRef | undefined>;
  status(number: number): Promise<PullRequestStatus>;
}

/** What every adapter is made from. */
export interface ForgeOptions {
  /** API base URL: `https://api.github.com`, `https://gitea.example/api/v1`, `https://gitlab.com`. */
  apiUrl: string;
  /** `owner/name`; for GitLab the full project path (`group/sub/name`). */
  repo: string;
  token: string;
  /** Injected for tests and proxies; defaults to the global fetch. */
  fetch?: typeof fetch;
}
