import { describe, expect, it } from 'vitest';
import { isYamlPath } from './repo-files';

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
