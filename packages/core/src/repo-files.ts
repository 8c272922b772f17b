/** The text files of a GitOps repo at one revision: repo-relative POSIX path → content. */
export type RepoFiles = ReadonlyMap<string, string>;

const sealed = new WeakSet<RepoFiles>();

/**
 * Makes `files` read-only for good (`set`, `delete` and `clear` throw) and marks it so: what is computed from a sealed
 * file set (its analysis) can be kept as long as the set lives. A worker seals each revision's tree it caches.
 */
export function sealRepoFiles(files: Map<string, string>): RepoFiles {
  const refuse = () => {
    throw new TypeError(
      'this file set is sealed (one revision of a repository): copy it with new Map(files) to change it',
    );
  };
  Object.defineProperties(files, {
    set: { value: refuse },
    delete: { value: refuse },
    clear: { value: refuse },
  });
  sealed.add(files);
  return files;
}

/** Whether `files` was sealed (`sealRepoFiles`): it cannot change. */
export function isSealed(files: RepoFiles): boolean {
  return sealed.has(files);
}

/**
 * Whether a repository path is a YAML file: `.yaml` or `.yml`, in any case. The one rule the analyzers, the tool layer,
 * the models' redaction and the UI share, so a file read as a manifest is also the one guarded as one (an upper-case
 * `.YAML` is a manifest when a kustomization lists it).
 */
export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}
