import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** An age identity made by Debian's `age-keygen`, in a temp dir; for tests only. */
export interface TestIdentity {
  /** `AGE-SECRET-KEY-1…` */
  secretKey: string;
  /** `age1…` */
  recipient: string;
  /** The identity file `age -d -i` reads. */
  file: string;
  remove(): Promise<void>;
}

export async function ageKeygen(): Promise<TestIdentity> {
  const dir = await mkdtemp(join(tmpdir(), 'triad-age-'));
  const file = join(dir, 'key.txt');
  await run('age-keygen', ['-o', file]);
  const text = await readFile(file, 'utf8');
  const secretKey = /^AGE-SECRET-KEY-1[0-9A-Z]+$/m.exec(text)?.[0];
  const recipient = /public key: (age1[0-9a-z]+)/.exec(text)?.[1];
  if (!secretKey || !recipient) throw new Error(`age-keygen wrote no key to ${file}`);
  return { secretKey, recipient, file, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The data key of a SOPS file's age entry, decrypted by Debian's `age` CLI (an independent age implementation). */
export async function ageDecrypt(identity: TestIdentity, armored: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'triad-age-enc-'));
  try {
    const input = join(dir, 'enc.age');
    await writeFile(input, armored);
    const { stdout } = await run('age', ['--decrypt', '-i', identity.file, input], { encoding: 'buffer' });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
