import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSystemPrompt } from './system-prompt';

describe('loadSystemPrompt', () => {
  it('reads each role prompt of prompts/ with its version line', () => {
    for (const role of ['lead', 'co-lead', 'cio'] as const) {
      const prompt = loadSystemPrompt(role);
      expect(prompt.version).toMatch(new RegExp(`^${role}@\\d+\\.\\d+\\.\\d+$`));
      expect(prompt.text).toContain('untrusted-data');
      expect(prompt.text.startsWith('---')).toBe(false);
    }
  });

  it('refuses a prompt without a version, and names the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triad-prompts-'));
    try {
      await writeFile(join(dir, 'lead.md'), 'You are the Lead.\n');
      expect(() => loadSystemPrompt('lead', dir)).toThrowError(/lead\.md has no "version:" line/);
      expect(() => loadSystemPrompt('cio', dir)).toThrowError(/cannot read the cio prompt/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
