import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sopsSecret } from '../test-support/repo';
import { isSopsEncrypted } from './sops';

describe('isSopsEncrypted', () => {
  it('recognises the metadata sops writes', () => {
    expect(isSopsEncrypted(parse(sopsSecret('home', 's')))).toBe(true);
  });

  it('is not fooled by a plain key named sops', () => {
    expect(isSopsEncrypted({ kind: 'ConfigMap', data: { sops: 'yes' } })).toBe(false);
    expect(isSopsEncrypted({ kind: 'ConfigMap', sops: { enabled: true } })).toBe(false);
    expect(isSopsEncrypted('sops')).toBe(false);
  });
});
