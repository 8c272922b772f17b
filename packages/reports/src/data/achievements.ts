import type { RiskLevel, Task, TaskCategory } from '@triad/core';
import { shortSha } from '../format';
import { byKey } from '../order';
import type { ReportInput } from '../report-input';
import { taskRisk } from '../task-records';

/** Report order of task categories. */
export const CATEGORIES: readonly TaskCategory[] = ['stability', 'security', 'resources', 'docs'];

/** Said of every `applied` task: it was pushed, and nothing checked it took effect. */
export const NOT_VERIFIED_NO_CLUSTER = 'pushed; not verified — no cluster configured';

export interface Achievement {
  taskId: string;
  title: string;
  category: TaskCategory;
  /** `verified`: Flux reported the revision Ready; `applied`: pushed only. */
  state: 'verified' | 'applied';
  /** Full sha of the commit that applied it, when recorded. */
  commit?: string;
  /** How the change was checked, in one line; never claims verification for `applied`. */
  verification: string;
  risk?: RiskLevel;
  /** The person who approved it, when one did. */
  approvedBy?: string;
  /** Findings the task was planned for. */
  findingIds: string[];
}

export interface AchievementGroup {
  category: TaskCategory;
  /** Tasks of the category that landed, by task id. */
  tasks: Achievement[];
}

/** The first event of each type and task, indexed once per report: a session of thousands of tasks asks per task. */
const firstByTask = new WeakMap<ReportInput['events'], Map<string, ReportInput['events'][number]>>();

function firstEvent(input: ReportInput, type: string, taskId: string) {
  let index = firstByTask.get(input.events);
  if (!index) {
    index = new Map();
    for (const event of input.events) {
      const key = `${event.type}\u0000${event.taskId ?? ''}`;
      if (!index.has(key)) index.set(key, event);
    }
    firstByTask.set(input.events, index);
  }
  return index.get(`${type}\u0000${taskId}`);
}

function verification(task: Task, input: ReportInput): string {
  if (task.state === 'verified') {
    // What verify recorded, word for word: Flux Ready at the commit, at a later commit holding it, or nothing to build.
    const passed = firstEvent(input, 'verify.passed', task.id);
    if (passed) return passed.message.replace(`${task.id}: `, '');
    return `Flux reported Ready at ${task.commit ? shortSha(task.commit) : 'the pushed revision'}`;
  }
  if (!input.session.cluster) return NOT_VERIFIED_NO_CLUSTER;
  const skipped = firstEvent(input, 'verify.skipped', task.id);
  return skipped ? `pushed; not verified — ${skipped.message}` : 'pushed; not verified';
}

function achievement(task: Task, input: ReportInput): Achievement {
  const risk = taskRisk(task, input.assessments);
  return {
    taskId: task.id,
    title: task.title,
    category: task.category,
    state: task.state === 'verified' ? 'verified' : 'applied',
    ...(task.commit ? { commit: task.commit } : {}),
    verification: verification(task, input),
    ...(risk ? { risk } : {}),
    ...(task.approvedBy ? { approvedBy: task.approvedBy } : {}),
    findingIds: [...task.findingIds].sort(),
  };
}

/** Tasks whose change landed (`verified` or `applied`), grouped by category; every category is present. */
export function buildAchievements(input: ReportInput): AchievementGroup[] {
  const landed = input.tasks
    .filter((task) => task.state === 'verified' || task.state === 'applied')
    .sort(byKey((task) => task.id));
  return CATEGORIES.map((category) => ({
    category,
    tasks: landed.filter((task) => task.category === category).map((task) => achievement(task, input)),
  }));
}
