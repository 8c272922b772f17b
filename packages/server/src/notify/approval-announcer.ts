import type { Runtime, Triad } from '@triad/orchestrator';
import { approvalMessage, type WebhookFormat } from './webhook-message';

export interface AnnouncerOptions {
  url: string;
  format: WebhookFormat;
  /** Base of the links in the message. */
  publicUrl: string;
  /** Calls the webhook; the global fetch by default. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface ApprovalAnnouncer {
  /** Resolves once subscribed. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** How long the once-only mark of a sent announcement lives (s). */
const SENT_TTL_S = 7 * 24 * 3600;

/**
 * Calls the webhook when a change starts waiting for a person, whichever process ran the step (`triad.approvals.watch`).
 * A mark in the server's own Redis keys (`rt`) makes it one call per request even with several servers listening.
 */
export function startApprovalAnnouncer(
  triad: Triad,
  rt: Pick<Runtime, 'redis' | 'config' | 'logger'>,
  options: AnnouncerOptions,
): ApprovalAnnouncer {
  const call = options.fetch ?? fetch;
  const inFlight = new Set<Promise<void>>();

  async function announce(taskId: string) {
    const approval = await triad.approvals.find(taskId);
    if (approval?.status !== 'pending') return;
    const mark = `${rt.config.prefix}:approvals:announced:${taskId}-r${approval.revision}`;
    if ((await rt.redis.set(mark, '1', 'EX', SENT_TTL_S, 'NX')) === null) return;
    const task = await triad.tasks.get(taskId);
    const request = approvalMessage(options.format, approval, task, options.publicUrl);
    const response = await call(options.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status} ${response.statusText}`);
    rt.logger.info({ taskId, status: response.status }, 'approval announced');
  }

  const watch = triad.approvals.watch(({ type, taskId }) => {
    if (type !== 'approval.requested') return;
    const work = announce(taskId).catch((error: unknown) =>
      rt.logger.warn({ err: error, taskId }, 'could not call the approval webhook'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  return {
    ready: watch.ready,
    async close() {
      await Promise.all(inFlight);
      watch.close();
    },
  };
}
