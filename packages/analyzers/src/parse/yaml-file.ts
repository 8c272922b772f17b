/** True for the files the analyzers read as manifests. */
export function isYamlFile(path: string): boolean {
  return path.endsWith('.yaml') || path.endsWith('.yml');
}
