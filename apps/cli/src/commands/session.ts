import { writeFile } from 'node:fs/promises';
import { ForgeKind, RiskLevel, type Session, SessionMode, type SessionRequest } from '@triad/core';
import { defaultBranch } from '@triad/tools';
import { withTriad } from '../context';
import { type CliEnv, UsageError } from '../env';
import { duration, maxDuration, positiveInteger, positiveNumber } from '../flags';
import { bar, sessionJson, TASK_HEADER, table, taskRows } from '../format';
import { followSession } from '../live-view';
import { assertClusterFlag, startCliSim } from '../sim-cluster';

export interface StartFlags {
  repo?: string;
  branch?: string;
  duration?: string;
  goal?: string[];
  'max-tokens'?: string;
  'max-usd'?: string;
  'auto-approve'?: string;
  'approval-timeout'?: string;
  'four-eyes'?: boolean;
  /** A kubeconfig of the cluster to observe and verify against. */
  kubeconfig?: string;
  context?: string;
  /** `sim`: the simulated cluster, reconciling from --repo (implies --local). */
  cluster?: string;
  /** How changes land: commit (default), pr or dry-run. */
  mode?: string;
  /** pr mode: github, gitea or gitlab (detected from the remote URL when absent). */
  forge?: string;
  /** pr mode: the forge's API base URL (a self-hosted forge). */
  'forge-url'?: string;
  /** pr mode: the repository's `owner/name` on the forge, when the remote URL does not show it. */
  'forge-repo'?: string;
  /** Write the report here when the session ends (implies --wait). */
  out?: string;
  wait?: boolean;
  local?: boolean;
  json?: boolean;
}

export function sessionRequest(flags: StartFlags, env: CliEnv): SessionRequest {
  if (!flags.repo) throw new UsageError('missing --repo: pass the GitOps repository (a bare repo path or a git URL)');
  const autoApprove = RiskLevel.safeParse(flags['auto-approve'] ?? 'medium');
  if (!autoApprove.success) throw new UsageError('--auto-approve must be one of low, medium, high, critical');
  const mode = SessionMode.safeParse(flags.mode ?? 'commit');
  if (!mode.success) throw new UsageError(`--mode must be one of commit, pr, dry-run, not "${flags.mode}"`);
  const maxMs = maxDuration(env.TRIAD_MAX_DURATION);
  return {
    repo: flags.repo,
    branch: flags.branch ?? 'main',
    mode: mode.data,
    ...forgeFlags(flags, mode.data),
    durationMs: duration(flags.duration ?? '48h', '--duration', { maxMs }),
    goals: flags.goal ?? [],
    budget: {
      maxTokens: positiveInteger(flags['max-tokens'], '--max-tokens'),
      maxUsd: positiveNumber(flags['max-usd'], '--max-usd'),
    },
    autoApprove: autoApprove.data,
    approvalTimeoutMs:
      flags['approval-timeout'] !== undefined
        ? duration(flags['approval-timeout'], '--approval-timeout', { maxMs })
        : undefined,
    fourEyes: flags['four-eyes'] || env.TRIAD_FOUR_EYES,
    models: { lead: env.TRIAD_LEAD_MODEL, coLead: env.TRIAD_COLEAD_MODEL, cio: env.TRIAD_CIO_MODEL },
    ...(flags.kubeconfig
      ? { cluster: { kubeconfig: flags.kubeconfig, ...(flags.context ? { context: flags.context } : {}) } }
      : {}),
  };
}

/** `--forge`, `--forge-url`, `--forge-repo`: only with `--mode pr`, each checked here so a typo is one line. */
function forgeFlags(flags: StartFlags, mode: SessionMode): Pick<SessionRequest, 'forge'> {
  const given = (['forge', 'forge-url', 'forge-repo'] as const).filter((flag) => flags[flag] !== undefined);
  if (given.length === 0) return {};
  if (mode !== 'pr') throw new UsageError(`--${given[0]} is for --mode pr only`);
  const kind = flags.forge === undefined ? undefined : ForgeKind.safeParse(flags.forge);
  if (kind && !kind.success) throw new UsageError(`--forge must be one of github, gitea, gitlab, not "${flags.forge}"`);
  const url = flags['forge-url'];
  if (url !== undefined && !URL.canParse(url)) {
    throw new UsageError(`--forge-url must be the forge's API URL, like https://git.example/api/v1, not "${url}"`);
  }
  const repo = flags['forge-repo'];
  if (repo !== undefined && !/^[^/\s]+(\/[^/\s]+)+$/.test(repo)) {
    throw new UsageError(`--forge-repo must be owner/name (GitLab: group/…/name), not "${repo}"`);
  }
  return {
    forge: {
      ...(kind?.success ? { kind: kind.data } : {}),
      ...(url !== undefined ? { apiUrl: url } : {}),
      ...(repo !== undefined ? { repo } : {}),
    },
  };
}

export async function start(flags: StartFlags, env: CliEnv): Promise<Session> {
  assertClusterFlag(flags.cluster);
  if (flags.cluster && flags.kubeconfig) throw new UsageError('pass --cluster sim or --kubeconfig, not both');
  if (flags.cluster === 'sim') {
    // The simulator lives in this process: so do the workers, until the session ends.
    if (!flags.repo) throw new UsageError('missing --repo: pass the GitOps repository (a bare repo path)');
    const sim = await startCliSim(flags.repo);
    try {
      return await start(
        { ...flags, cluster: undefined, kubeconfig: sim.kubeconfig, context: sim.context, local: true, wait: true },
        env,
      );
    } finally {
      await sim.stop();
    }
  }
  // Without --branch, the branch the repository's HEAD names (master for many), as `git clone` would take.
  const branch = flags.branch ?? (flags.repo ? await defaultBranch(flags.repo) : undefined);
  const request = sessionRequest({ ...flags, ...(branch ? { branch } : {}) }, env);
  return withTriad(env, async (triad) => {
    const pool = flags.local ? await triad.startWorkers() : undefined;
    try {
      const session = await triad.sessions.start({ ...request, startedBy: env.TRIAD_USER });
      if (!flags.wait && !flags.local && !flags.out) {
        print(
          flags.json ? JSON.stringify(session, null, 2) : `started ${session.id}: \`triad session show ${session.id}\``,
        );
        return session;
      }
      if (!flags.json) {
        console.log(`${session.mode} session ${session.id} started on ${session.repo.url} until ${session.deadline}`);
      }
      // With --json, stdout carries the JSON document only: the live view goes to stderr.
      const ended = await followSession(triad, session.id, flags.json ? process.stderr : process.stdout);
      const { tasks } = await triad.sessions.show(session.id);
      if (flags.out) {
        const stored = await triad.reports.get(session.id);
        if (!stored)
          throw new UsageError(`session ${session.id} ended without a report, so ${flags.out} was not written`);
        await writeFile(flags.out, stored.markdown, 'utf8');
        if (!flags.json) console.log(`report written to ${flags.out}`);
      }
      if (flags.json) print(JSON.stringify(sessionJson(ended, tasks), null, 2));
      else console.log(endLine(ended));
      return ended;
    } finally {
      await pool?.close();
    }
  });
}

/** What the mode means for this session, after its name in `session show`. */
function modeNote(session: Session): string {
  if (session.mode === 'dry-run') return ' (nothing is pushed)';
  if (session.mode === 'pr' && session.forge) return ` (pull requests on ${session.forge.kind} ${session.forge.repo})`;
  return '';
}

export function endLine(session: Session): string {
  const where = session.report?.commit
    ? ` (commit ${session.report.commit.slice(0, 8)} in ${session.repo.url})`
    : session.mode === 'dry-run'
      ? ' (dry run: not committed, nothing pushed)'
      : session.mode === 'pr'
        ? ` (pr mode: not pushed to ${session.repo.branch})`
        : ' (not committed)';
  const report = session.report
    ? `report: ${session.report.path}${where}; \`triad report ${session.id}\` prints it`
    : 'no report';
  return `session ${session.id} ended (${session.endReason}); ${report}`;
}

export async function list(flags: { json?: boolean }, env: CliEnv) {
  await withTriad(env, async (triad) => {
    const sessions = await triad.sessions.list();
    if (flags.json) {
      const withTasks = await Promise.all(
        sessions.map(async (s) => sessionJson(s, (await triad.sessions.show(s.id)).tasks)),
      );
      return print(JSON.stringify(withTasks, null, 2));
    }
    if (sessions.length === 0) return print('no sessions yet: `triad session start --repo <repo>` starts one');
    const rows = sessions.map((s) => [
      s.id,
      s.state,
      s.mode,
      triad.sessions.progress(s).timeLeft,
      s.createdAt.slice(0, 16).replace('T', ' '),
      s.repo.url,
    ]);
    print(table(['SESSION', 'STATE', 'MODE', 'TIME', 'STARTED', 'REPO'], rows));
  });
}

export async function show(id: string | undefined, flags: { json?: boolean }, env: CliEnv) {
  if (!id) throw new UsageError('missing session id: `triad session list` shows them');
  await withTriad(env, async (triad) => {
    const { session, tasks } = await triad.sessions.show(id);
    const progress = triad.sessions.progress(session);
    if (flags.json) return print(JSON.stringify(sessionJson(session, tasks), null, 2));
    print(
      [
        `session ${session.id}  ${session.state}${session.endReason ? ` (${session.endReason})` : ''}`,
        `repo    ${session.repo.url} (${session.repo.branch})`,
        `mode    ${session.mode}${modeNote(session)}`,
        `time    ${bar(progress.timeUsed)}  ${progress.timeLeft}, deadline ${session.deadline}`,
        `budget  ${progress.budget}`,
        `models  lead ${session.models.lead}, co-lead ${session.models.coLead}, cio ${session.models.cio}`,
        ...(session.goals.length ? [`goals   ${session.goals.join('; ')}`] : []),
        ...(session.report ? [`report  ${session.report.path} ${session.report.commit?.slice(0, 8) ?? ''}`] : []),
        '',
        tasks.length ? table(TASK_HEADER, taskRows(tasks)) : '(no tasks)',
      ].join('\n'),
    );
  });
}

export async function stop(id: string | undefined, env: CliEnv) {
  if (!id) throw new UsageError('missing session id: `triad session list` shows them');
  await withTriad(env, async (triad) => {
    const session = await triad.sessions.stop(id, env.TRIAD_USER);
    print(`session ${session.id} is stopping: open tasks are deferred and the report is being written`);
  });
}

function print(text: string) {
  console.log(text);
}
