import { describe, expect, it } from 'vitest';
import { applyReplacements, type Replacement, replacementsOf, resolveReplacement } from './kustomize-replacements';

const settings = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'site' },
  data: { 'region.name': 'north', zone: 'a/b/c' },
};
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'web:1' },
          { name: 'proxy', image: 'px:1' },
        ],
      },
    },
  },
};

const resolve = (r: Replacement) => {
  const resolved = resolveReplacement(r, [settings, deployment]);
  if (!resolved) throw new Error('unresolved');
  return resolved;
};

describe('kustomize replacements', () => {
  it('reads an escaped dotted key and one part of a delimited value, and writes into a list item by name', () => {
    const fromKey = resolve({
      source: { select: { kind: 'ConfigMap', name: 'site' }, fieldPath: 'data.region\\.name', options: {} },
      targets: [
        {
          select: { kind: 'Deployment' },
          reject: [],
          fieldPaths: ['spec.template.spec.containers.[name=proxy].image'],
          options: { delimiter: ':', index: 0 },
        },
      ],
    });
    expect(fromKey.value).toBe('north');
    const after = applyReplacements(deployment, [fromKey]);
    expect(after).toMatchObject({
      spec: { template: { spec: { containers: [{ image: 'web:1' }, { image: 'north:1' }] } } },
    });
    expect(deployment.spec.template.spec.containers[1]?.image).toBe('px:1'); // the input is left as it was
    const part = resolve({
      source: { select: { kind: 'ConfigMap' }, fieldPath: 'data.zone', options: { delimiter: '/', index: 1 } },
      targets: [],
    });
    expect(part.value).toBe('b');
  });

  it('creates a missing field only when told to, and leaves rejected objects alone', () => {
    const label = (create: boolean) =>
      applyReplacements(deployment, [
        {
          value: 'north',
          targets: [
            { select: { kind: 'Deployment' }, reject: [], fieldPaths: ['metadata.labels.region'], options: { create } },
          ],
        },
      ]);
    expect(label(false)).toBe(deployment);
    expect(label(true)).toMatchObject({ metadata: { labels: { region: 'north' } } });
    const rejected = applyReplacements(deployment, [
      {
        value: 'x',
        targets: [{ select: {}, reject: [{ name: 'web' }], fieldPaths: ['metadata.name'], options: {} }],
      },
    ]);
    expect(rejected).toBe(deployment);
  });

  it('reads replacements inline and from a file of several', () => {
    const files = new Map([
      [
        'site/replacements.yaml',
        '- source: {kind: ConfigMap, name: site, fieldPath: data.zone}\n  targets: [{select: {kind: Deployment}, fieldPaths: [metadata.name]}]\n- sourceValue: fixed\n  targets: [{select: {kind: Deployment}, fieldPaths: [metadata.namespace]}]\n',
      ],
    ]);
    const config = {
      replacements: [
        { path: 'replacements.yaml' },
        { sourceValue: 'inline', targets: [{ select: { kind: 'Service' }, fieldPaths: ['metadata.name'] }] },
        { sourceValue: 'no targets' },
      ],
    };
    expect(replacementsOf(files, 'site', config).map((r) => r.sourceValue ?? r.source?.fieldPath)).toEqual([
      'data.zone',
      'fixed',
      'inline',
    ]);
  });
});
