import { describe, expect, it } from 'vitest';
import { isSealed, isYamlPath, sealRepoFiles } from './repo-files';

describe('isYamlPath', () => {
  it('takes .yaml and .yml in any case, and nothing that only contains them', () => {
    expect(['a.yaml', 'd/b.yml', 'C.YAML', 'e.Yml', 'x.sops.yaml'].map(isYamlPath)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['a.yaml.bak', 'yaml', 'a.json', 'Kustomization', 'a.yamlx', 'a_yaml'].map(isYamlPath)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('sealRepoFiles', () => {
  it('makes a file set read-only for good, and says it is', () => {
    const files = new Map([['a.yaml', 'kind: ConfigMap\n']]);
    expect(isSealed(files)).toBe(false);
    const sealed = sealRepoFiles(files);
    expect(isSealed(sealed)).toBe(true);
    expect(() => files.set('b.yaml', 'x')).toThrow(/sealed/);
    expect(() => files.delete('a.yaml')).toThrow(/sealed/);
    expect(() => files.clear()).toThrow(/sealed/);
    expect([...sealed]).toEqual([['a.yaml', 'kind: ConfigMap\n']]);
    // A copy is a new set, free to change.
    const copy = new Map(sealed);
    copy.set('b.yaml', 'x');
    expect(isSealed(copy)).toBe(false);
    expect(sealed.size).toBe(1);
  });
});
