import { analyzeRepo, fixerFor, groupForFix } from '@triad/analyzers';
import type { Finding, RepoFiles } from '@triad/core';
import { fixAndEncrypt } from '@triad/tools';

/** One change the built-in fixers made, as `triad fix` reports it. */
export interface LocalFix {
  /** Plain-words title of the change. */
  title: string;
  /** Ids of the findings it resolves. */
  fixed: string[];
  /** Files it changed, sorted. */
  files: string[];
  /** What a person must still do before the change can work (add an encrypted value with sops…). */
  humanSteps: string[];
  /** Title of the decision the change records, when it is one (a session would write it as an ADR). */
  decision?: string;
}

/** A finding `triad fix` left as it was, and why. */
export interface Unfixed {
  id: string;
  reason: string;
}

export interface FixPlan {
  /** Every file the fixes change: repo-relative path → new content. */
  changed: Map<string, string>;
  fixes: LocalFix[];
  unfixed: Unfixed[];
}

/**
 * Runs the built-in fixers over `findings`, one change per file as a session would draft them, each on the files as
 * the changes before it left them (and only for findings still present there). Nothing is written; a value a fix
 * moves out of a manifest is SOPS-encrypted to the repository's age recipients before it is returned, exactly as in
 * a session, so `triad fix` never leaves a plaintext credential in a `*.sops.yaml` file.
 */
export async function planFixes(files: RepoFiles, findings: readonly Finding[], now = new Date()): Promise<FixPlan> {
  let current = new Map(files);
  const changed = new Map<string, string>();
  const fixes: LocalFix[] = [];
  const unfixed: Unfixed[] = [];
  for (const finding of findings) {
    if (!fixerFor(finding.check)) unfixed.push({ id: finding.id, reason: `no built-in fixer for ${finding.check}` });
    else if (!finding.fixable) unfixed.push({ id: finding.id, reason: whyNotFixable(finding) });
  }
  const fixable = findings.filter((finding) => finding.fixable && fixerFor(finding.check));
  for (const group of groupForFix(fixable)) {
    // By id and file: an archived copy of a deployed object has the same id, and is not what was asked for.
    const wanted = new Set(group.map(findingKey));
    const present = analyzeRepo(current).filter((finding) => wanted.has(findingKey(finding)));
    if (present.length === 0) continue; // an earlier fix resolved them
    const outcome = await fixAndEncrypt(current, present, now);
    if (outcome.kind === 'unfixable') {
      for (const finding of present) {
        // The fixer's reason names the finding it stopped on first: the id is said once, not twice.
        const reason = outcome.reason.split('\n')[0] ?? '';
        unfixed.push({
          id: finding.id,
          reason: reason.startsWith(`${finding.id}: `) ? reason.slice(finding.id.length + 2) : reason,
        });
      }
      continue;
    }
    // Some of the file's findings fixed, others not: those are named with the fixer's reason, never dropped.
    for (const line of outcome.unfixed ?? []) {
      const at = line.indexOf(': ');
      unfixed.push({ id: at > 0 ? line.slice(0, at) : line, reason: at > 0 ? line.slice(at + 2) : line });
    }
    const touched = [...outcome.files].filter(([path, after]) => current.get(path) !== after);
    current = new Map([...current, ...touched]);
    for (const [path, after] of touched) changed.set(path, after);
    fixes.push({
      title: outcome.title,
      fixed: outcome.fixed,
      files: touched.map(([path]) => path).sort(),
      humanSteps: outcome.humanSteps ?? [],
      ...(outcome.adr ? { decision: outcome.adr.title } : {}),
    });
  }
  // A finding another fix resolved on the way (privileged mode ended drops every capability) is not "not fixed".
  const remaining = new Set(analyzeRepo(current).map((finding) => finding.id));
  return { changed, fixes, unfixed: unfixed.filter((item) => remaining.has(item.id)) };
}

/** Why a finding with a fixer is not fixable: the reason its message gives a person, else that none is safe. */
function whyNotFixable(finding: Finding): string {
  const marker = 'Triad leaves this one to a person: ';
  const at = finding.message.indexOf(marker);
  return at >= 0 ? `left to a person: ${finding.message.slice(at + marker.length)}` : 'no built-in fix is safe for it';
}

const findingKey = (finding: Finding) => `${finding.id}\u0000${finding.file ?? ''}`;
