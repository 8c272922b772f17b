import { formatDuration, type Stage, TriadError } from '@triad/core';
import { MUST_FINISH } from './pipeline';

/**
 * Runs `work` with a signal that fires after `limitMs`; rejects at that moment with `job_timeout`, whether or not
 * the work heeds the signal, so a job can never hold a worker past its limit. BullMQ has no job timeout of its own.
 * Only a stage whose work must finish (pipeline.ts) is tried again after a timeout.
 */
export async function withJobTimeout<T>(
  stage: Stage,
  jobId: string,
  limitMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TriadError(
        `${stage} job ${jobId} ran past its ${formatDuration(limitMs)} limit and was stopped`,
        { code: 'job_timeout', domain: 'internal', retryable: MUST_FINISH.includes(stage) },
      );
      controller.abort(error);
      reject(error);
    }, limitMs);
  });
  try {
    return await Promise.race([work(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
