/** The text files of a GitOps repo at one revision: repo-relative POSIX path → content. */
export type RepoFiles = ReadonlyMap<string, string>;

/**
 * Whether a repository path is a YAML file: `.yaml` or `.yml`, in any case. The one rule the analyzers, the tool layer,
 * the models' redaction and the UI share, so a file read as a manifest is also the one guarded as one (an upper-case
 * `.YAML` is a manifest when a kustomization lists it).
 */
export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}
