import { describe, expect, it } from 'vitest';
import { repo } from '../test-support/repo';
import { kustomizeBuildFiles, normalizeRepoDir } from './kustomize-build-files';

describe('normalizeRepoDir', () => {
  it.each([
    ['./apps', 'apps'],
    ['apps/', 'apps'],
    ['/apps/media/', 'apps/media'],
    ['./', ''],
    [undefined, ''],
    ['./apps/../infra', 'infra'],
  ])('%s → %s', (input, expected) => expect(normalizeRepoDir(input)).toBe(expected));
});

describe('kustomizeBuildFiles', () => {
  it('follows resources of kustomization.yaml recursively, directories included, nothing else', () => {
    const files = repo({
      'apps/kustomization.yaml': 'resources:\n  - ./media\n  - namespace.yaml\n  - https://example.com/remote.yaml\n',
      'apps/namespace.yaml': 'kind: Namespace\n',
      'apps/stray.yaml': 'kind: ConfigMap\n',
      'apps/media/kustomization.yaml':
        'resources: [deployment.yaml, ../shared/secret.yaml]\ncomponents: [../../components/gpu]\n',
      'apps/media/deployment.yaml': 'kind: Deployment\n',
      'apps/media/unlisted.yaml': 'kind: Service\n',
      'apps/shared/secret.yaml': 'kind: Secret\n',
      'components/gpu/kustomization.yaml': 'resources: [patch.yaml]\n',
      'components/gpu/patch.yaml': 'kind: ConfigMap\n',
    });
    expect(kustomizeBuildFiles(files, './apps')).toEqual([
      'apps/media/deployment.yaml',
      'apps/namespace.yaml',
      'apps/shared/secret.yaml',
      'components/gpu/patch.yaml',
    ]);
  });

  it('without kustomization.yaml takes every YAML file under the directory, as Flux generates one', () => {
    const files = repo({
      'clusters/home/apps.yaml': 'kind: Kustomization\n',
      'clusters/home/vars/settings.yml': 'kind: ConfigMap\n',
      'clusters/home/notes.txt': 'hello\n',
      'clusters/home/.hidden.yaml': 'x: 1\n',
      'clusters/home/flux-system/kustomization.yaml': 'resources: [gotk-sync.yaml]\n',
      'clusters/home/flux-system/gotk-sync.yaml': 'kind: GitRepository\n',
      'clusters/home/flux-system/leftover.yaml': 'kind: ConfigMap\n',
      'clusters/other/x.yaml': 'kind: ConfigMap\n',
    });
    expect(kustomizeBuildFiles(files, 'clusters/home')).toEqual([
      'clusters/home/apps.yaml',
      'clusters/home/flux-system/gotk-sync.yaml',
      'clusters/home/vars/settings.yml',
    ]);
  });

  it('survives kustomizations that include each other', () => {
    const files = repo({
      'a/kustomization.yaml': 'resources: [../b, a.yaml]\n',
      'a/a.yaml': 'kind: A\n',
      'b/kustomization.yaml': 'resources: [../a, b.yaml]\n',
      'b/b.yaml': 'kind: B\n',
    });
    expect(kustomizeBuildFiles(files, 'a')).toEqual(['a/a.yaml', 'b/b.yaml']);
  });
});
