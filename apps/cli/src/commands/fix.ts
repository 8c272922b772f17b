import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { analyzeRepo, CHECKS, setParseCacheLimit, worthATask } from '@triad/analyzers';
import { compareSeverity, count, type Finding, type RepoFiles, Severity } from '@triad/core';
import { diffEdits } from '@triad/tools';
import { type FixPlan, planFixes } from '../fix/plan-fixes';
import { readRepoTree } from '../scan/repo-files';
import { UsageError } from '../usage-error';
import { DEFAULT_FAIL_ON } from './scan';

export interface FixFlags {
  /** Comma-separated check ids: fix only their findings. */
  check?: string;
  /** Print the diff, write nothing. */
  'dry-run'?: boolean;
  json?: boolean;
  'fail-on'?: string;
  /** Fix findings on objects nothing deploys too (archived apps, templates, files no kustomization lists). */
  all?: boolean;
}

/**
 * `triad fix <path> [--check id,…] [--dry-run] [--json] [--fail-on high] [--all]`: the built-in fixers on a checkout,
 * files written in place (comments and key order kept). Like a session, it leaves objects nothing deploys alone (but
 * for committed credentials) unless `--all`. No Redis, no session. Returns the exit code, as `scan` does: 1 when
 * findings at or above --fail-on remain after the fixes.
 */
/** Source characters `triad fix` keeps parsed between its analyses; a repository larger than this parses the rest again. */
const FIX_PARSE_CACHE_CHARACTERS = 256 * 1024 * 1024;

export async function fix(path: string | undefined, flags: FixFlags): Promise<number> {
  if (!path) throw new UsageError('missing path: `triad fix <path to a GitOps repo checkout>`');
  const failOn = Severity.safeParse(flags['fail-on'] ?? DEFAULT_FAIL_ON);
  if (!failOn.success) {
    throw new UsageError(`invalid --fail-on "${flags['fail-on']}": use one of info, low, medium, high, critical`);
  }
  const checks = checkIds(flags.check);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${path} is not a directory: pass the root of a GitOps repository`);

  const { files, skipped } = await readRepoTree(path);
  const unreadable = skipped.map((file) => file.path);
  // Fixing analyses the repository again after each group of fixes, and all but a few files are unchanged: they are
  // parsed once (the one-shot scan keeps the cache off).
  setParseCacheLimit(FIX_PARSE_CACHE_CHARACTERS);
  const found = analyzeRepo(files, { unreadable }).filter((finding) => !checks || checks.has(finding.check));
  const findings = flags.all ? found : found.filter(worthATask);
  const undeployed = found.length - findings.length;
  const plan = await planFixes(files, findings);
  const after: RepoFiles = new Map([...files, ...plan.changed]);
  const remaining = analyzeRepo(after, { unreadable });
  const failing = remaining.filter((finding) => compareSeverity(finding.severity, failOn.data) >= 0);

  if (!flags['dry-run']) {
    for (const [file, content] of plan.changed) {
      await mkdir(dirname(join(path, file)), { recursive: true });
      await writeFile(join(path, file), content, 'utf8');
    }
  }
  if (flags.json) {
    const changed = [...plan.changed.keys()].sort();
    const remainingIds = remaining.map((finding) => finding.id);
    const report = {
      written: !flags['dry-run'],
      changed,
      fixes: plan.fixes,
      unfixed: plan.unfixed,
      ...(flags.all ? {} : { notDeployedLeft: undeployed }),
      remaining: remainingIds,
    };
    console.log(JSON.stringify(report, null, 2));
  } else {
    if (flags['dry-run']) {
      const edits = [...plan.changed].map(([file, content]) => ({
        path: file,
        before: files.get(file) ?? null,
        after: content,
      }));
      process.stdout.write(diffEdits(edits));
    }
    console.log(summary(plan, !flags['dry-run'], remaining, failing.length, failOn.data, undeployed));
  }
  // As `triad scan`: said on stderr, so the JSON on stdout stays whole and a CI log shows why the step failed.
  if (failing.length > 0) {
    process.stderr.write(
      `triad fix: exit 1: ${count(failing.length, 'finding')} at ${failOn.data} or above ${failing.length === 1 ? 'remains' : 'remain'} (--fail-on sets the level)\n`,
    );
  }
  return failing.length > 0 ? 1 : 0;
}

/** How many of the findings that remain are on objects nothing deploys, for the summary line. */
function notDeployedText(remaining: readonly Finding[]): string {
  const undeployed = remaining.filter((finding) => finding.notDeployed !== undefined).length;
  return undeployed > 0 ? ` (${undeployed} of them on objects nothing deploys)` : '';
}

/** `--check a,b` as a set, refusing an id no check has. */
function checkIds(flag: string | undefined): Set<string> | undefined {
  if (flag === undefined) return undefined;
  const ids = flag
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const known = new Set(CHECKS.map((check) => check.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `unknown check "${unknown[0] ?? flag}" in --check: use ids \`triad scan --json\` shows, like privileged-container`,
    );
  }
  return new Set(ids);
}

function summary(
  plan: FixPlan,
  written: boolean,
  remaining: readonly Finding[],
  failing: number,
  failOn: Severity,
  undeployed: number,
): string {
  const lines: string[] = [];
  for (const item of plan.fixes) {
    lines.push(`fixed  ${item.title} (${count(item.fixed.length, 'finding')}) in ${item.files.join(', ')}`);
    for (const id of item.fixed) lines.push(`         ${id}`);
    for (const step of item.humanSteps) lines.push(`         a person must: ${step}`);
    if (item.decision) {
      lines.push(`         the decision behind it: ${item.decision} (triad fix writes no ADR; a session records one)`);
    }
  }
  for (const item of plan.unfixed) lines.push(`not fixed  ${item.id}: ${item.reason}`);
  const files = count(plan.changed.size, 'file');
  const done = written ? `${files} written` : `${files} would change (--dry-run: nothing written)`;
  if (undeployed > 0) {
    lines.push(`left alone  ${count(undeployed, 'finding')} on objects nothing deploys (--all fixes them too)`);
  }
  lines.push(
    `${count(plan.fixes.length, 'fix', 'fixes')}, ${done}; ${count(plan.unfixed.length, 'finding')} not fixed; ` +
      `${count(remaining.length, 'finding')} ${remaining.length === 1 ? 'remains' : 'remain'}${notDeployedText(remaining)}, ${failing} at or above ${failOn}`,
  );
  return lines.join('\n');
}
