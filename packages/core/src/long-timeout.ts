/** The longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A timer that may be cleared; `unref` lets the process exit while it is pending. */
export interface LongTimeout {
  clear(): void;
  unref(): LongTimeout;
}

/**
 * `setTimeout` for any delay: delays over 24.8 days are chained in steps, so they never overflow and fire at once.
 * A negative or non-finite delay fires on the next turn (non-finite: never, for `Infinity`).
 */
export function setLongTimeout(callback: () => void, delayMs: number): LongTimeout {
  if (delayMs === Number.POSITIVE_INFINITY)
    return {
      clear() {},
      unref() {
        return this;
      },
    };
  const due = Date.now() + Math.max(0, Number.isFinite(delayMs) ? delayMs : 0);
  let unref = false;
  let timer: ReturnType<typeof setTimeout>;
  const arm = () => {
    const left = due - Date.now();
    timer = setTimeout(left > MAX_TIMER_MS ? arm : callback, Math.min(Math.max(0, left), MAX_TIMER_MS));
    if (unref) timer.unref();
  };
  arm();
  return {
    clear: () => clearTimeout(timer),
    unref() {
      unref = true;
      timer.unref();
      return this;
    },
  };
}

/** A delay clamped to what `setTimeout` honours, for waits where firing early is harmless (a retry, a poll). */
export function timerDelay(ms: number): number {
  if (Number.isNaN(ms)) return 0;
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}
