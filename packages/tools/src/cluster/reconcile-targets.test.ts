import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { reconcileTargets } from './reconcile-targets';

const HOMELAB = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../examples/homelab');

async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(root, path), await readFile(path, 'utf8'));
    }
  };
  await walk(root);
  return files;
}

describe('reconcileTargets: the Flux objects a commit reaches', () => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await readTree(HOMELAB);
  });
  const names = (paths: string[]) =>
    reconcileTargets(files, paths)
      .kustomizations.map((k) => k.name)
      .sort();

  it('a workload file: the Kustomization whose path builds it', () => {
    expect(names(['apps/media/jellyfin/deployment.yaml'])).toEqual(['apps']);
    expect(reconcileTargets(files, ['apps/media/jellyfin/deployment.yaml']).sources).toEqual([
      { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' },
    ]);
  });

  it("a Kustomization's own definition: it, and the one that applies the file", () => {
    expect(names(['clusters/homelab/apps.yaml'])).toEqual(['apps', 'flux-system']);
  });

  it('a file no Flux path builds: nothing', () => {
    expect(names(['docs/adr/0001-x.md'])).toEqual([]);
  });
});
