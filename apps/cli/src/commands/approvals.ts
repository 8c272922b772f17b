import { withTriad } from '../context';
import { type CliEnv, UsageError } from '../env';
import { table } from '../format';

export async function listApprovals(flags: { json?: boolean }, env: CliEnv) {
  await withTriad(env, async (triad) => {
    const pending = await triad.approvals.pending();
    if (flags.json) return console.log(JSON.stringify(pending, null, 2));
    if (pending.length === 0) return console.log('no changes wait for approval');
    const rows = await Promise.all(
      pending.map(async (approval) => {
        const task = await triad.tasks.get(approval.taskId);
        return [approval.taskId, approval.level, approval.expiresAt.slice(0, 16).replace('T', ' '), task.title];
      }),
    );
    console.log(table(['TASK', 'RISK', 'EXPIRES', 'TITLE'], rows));
  });
}

export async function decide(
  taskId: string | undefined,
  approve: boolean,
  flags: { comment?: string; by?: string },
  env: CliEnv,
) {
  if (!taskId) throw new UsageError('missing task id: `triad approvals` lists the changes waiting');
  await withTriad(env, async (triad) => {
    const by = flags.by ?? env.TRIAD_USER;
    await triad.approvals.decide({ taskId, approve, by, comment: flags.comment });
    console.log(`${approve ? 'approved' : 'rejected'} ${taskId} as ${by}`);
  });
}

/** Sends a waiting change back to the Lead: the comment is the review feedback it drafts the next revision from. */
export async function askForChanges(taskId: string | undefined, flags: { comment?: string; by?: string }, env: CliEnv) {
  if (!taskId) throw new UsageError('missing task id: `triad approvals` lists the changes waiting');
  if (!flags.comment?.trim())
    throw new UsageError('missing --comment: say what should change, the Lead drafts from it');
  await withTriad(env, async (triad) => {
    const by = flags.by ?? env.TRIAD_USER;
    await triad.approvals.requestChanges({ taskId, by, comment: flags.comment ?? '' });
    console.log(`asked for changes to ${taskId} as ${by}: the Lead drafts it again`);
  });
}
