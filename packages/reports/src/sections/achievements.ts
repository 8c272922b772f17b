import type { AchievementGroup } from '../data/achievements';
import { shortSha } from '../format';
import { code, section, table } from '../markdown';

const HEADINGS = { stability: 'Stability', security: 'Security', resources: 'Resources', docs: 'Docs' } as const;

/** What landed, per category, each with its commit and how it was checked. */
export function renderAchievements(groups: AchievementGroup[]): string[] {
  const filled = groups.filter((group) => group.tasks.length > 0);
  if (filled.length === 0) return section('Achievements', ['No change landed in this session.']);
  return section(
    'Achievements',
    filled.flatMap((group, index) => [
      ...(index > 0 ? [''] : []),
      `### ${HEADINGS[group.category]}`,
      '',
      ...table(
        ['task', 'change', 'risk', 'commit', 'verification'],
        group.tasks.map((task) => [
          code(task.taskId),
          task.approvedBy ? `${task.title} (approved by ${task.approvedBy})` : task.title,
          task.risk ?? '—',
          task.commit ? code(shortSha(task.commit)) : '—',
          task.verification,
        ]),
      ),
    ]),
  );
}
