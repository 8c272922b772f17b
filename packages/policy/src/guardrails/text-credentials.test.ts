// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux ${VAR} placeholders are the subject of these tests
import { type FileEdit, GuardrailConfig } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { checkProposal } from './check-proposal';
import { redactCredentials, textCredentials } from './text-credentials';

const config = GuardrailConfig.parse({});
const adr = (body: string): FileEdit => ({ path: 'docs/adr/0007-move-db-password.md', before: null, after: body });
const rules = (...edits: FileEdit[]) => checkProposal(edits, config).refusals.map((r) => [r.rule, r.path]);
const SECRET_IN_ADR = `# 7. Move the DB password

## Decision

Apply this:

\`\`\`yaml
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: media}
stringData:
  password: hunter2-correct-horse
\`\`\`
`;

describe('credentials in free text', () => {
  it('refuses a Secret manifest pasted into an ADR, and never says the value', () => {
    const refusals = checkProposal([adr(SECRET_IN_ADR)], config).refusals;
    expect(refusals.map((r) => r.rule)).toEqual(['credential-literal']);
    expect(refusals[0]?.message).not.toContain('hunter2');
  });

  it.each([
    ['an assignment', 'Set DB_PASSWORD=s3cr3t-Value-123 on the host.'],
    ['an env pair', '- name: API_TOKEN\n  value: "abcd-1234-efgh"'],
    ['a known token format', `Use ghp_${'a1B2'.repeat(9)} to pull.`],
    ['a password in a URL', 'Connect with postgres://app:Sup3rS3cret@db:5432/app'],
    ['a generated token', 'the key is Zk9xQ2p7Lm4Rt8Wv1Yb5Nc3Hd6Jf0Gs2 now'],
  ])('refuses %s in Markdown', (_name, text) => {
    expect(rules(adr(`# Note\n\n${text}\n`))).toEqual([['credential-literal', 'docs/adr/0007-move-db-password.md']]);
  });

  it('refuses a credential in a YAML comment, and passes prose, placeholders and values already there', () => {
    const path = 'apps/web/deployment.yaml';
    expect(rules({ path, before: 'a: 1\n', after: '# ADMIN_PASSWORD: Hunter2-horse\na: 1\n' })).toEqual([
      ['credential-literal', path],
    ]);
    expect(
      rules(adr('# Decision\n\nThe password moves to a SOPS Secret; `DB_PASSWORD: ${DB_PASSWORD}` stays.\n')),
    ).toEqual([]);
    const old = 'token: abcd-1234-efgh\n';
    expect(rules({ path: 'README.md', before: old, after: `${old}More text.\n` })).toEqual([]);
  });

  it('redacts every credential of a report and leaves the rest', () => {
    const report = `# Report\n\n${SECRET_IN_ADR}\nSet DB_PASSWORD=s3cr3t-Value-123 later.\n`;
    const redacted = redactCredentials(report);
    expect(redacted).not.toContain('hunter2');
    expect(redacted).not.toContain('s3cr3t-Value-123');
    expect(redacted).toContain('Move the DB password');
    expect(textCredentials(redacted)).toEqual([]);
  });

  it('stays fast on a long hostile line', () => {
    const started = performance.now();
    textCredentials(`${'- '.repeat(50_000)}password${' '.repeat(50_000)}:${' x'.repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
