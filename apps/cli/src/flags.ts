import { maxDuration as coreMaxDuration, type DurationBounds, parseDuration, TriadError } from '@triad/core';
import { UsageError } from './env';

const INTEGER = /^[1-9][0-9]{0,15}$/;
const DECIMAL = /^(?:0|[1-9][0-9]{0,15})(?:\.[0-9]{1,12})?$/;

/** A whole number above zero, written as digits only: `10abc`, `1e3`, `0x10` and `10.5` are refused. */
export function positiveInteger(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = INTEGER.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value))
    throw new UsageError(`${flag} must be a whole number above 0, like 200000, not "${text}"`);
  return value;
}

/** A decimal number above zero (`5`, `2.50`): `5usd`, `1e3` and `-1` are refused. */
export function positiveNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = DECIMAL.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value > 0)) throw new UsageError(`${flag} must be a number above 0, like 5 or 2.50, not "${text}"`);
  return value;
}

/** The longest duration this CLI accepts: `TRIAD_MAX_DURATION` (a duration such as `14d`), 7 days when unset. */
export function maxDuration(setting: string | undefined): number {
  return usage(() => coreMaxDuration(setting));
}

/** A duration flag within bounds, refused in one line. */
export function duration(text: string, flag: string, bounds: DurationBounds = {}): number {
  return usage(() => parseDuration(text, { minMs: 1000, ...bounds, name: flag }));
}

/** A TriadError from parsing becomes a usage error (exit code 2, no stack). */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TriadError) throw new UsageError(error.message);
    throw error;
  }
}
