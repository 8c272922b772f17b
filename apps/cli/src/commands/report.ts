import { withTriad } from '../context';
import { type CliEnv, UsageError } from '../env';

export async function report(id: string | undefined, flags: { format?: string }, env: CliEnv) {
  if (!id) throw new UsageError('missing session id: `triad session list` shows them');
  const format = flags.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError('--format must be md or json');
  await withTriad(env, async (triad) => {
    const { session } = await triad.sessions.show(id);
    const stored = await triad.reports.get(id);
    if (!stored) {
      throw new UsageError(
        `session ${id} has no report yet (it is ${session.state}): it is written when the session ends`,
      );
    }
    console.log(format === 'json' ? JSON.stringify(stored.data, null, 2) : stored.markdown);
  });
}
