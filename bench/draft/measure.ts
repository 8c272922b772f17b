// One size of the env-credentials draft in its own process (so its peak RSS is its own). Prints one JSON line.
// Usage: measure.ts <credentials>
import { createBuiltinLead, type LeadAgent, Redactor } from '@triad/agents';
import { testContext } from '@triad/agents/test-support';
import { analyzeRepo } from '@triad/analyzers';
import { GuardrailConfig } from '@triad/core';
import { checkChange } from '@triad/policy';
import { maskedDiff } from '@triad/tools';
// The catalog's `yaml`, the analyzers' own version.
import { parseAllDocuments } from 'yaml';
import { envCredentialsRepo } from './repo.ts';

const n = Number(process.argv[2] ?? 3000);
const files = envCredentialsRepo(n);
const timed = <T>(run: () => T): [T, number] => {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
};

// Baseline: parse every file once with `yaml` (no checks), as a scan's floor.
const [, parseMs] = timed(() => {
  for (const text of files.values()) for (const doc of parseAllDocuments(text, { uniqueKeys: false })) doc.toJS();
});
const findings = analyzeRepo(files).filter((f) => f.check === 'hardcoded-credential');
const task = {
  id: 't-1',
  sessionId: 's-1',
  title: 'move credentials',
  category: 'security',
  priority: 1,
  findingIds: findings.map((f) => f.id),
} as unknown as Parameters<LeadAgent['draft']>[0]['task'];
let started = performance.now();
// The built-in Lead's draft (`draftFix` behind one abort check).
const draft = await createBuiltinLead().draft(
  { task, findings, files, baseRevision: 'base', revision: 1, feedback: [] },
  testContext(),
);
const leadMs = performance.now() - started;
if (draft.kind !== 'proposal') throw new Error(`no proposal: ${draft.kind === 'cannot' ? draft.reason : draft.kind}`);
const edits = draft.edits.map(({ path, after }) => ({ path, before: files.get(path) ?? null, after }));
const [check, checkMs] = timed(() => checkChange(files, edits, GuardrailConfig.parse({})));
const [diff, diffMs] = timed(() => maskedDiff(edits));
started = performance.now();
const redactor = new Redactor({ sessionKey: 'bench' });
const shown = redactor.redact(files.get('apps/app.yaml')!);
const redactMs = performance.now() - started;
if (/Xk9Lm2Qr/.test(diff) || /Xk9Lm2Qr/.test(shown)) throw new Error('a credential was left in clear');
console.log(
  JSON.stringify({
    n,
    findings: findings.length,
    parseMs,
    leadMs,
    checkMs,
    diffMs,
    redactMs,
    refused: check.ok ? [] : check.refusals.map((r) => r.rule),
    hidden: redactor.hidden,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
