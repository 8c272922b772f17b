import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeRepo } from '@triad/analyzers';
import { ageDecrypt, ageKeygen, decodeSops, type TestIdentity } from '@triad/tools/test-support/sops';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSession, waitForSessionEnd } from '../src';
import { run, startRig, type TestRig } from './harness';

const LITERAL = 'Hass-Recorder-2024!';
const HOMELAB_RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const SECRET_FILE = 'apps/home/home-assistant/home-assistant-secret.sops.yaml';

/** Points the homelab's `.sops.yaml` at the test identity (nobody holds the example recipient's key) and pushes it. */
async function plantRecipient(dir: string, remote: string, recipient: string): Promise<void> {
  const seed = join(dir, 'seed');
  const config = await readFile(join(seed, '.sops.yaml'), 'utf8');
  await writeFile(join(seed, '.sops.yaml'), config.replace(HOMELAB_RECIPIENT, recipient));
  const who = ['-c', 'user.name=Homelab Owner', '-c', 'user.email=owner@example.org', '-c', 'commit.gpgsign=false'];
  await run('git', ['-C', seed, ...who, 'commit', '-qam', 'sops: the test identity is the recipient']);
  await run('git', ['-C', seed, 'push', '-q', remote, 'main']);
}

describe('a built-in session fixes the homelab credential with a real SOPS Secret', () => {
  let current: TestRig | undefined;
  let identity: TestIdentity;
  beforeAll(async () => {
    identity = await ageKeygen();
  });
  afterAll(() => identity?.remove());
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('leaves no literal in the tree, the reports or the events; the new file decrypts to the old value', async () => {
    current = await startRig();
    const { rt, remote, dir } = current;
    await plantRecipient(dir, remote, identity.recipient);
    const session = await startSession(rt, { repo: remote, durationMs: 120_000, approvalTimeoutMs: 1_000 });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 90_000 });
    expect(ended.state).toBe('ended');

    const tasks = await rt.tasks.list(session.id);
    const task = tasks.find((t) => t.findingIds.some((id) => id.startsWith('hardcoded-credential/')));
    expect(task, tasks.map((t) => `${t.title}: ${t.state} ${t.risk} ${t.reason}`).join('\n')).toMatchObject({
      state: 'applied',
    });

    const after = await rt.repos.latest({ url: remote, branch: 'main' });
    const holding = [...after.files].filter(([, text]) => text.includes(LITERAL)).map(([path]) => path);
    expect(holding).toEqual([]);
    expect(analyzeRepo(after.files).filter((f) => f.check === 'hardcoded-credential')).toEqual([]);

    // The workload reads the key from the new Secret, which decrypts (age CLI + node:crypto) to the old value.
    const statefulset = parse(after.files.get('apps/home/home-assistant/statefulset.yaml')!);
    const env = statefulset.spec.template.spec.containers[0].env as { name: string; valueFrom?: unknown }[];
    expect(env.find((e) => e.name === 'RECORDER_DB_PASSWORD')).toEqual({
      name: 'RECORDER_DB_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'home-assistant-secret', key: 'RECORDER_DB_PASSWORD' } },
    });
    const encrypted = after.files.get(SECRET_FILE)!;
    const sops = parse(encrypted).sops as { age: { recipient: string; enc: string }[] };
    expect(sops.age.map((a) => a.recipient)).toEqual([identity.recipient]);
    const decoded = decodeSops(encrypted, await ageDecrypt(identity, sops.age[0]!.enc));
    expect(decoded.computedMac).toBe(decoded.storedMac);
    expect(decoded.values).toMatchObject({
      kind: 'Secret',
      metadata: { name: 'home-assistant-secret', namespace: 'home' },
      stringData: { RECORDER_DB_PASSWORD: LITERAL },
    });
    expect(parse(after.files.get('apps/home/home-assistant/kustomization.yaml')!).resources).toContain(
      'home-assistant-secret.sops.yaml',
    );
    // The flux-sops-without-decryption task gives `apps` its decryption; the credential fix leaves that file to it.
    expect(parse(after.files.get('clusters/homelab/apps.yaml')!).spec.decryption).toEqual({
      provider: 'sops',
      secretRef: { name: 'sops-age' },
    });

    // Since the homelab's first commit, only the fix commit's removed line carries the value: no commit adds it.
    const { stdout: root } = await run('git', ['--git-dir', remote, 'rev-list', '--max-parents=0', 'main']);
    const range = `${root.trim()}..main`;
    const { stdout: log } = await run('git', ['--git-dir', remote, 'log', '-p', range], { maxBuffer: 64 << 20 });
    const added = log.split('\n').filter((line) => line.startsWith('+') && line.includes(LITERAL));
    expect(added).toEqual([]);
    const fixCommit = (await run('git', ['--git-dir', remote, 'show', '-s', '--format=%B', task!.commit!])).stdout;
    expect(fixCommit).toContain('stays in Git history at apps/home/home-assistant/statefulset.yaml');
    const report = after.files.get(ended.report?.path ?? '') ?? '';
    expect(report).toContain('rotate RECORDER_DB_PASSWORD');
    expect(report).not.toContain(LITERAL);

    // Neither the proposal shown to reviewers nor the event log quotes it.
    const proposal = await rt.records.proposal(session.id, task!.id, task!.revision);
    expect(proposal?.diff).toContain('REDACTED-');
    expect(proposal?.diff).not.toContain(LITERAL);
    const events = await rt.events.read(session.id);
    expect(JSON.stringify(events)).not.toContain(LITERAL);
  }, 150_000);
});
