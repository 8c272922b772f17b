/** The text files of a GitOps repo at one revision: repo-relative POSIX path → content. */
export type RepoFiles = ReadonlyMap<string, string>;
