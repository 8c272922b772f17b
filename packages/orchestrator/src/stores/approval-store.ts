import { Approval, TriadError } from '@triad/core';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys';
import { updateJson } from './optimistic';

/** Approval requests, one JSON value per task, with a sorted set of the pending ones by expiry. */
export class ApprovalStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  private key(taskId: string) {
    return `${this.keys.approvals}:${taskId}`;
  }

  async request(approval: Approval): Promise<void> {
    await this.redis.set(this.key(approval.taskId), JSON.stringify(approval));
    await this.redis.zadd(this.keys.pendingApprovals, Date.parse(approval.expiresAt), approval.taskId);
  }

  async find(taskId: string): Promise<Approval | undefined> {
    const raw = await this.redis.get(this.key(taskId));
    return raw === null ? undefined : Approval.parse(JSON.parse(raw));
  }

  /** Pending approvals, soonest expiry first. */
  async pending(): Promise<Approval[]> {
    const ids = await this.redis.zrange(this.keys.pendingApprovals, 0, -1);
    const approvals = await Promise.all(ids.map((id) => this.find(id)));
    return approvals.filter((a): a is Approval => a?.status === 'pending');
  }

  /**
   * Decides a pending approval. Exactly one decision wins; deciding one that is no longer pending throws
   * `approval_not_pending` (the API answers 409).
   */
  async decide(
    taskId: string,
    decision: Pick<Approval, 'status' | 'decidedAt' | 'decidedBy' | 'comment'>,
  ): Promise<Approval> {
    const update = await updateJson(
      this.redis,
      this.key(taskId),
      (raw) => Approval.parse(JSON.parse(raw)),
      (approval) => (approval.status === 'pending' ? { ...approval, ...decision } : undefined),
    );
    if (!update) {
      throw new TriadError(`no approval is waiting for task ${taskId}: \`triad approvals\` lists the waiting ones`, {
        code: 'approval_not_found',
        domain: 'user',
      });
    }
    if (!update.changed) {
      throw new TriadError(`the approval for task ${taskId} is already ${update.before.status}: nothing changed`, {
        code: 'approval_not_pending',
        domain: 'user',
      });
    }
    await this.redis.zrem(this.keys.pendingApprovals, taskId);
    return update.after;
  }
}
