import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRemote, type TestRemote } from './test-support/test-remote';

describe('skipped files are named with the reason', () => {
  let remote: TestRemote;
  beforeAll(async () => {
    remote = await createTestRemote({
      'apps/ok.yaml': 'a: 1\n',
      'apps/link.yaml': { symlink: '/etc/passwd' },
      'apps/big.yaml': `a: "${'x'.repeat(1024 * 1024 + 1)}"\n`,
      'apps/latin1.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]),
    });
  });
  afterAll(() => remote.cleanup());

  it('lists what readFiles leaves out', async () => {
    const workspace = remote.workspace('ws');
    const head = await workspace.sync();
    expect([...(await workspace.readFiles(head)).keys()].sort()).toEqual(['README.md', 'apps/ok.yaml']);
    const skipped = (await workspace.skippedFiles(head)).map(({ path, kind }) => [path, kind]);
    expect(skipped.sort()).toEqual([
      ['apps/big.yaml', 'too-large'],
      ['apps/latin1.yaml', 'binary'],
      ['apps/link.yaml', 'symlink'],
    ]);
  });
});
