import { type ExecFileException, execFile } from 'node:child_process';
import { TriadError } from '@triad/core';

/** One invocation of the `git` CLI. */
export interface GitCommand {
  /** Arguments after `git`, e.g. `['-C', dir, 'fetch', 'origin']`; passed as argv, never through a shell. */
  args: readonly string[];
  /** Working directory of the child process; defaults to the current one. */
  cwd?: string;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Buffer;
  /** Extra environment variables, on top of the inherited ones and Triad's non-interactive defaults. */
  env?: Readonly<Record<string, string>>;
  /** Largest stdout accepted, in bytes; defaults to 256 MiB. */
  maxBuffer?: number;
}

/** What a successful git command printed. */
export interface GitOutput {
  /** Raw stdout; decode it yourself (blobs may be binary). */
  stdout: Buffer;
  /** Stderr as text (progress, hints, warnings). */
  stderr: string;
}

/** Runs one git command; rejects with TriadError `git_failed` on a non-zero exit. Injectable so tests can interleave work. */
export type RunGit = (command: GitCommand) => Promise<GitOutput>;

/** Details carried by a `git_failed` error, for callers that need to tell failures apart. */
export interface GitFailureDetails {
  /** The arguments git was run with. */
  args: readonly string[];
  /** Exit code, or null when git was killed by a signal. */
  exitCode: number | null;
  /** Everything git printed on stderr. */
  stderr: string;
  /** Everything git printed on stdout (push --porcelain reports there). */
  stdout: string;
}

/** Never wait on a person: no credential prompt, no editor, no pager; English messages so failures can be recognised. */
const NON_INTERACTIVE_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_EDITOR: 'true',
  GIT_PAGER: 'cat',
  LC_ALL: 'C',
} as const;

/** ssh must fail rather than ask for a passphrase or host confirmation; an explicit GIT_SSH_COMMAND is respected. */
function sshEnv(inherited: NodeJS.ProcessEnv): Record<string, string> {
  return inherited.GIT_SSH_COMMAND || inherited.GIT_SSH ? {} : { GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' };
}

const DEFAULT_MAX_BUFFER = 256 * 1024 * 1024;

/** The real git CLI through `child_process.execFile`. */
export const runGit: RunGit = (command) =>
  new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...command.args],
      {
        cwd: command.cwd,
        env: { ...process.env, ...sshEnv(process.env), ...NON_INTERACTIVE_ENV, ...command.env },
        encoding: 'buffer',
        maxBuffer: command.maxBuffer ?? DEFAULT_MAX_BUFFER,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr: stderr.toString('utf8') });
          return;
        }
        reject(toTriadError(command, error, stdout, stderr));
      },
    );
    // A child that exits before reading all its input makes stdin emit EPIPE; the exit code tells the real story.
    child.stdin?.on('error', () => {});
    child.stdin?.end(command.input ?? '');
  });

/** The details of a `git_failed` error, or undefined for any other error. */
export function gitFailure(error: unknown): GitFailureDetails | undefined {
  return TriadError.is(error, 'git_failed') ? (error.details as unknown as GitFailureDetails) : undefined;
}

function toTriadError(
  command: GitCommand,
  error: ExecFileException,
  stdout: Buffer | string,
  stderr: Buffer | string,
): TriadError {
  if (error.code === 'ENOENT') {
    return new TriadError('git was not found on PATH: install git (2.30 or later) and try again', {
      code: 'git_not_found',
      domain: 'config',
      cause: error,
    });
  }
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return new TriadError(`git ${subcommand(command.args)} printed more than the buffer allows: raise maxBuffer`, {
      code: 'git_output_too_large',
      domain: 'git',
      cause: error,
    });
  }
  const errText = stderr.toString();
  const details: GitFailureDetails = {
    args: command.args,
    exitCode: typeof error.code === 'number' ? error.code : null,
    stderr: errText,
    stdout: stdout.toString(),
  };
  const reason = firstMeaningfulLine(errText) ?? `exit code ${details.exitCode ?? 'unknown'}`;
  return new TriadError(
    `git ${subcommand(command.args)} failed: ${reason} (check the repository URL, branch and access)`,
    {
      code: 'git_failed',
      domain: 'git',
      cause: error,
      details: { ...details },
    },
  );
}

/** The git subcommand, skipping global options such as `-C dir` and `-c key=value`. */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-C' || arg === '-c') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return '';
}

function firstMeaningfulLine(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('hint:'));
  return lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[0];
}
