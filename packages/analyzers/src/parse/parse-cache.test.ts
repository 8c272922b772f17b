import { afterEach, describe, expect, it } from 'vitest';
import { parseManifests, setParseCacheLimit } from './parse-manifests';
import { parseYamlValue } from './yaml-documents';

const CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n';
const files = (entries: Record<string, string>) => new Map(Object.entries(entries));
const objectOf = (repo: Map<string, string>, file: string) =>
  parseManifests(repo).documents.find((d) => d.file === file)?.object as Record<string, unknown>;

describe('the parse cache', () => {
  afterEach(() => setParseCacheLimit(64 * 1024 * 1024)); // the suite's setting (parse-cache.setup.ts)

  it('parses a file again only when its text changed', () => {
    setParseCacheLimit(0);
    setParseCacheLimit(1024);
    const first = objectOf(files({ 'a.yaml': CONFIG }), 'a.yaml');
    expect(objectOf(files({ 'a.yaml': CONFIG }), 'a.yaml')).toBe(first);
    const changed = objectOf(files({ 'a.yaml': CONFIG.replace('k: v', 'k: w') }), 'a.yaml');
    expect(changed).not.toBe(first);
    expect(changed.data).toEqual({ k: 'w' });
  });

  it('freezes what it shares, so a check cannot change the next analysis', () => {
    setParseCacheLimit(1024);
    const object = objectOf(files({ 'b.yaml': CONFIG }), 'b.yaml');
    expect(() => {
      (object.data as Record<string, string>).k = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps at most its limit of source, dropping the least recently used file', () => {
    setParseCacheLimit(0);
    setParseCacheLimit(CONFIG.length * 2);
    const a = objectOf(files({ 'a.yaml': CONFIG }), 'a.yaml');
    objectOf(files({ 'b.yaml': CONFIG }), 'b.yaml');
    expect(objectOf(files({ 'a.yaml': CONFIG }), 'a.yaml')).toBe(a); // a is now the most recent
    objectOf(files({ 'c.yaml': CONFIG }), 'c.yaml'); // drops b
    expect(objectOf(files({ 'a.yaml': CONFIG }), 'a.yaml')).toBe(a);
    const b = objectOf(files({ 'b.yaml': CONFIG }), 'b.yaml');
    expect(objectOf(files({ 'b.yaml': CONFIG }), 'b.yaml')).toBe(b);
  });

  it('is off by default: every analysis gets its own, changeable data', () => {
    setParseCacheLimit(0);
    const first = objectOf(files({ 'a.yaml': CONFIG }), 'a.yaml');
    expect(objectOf(files({ 'a.yaml': CONFIG }), 'a.yaml')).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(false);
  });

  it('keeps single values by text and options, errors included, and off means fresh values', () => {
    setParseCacheLimit(0);
    setParseCacheLimit(1024);
    const kustomization = 'resources:\n  - app.yaml\n';
    const value = parseYamlValue(kustomization, { logLevel: 'error' });
    expect(parseYamlValue(kustomization, { logLevel: 'error' })).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(parseYamlValue(kustomization)).not.toBe(value); // other options, its own entry
    expect(parseYamlValue('resources: [a, b]\n', { logLevel: 'error' })).toEqual({ resources: ['a', 'b'] });
    const broken = 'a: 1\na: 2\n';
    expect(() => parseYamlValue(broken)).toThrow(/Map keys must be unique/);
    expect(() => parseYamlValue(broken)).toThrow(/Map keys must be unique/); // the kept error, thrown again
    setParseCacheLimit(0);
    const fresh = parseYamlValue(kustomization, { logLevel: 'error' });
    expect(fresh).not.toBe(value);
    expect(Object.isFrozen(fresh)).toBe(false);
  });
});
