export { branchRef } from './branch-verbs';
export { diffEdits } from './diff';
export {
  type BatchOutcome,
  type CommitRequest,
  createGitWorkspace,
  type GitAuthor,
  type GitWorkspace,
  type GitWorkspaceOptions,
  type PushOptions,
  type PushResult,
  type RevertRequest,
} from './git-workspace';
export { defaultBranch, type InspectOptions, inspectRepo, type RepoLocation } from './inspect-repo';
export { maskedDiff } from './masked-diff';
export { assertRepoPath } from './repo-path';
export { type GitCommand, type GitFailureDetails, type GitOutput, gitFailure, type RunGit, runGit } from './run-git';
export { readTrailerLog, type TrailerLogEntry } from './trailer-log';
export { formatCommitMessage, parseTrailers, type Trailer } from './trailers';
