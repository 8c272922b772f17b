import { Approval, TriadError } from '@triad/core';
import { z } from 'zod';
import type { RedisKeys } from '../keys';
import type { RedisClient } from '../redis';
import { updateJson } from './optimistic';

/** One person's approval of a change that needs more than one (four-eyes). */
export const Signoff = z.object({
  /** Name of the person who approved. */
  by: z.string(),
  /** When they approved (ISO). */
  at: z.string(),
  comment: z.string().optional(),
});
export type Signoff = z.infer<typeof Signoff>;

/** An approval as stored: the request and its decision, plus the approvals given so far. */
export const ApprovalRecord = Approval.extend({
  signoffs: z.array(Signoff).default([]),
  /** Decisions on earlier revisions of the task (a person asked for changes), oldest first. */
  earlier: z.array(Approval).default([]),
});
export type ApprovalRecord = z.infer<typeof ApprovalRecord>;

const parseRecord = (raw: string) => ApprovalRecord.parse(JSON.parse(raw));

/** Approval requests, one JSON value per task, with a sorted set of the pending ones by expiry. */
export class ApprovalStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  private key(taskId: string) {
    return `${this.keys.approvals}:${taskId}`;
  }

  /** Asks for a person's decision; a decided request for an earlier revision is kept in `earlier`. */
  async request(approval: Approval): Promise<void> {
    const before = await this.find(approval.taskId);
    const { earlier = [], signoffs: _signoffs, ...previous } = before ?? {};
    const kept = before && before.status !== 'pending' && before.revision < approval.revision;
    const record = kept ? { ...approval, earlier: [...earlier, previous] } : approval;
    await this.redis.set(this.key(approval.taskId), JSON.stringify(record));
    await this.redis.zadd(this.keys.pendingApprovals, Date.parse(approval.expiresAt), approval.taskId);
  }

  async find(taskId: string): Promise<ApprovalRecord | undefined> {
    const raw = await this.redis.get(this.key(taskId));
    return raw === null ? undefined : parseRecord(raw);
  }

  /** The approvals asked for these tasks, in the order asked, in one read (a report of thousands of tasks asks). */
  async many(taskIds: readonly string[]): Promise<ApprovalRecord[]> {
    if (taskIds.length === 0) return [];
    const raws = await this.redis.mget(taskIds.map((id) => this.key(id)));
    return raws.flatMap((raw) => (raw === null ? [] : [parseRecord(raw)]));
  }

  /** Pending approvals, soonest expiry first. */
  async pending(): Promise<ApprovalRecord[]> {
    const ids = await this.redis.zrange(this.keys.pendingApprovals, 0, -1);
    const approvals = await Promise.all(ids.map((id) => this.find(id)));
    return approvals.filter((a): a is ApprovalRecord => a?.status === 'pending');
  }

  /**
   * Adds one person's approval. The request becomes `approved` once `required` different people approved it; the
   * same person approving twice throws `approval_same_person`, a request no longer pending `approval_not_pending`.
   */
  async signOff(taskId: string, signoff: Signoff, required: number): Promise<ApprovalRecord> {
    const update = await updateJson(this.redis, this.key(taskId), parseRecord, (approval) => {
      if (approval.status !== 'pending') return undefined;
      if (approval.signoffs.some((given) => given.by === signoff.by)) {
        throw new TriadError(
          `${signoff.by} already approved task ${taskId}: a ${approval.level}-risk change needs a second, different approver`,
          { code: 'approval_same_person', domain: 'user' },
        );
      }
      const signoffs = [...approval.signoffs, signoff];
      if (signoffs.length < required) return { ...approval, signoffs };
      return {
        ...approval,
        signoffs,
        status: 'approved' as const,
        decidedAt: signoff.at,
        decidedBy: signoffs.map((given) => given.by).join(', '),
        comment: signoffComment(signoffs),
      };
    });
    if (!update) throw notFound(taskId);
    if (!update.changed) throw notPending(taskId, update.before);
    if (update.after.status !== 'pending') await this.redis.zrem(this.keys.pendingApprovals, taskId);
    return update.after;
  }

  /**
   * Decides a pending approval. Exactly one decision wins; deciding one that is no longer pending throws
   * `approval_not_pending` (the API answers 409).
   */
  async decide(
    taskId: string,
    decision: Pick<Approval, 'status' | 'decidedAt' | 'decidedBy' | 'comment'>,
  ): Promise<ApprovalRecord> {
    const update = await updateJson(this.redis, this.key(taskId), parseRecord, (approval) =>
      approval.status === 'pending' ? { ...approval, ...decision } : undefined,
    );
    if (!update) throw notFound(taskId);
    if (!update.changed) throw notPending(taskId, update.before);
    await this.redis.zrem(this.keys.pendingApprovals, taskId);
    return update.after;
  }
}

function notFound(taskId: string) {
  return new TriadError(`no approval is waiting for task ${taskId}: \`triad approvals\` lists the waiting ones`, {
    code: 'approval_not_found',
    domain: 'user',
  });
}

/** A decision on an approval someone already decided: says who decided it and when. */
export function notPending(taskId: string, approval: Approval) {
  const who = approval.decidedBy ? ` by ${approval.decidedBy}` : '';
  const at = approval.decidedAt ? ` at ${approval.decidedAt}` : '';
  return new TriadError(`the approval for task ${taskId} is already ${approval.status}${who}${at}: nothing changed`, {
    code: 'approval_not_pending',
    domain: 'user',
  });
}

/** One approver's comment as written; with two approvers, each comment under its author's name. */
function signoffComment(signoffs: readonly { by: string; comment?: string }[]): string | undefined {
  if (signoffs.length === 1) return signoffs[0]?.comment;
  return signoffs.flatMap((given) => (given.comment ? [`${given.by}: ${given.comment}`] : [])).join('; ') || undefined;
}
