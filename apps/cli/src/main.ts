#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { exitAfterDrain } from './exit-after-drain';
import { withSarifDefault } from './scan/sarif-flag';
import { UsageError } from './usage-error';

// Each command's modules load only when it runs (`await import` in `main`), so `triad --help` or `triad scan` never
// pays for the orchestrator, the server or the model SDKs. Keep imports here to modules with no dependencies.

const HELP = `triad — time-boxed GitOps operations sessions

  triad demo [--duration 10m] [--cluster sim] a short session on examples/homelab, workers in this process
  triad session start --repo <path|url> [--mode commit|pr|dry-run] [--out report.md] [--branch b] [--duration 48h] [--goal text]...
                      [--max-tokens n] [--max-usd x] [--auto-approve low|medium|high|critical]
                      [--approval-timeout 4h] [--four-eyes] [--kubeconfig k [--context c] | --cluster sim]
                      [--forge github|gitea|gitlab] [--forge-url api-url] [--forge-repo owner/name]
                      (pr mode; token in GITHUB_TOKEN, GITEA_TOKEN or GITLAB_TOKEN)
                      [--wait] [--local] [--json]
  triad session list [--json]
  triad session show <id> [--json]
  triad session stop <id>
  triad approvals [--json]                    changes waiting for a person
  triad approve <task> [--comment text]       approve one (recorded as Approved-by: $TRIAD_USER)
  triad reject <task> [--comment text]
  triad request-changes <task> --comment text  send it back to the Lead, the comment as review feedback
  triad report <session> [--format md|json]
  triad adr list [--repo r [--branch b] | --session id] [--json]   decision records of the GitOps repo
  triad adr show <n> [--repo r | --session id]
  triad scan <path> [--kubeconfig k [--context c] | --cluster sim] [--json] [--sarif [file]] [--fail-on high] [--all]
                                              findings of a GitOps repo on disk (and its cluster); exit 1 at --fail-on
  triad fix <path> [--check id,…] [--dry-run] [--json] [--fail-on high] [--all]
                                              the built-in fixers on a checkout, files written in place;
                                              prints what changed and what could not be fixed; exit 1 at --fail-on;
                                              objects nothing deploys are left alone unless --all
  triad worker                                run workers until SIGTERM/SIGINT
  triad serve [--port 8080] [--host h] [--workers]   API + review UI (--workers: workers in this process too)
  triad serve --new-user <name:viewer|approver|admin>  print a token and its users-file entry

Exit codes: 0 done, 1 findings at --fail-on remain, 2 bad input (the message says what to change),
            3 Triad itself failed (a bug: the stack trace follows).
Environment: REDIS_URL (redis://127.0.0.1:6379), TRIAD_PREFIX (triad), TRIAD_WORKDIR, TRIAD_USER.`;

const OPTIONS = {
  repo: { type: 'string' },
  mode: { type: 'string' },
  out: { type: 'string' },
  branch: { type: 'string' },
  duration: { type: 'string' },
  goal: { type: 'string', multiple: true },
  'max-tokens': { type: 'string' },
  'max-usd': { type: 'string' },
  'auto-approve': { type: 'string' },
  'approval-timeout': { type: 'string' },
  'four-eyes': { type: 'boolean' },
  wait: { type: 'boolean' },
  local: { type: 'boolean' },
  json: { type: 'boolean' },
  comment: { type: 'string' },
  by: { type: 'string' },
  format: { type: 'string' },
  session: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  kubeconfig: { type: 'string' },
  cluster: { type: 'string' },
  context: { type: 'string' },
  sarif: { type: 'string' },
  'fail-on': { type: 'string' },
  all: { type: 'boolean' },
  check: { type: 'string' },
  'dry-run': { type: 'boolean' },
  forge: { type: 'string' },
  'forge-url': { type: 'string' },
  'forge-repo': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  workers: { type: 'boolean' },
  'new-user': { type: 'string' },
} as const;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: withSarifDefault(argv), options: OPTIONS, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}: \`triad --help\` lists the options`);
  }
  const { values: flags, positionals } = parsed;
  const [command, sub, arg] = positionals;
  if (flags.help || !command) {
    console.log(HELP);
    return 0;
  }
  const env = async () => (await import('./env')).readEnv();
  switch (command) {
    case 'demo': {
      const { demo } = await import('./commands/demo');
      await demo(flags, await env());
      return 0;
    }
    case 'session': {
      const { list, show, start, stop } = await import('./commands/session');
      switch (sub) {
        case 'start':
          await start(flags, await env());
          return 0;
        case 'list':
          await list(flags, await env());
          return 0;
        case 'show':
          await show(arg, flags, await env());
          return 0;
        case 'stop':
          await stop(arg, await env());
          return 0;
        default:
          throw new UsageError(`unknown session command "${sub ?? ''}": use start, list, show or stop`);
      }
    }
    case 'approvals': {
      const { listApprovals } = await import('./commands/approvals');
      await listApprovals(flags, await env());
      return 0;
    }
    case 'approve':
    case 'reject': {
      const { decide } = await import('./commands/approvals');
      await decide(sub, command === 'approve', flags, await env());
      return 0;
    }
    case 'request-changes': {
      const { askForChanges } = await import('./commands/approvals');
      await askForChanges(sub, flags, await env());
      return 0;
    }
    case 'report': {
      const { report } = await import('./commands/report');
      await report(sub, flags, await env());
      return 0;
    }
    case 'adr': {
      const { listAdrCommand, showAdrCommand } = await import('./commands/adr');
      if (sub === 'list') await listAdrCommand(flags, await env());
      else if (sub === 'show') await showAdrCommand(arg, flags, await env());
      else throw new UsageError(`unknown adr command "${sub ?? ''}": use list or show`);
      return 0;
    }
    case 'scan': {
      const { scan } = await import('./commands/scan');
      return scan(sub, flags);
    }
    case 'fix': {
      const { fix } = await import('./commands/fix');
      return fix(sub, flags);
    }
    case 'worker': {
      const { worker } = await import('./commands/worker');
      await worker();
      return 0;
    }
    case 'serve': {
      const { serve } = await import('./commands/serve');
      await serve(flags);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}": \`triad --help\` lists the commands`);
  }
}

main(process.argv.slice(2)).then(
  (code) => exitAfterDrain(code),
  async (error: unknown) => {
    const [{ TriadError }, { ZodError }] = await Promise.all([import('@triad/core'), import('zod')]);
    if (error instanceof ZodError) {
      // A value that got past the flag checks and failed a schema: one line, the field and why.
      const issue = error.issues[0];
      console.error(`triad: invalid ${issue?.path.join('.') || 'input'}: ${issue?.message ?? error.message}`);
      return exitAfterDrain(2);
    }
    const userFacing = error instanceof UsageError || (error instanceof TriadError && error.domain !== 'internal');
    console.error(`triad: ${error instanceof Error ? error.message : String(error)}`);
    if (!userFacing && error instanceof Error && error.stack) console.error(error.stack);
    exitAfterDrain(userFacing ? 2 : 3);
  },
);
