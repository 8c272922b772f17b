import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from './run-git';
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

  it('comes with the files read at the same commit, with no second pass over the blobs', async () => {
    const commands: string[] = [];
    const workspace = remote.workspace('counted', {
      runGit: (command) => {
        commands.push(command.args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) ?? '');
        return runGit(command);
      },
    });
    const head = await workspace.sync();
    await workspace.readFiles(head);
    commands.length = 0;
    const skipped = await workspace.skippedFiles(head);
    // No git at all: no ls-tree, no cat-file.
    expect(commands).toEqual([]);
    // The same answer a workspace that never read the files gives.
    expect(skipped).toEqual(await remote.workspace('fresh').skippedFiles(head));
    expect(skipped.find((entry) => entry.kind === 'symlink')?.target).toBe('/etc/passwd');
  });
});
