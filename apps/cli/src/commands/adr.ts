import type { RepoRef } from '@triad/core';
import { adrOnShelf, type Triad } from '@triad/orchestrator';
import { defaultBranch } from '@triad/tools';
import { withTriad } from '../context';
import { type CliEnv, UsageError } from '../env';
import { table } from '../format';

export interface AdrFlags {
  repo?: string;
  branch?: string;
  session?: string;
  json?: boolean;
}

/** The repository whose ADRs to read: `--repo`, the repo of `--session`, or that of the newest session. */
async function repoOf(triad: Triad, flags: AdrFlags): Promise<RepoRef> {
  if (flags.repo) return { url: flags.repo, branch: flags.branch ?? (await defaultBranch(flags.repo)) ?? 'main' };
  if (flags.session) return (await triad.sessions.show(flags.session)).session.repo;
  const [newest] = await triad.sessions.list(1);
  if (!newest) throw new UsageError('no session yet to take a repository from: pass --repo <repo>');
  return newest.repo;
}

/** `triad adr list`: the decision records of the GitOps repo at its branch head. */
export async function listAdrCommand(flags: AdrFlags, env: CliEnv) {
  await withTriad(env, async (triad) => {
    const repo = await repoOf(triad, flags);
    const { adrs } = await triad.adrs.shelf(repo);
    if (flags.json) return console.log(JSON.stringify(adrs, null, 2));
    if (adrs.length === 0) return console.log(`no ADRs in ${repo.url} (${repo.branch})`);
    console.log(
      table(
        ['ADR', 'STATUS', 'TITLE', 'FILE'],
        adrs.map((a) => [String(a.number), a.status ?? '-', a.title, a.path]),
      ),
    );
  });
}

/** `triad adr show <n>`: one decision record, as Markdown. */
export async function showAdrCommand(number: string | undefined, flags: AdrFlags, env: CliEnv) {
  const n = Number(number);
  if (!number || !Number.isInteger(n) || n < 1) throw new UsageError('missing ADR number: `triad adr list` shows them');
  await withTriad(env, async (triad) => {
    const repo = await repoOf(triad, flags);
    const adr = adrOnShelf(await triad.adrs.shelf(repo), n);
    if (!adr) throw new UsageError(`no ADR ${n} in ${repo.url}: \`triad adr list\` shows the ADRs there are`);
    console.log(flags.json ? JSON.stringify(adr, null, 2) : adr.markdown);
  });
}
