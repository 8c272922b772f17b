import { TriadError } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest session or timeout a person may ask for unless configured otherwise (`TRIAD_MAX_DURATION`). */
export const DEFAULT_MAX_DURATION_MS = 7 * 86_400_000;

/** Bounds of `parseDuration`. */
export interface DurationBounds {
  /** Shortest accepted duration in ms (default 1 ms: nothing that rounds to zero). */
  minMs?: number;
  /** Longest accepted duration in ms (default unbounded). */
  maxMs?: number;
  /** What the duration is, for the message (e.g. `--duration`). */
  name?: string;
}

/** Parses `30s`, `90m`, `48h`, `2d`, `1h30m` into milliseconds, within `bounds`. */
export function parseDuration(text: string, bounds: DurationBounds = {}): number {
  const name = bounds.name ?? 'duration';
  if (text.length > 64) {
    throw new TriadError(`invalid ${name}: it is longer than 64 characters; use a number and a unit, like 48h`, {
      code: 'invalid_duration',
      domain: 'user',
    });
  }
  const trimmed = text.trim();
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const consumed = parts.map((part) => part[0]).join('');
  const total = parts.reduce((sum, part) => sum + Number(part[1]) * (UNIT_MS[part[2]!] ?? 0), 0);
  if (parts.length === 0 || consumed !== trimmed || total <= 0) {
    throw new TriadError(`invalid ${name} "${text}": use a number and a unit, like 30s, 90m, 48h or 1h30m`, {
      code: 'invalid_duration',
      domain: 'user',
    });
  }
  const ms = Math.round(total);
  const min = bounds.minMs ?? 1;
  if (ms < min) {
    throw new TriadError(`${name} "${text}" is too short: use at least ${formatBound(min)}`, {
      code: 'invalid_duration',
      domain: 'user',
    });
  }
  if (bounds.maxMs !== undefined && ms > bounds.maxMs) {
    throw new TriadError(
      `${name} "${text}" is longer than the maximum of ${formatBound(bounds.maxMs)}: use a shorter one`,
      {
        code: 'invalid_duration',
        domain: 'user',
      },
    );
  }
  return ms;
}

/**
 * The longest session or approval timeout a person may ask for: `setting` is `TRIAD_MAX_DURATION` (`14d`, `48h`),
 * 7 days when unset or blank. The CLI and the server both bound what they start with it.
 */
export function maxDuration(setting: string | undefined): number {
  if (setting === undefined || setting.trim() === '') return DEFAULT_MAX_DURATION_MS;
  return parseDuration(setting, { minMs: 1000, name: 'TRIAD_MAX_DURATION' });
}

/** A session's time box or approval timeout as a person wrote it, at least 1s and at most `maxMs`, refused in one line. */
export function sessionDuration(text: string, name: string, maxMs: number): number {
  return parseDuration(text, { minMs: 1000, maxMs, name });
}

function formatBound(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms / 1000));
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  if (h > 0) return `${sign}${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${sign}${m}m${String(s).padStart(2, '0')}s`;
  return `${sign}${s}s`;
}
