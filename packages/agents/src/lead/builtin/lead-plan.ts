import { fixerFor, fixTitle, groupForFix, worthATask } from '@triad/analyzers';
import { compareSeverity, type Finding, SEVERITIES, type Severity } from '@triad/core';
import type { PlanInput, PlannedTask } from '../../types';

/**
 * Priority from the worst severity of a group; at equal severity stability comes first, since a Flux Kustomization
 * that fails to apply also holds back every other fix under its path.
 */
function priorityOf(severity: Severity, category: Finding['category']): number {
  return SEVERITIES.indexOf(severity) * 10 + (category === 'stability' ? 1 : 0);
}

/**
 * One task per group of fixable, not yet covered findings on the same object, highest priority first. Findings on
 * objects nothing deploys get no task, apart from committed credentials.
 */
export function planFixes({ observation, coveredFindingIds }: PlanInput): PlannedTask[] {
  const open = observation.findings.filter(
    (f) => f.fixable && worthATask(f) && !coveredFindingIds.has(f.id) && fixerFor(f.check) !== undefined,
  );
  // Copies of one object in several files (test manifests, a kustomize example) share their findings' ids: a task's
  // draft fixes every copy it finds by id, so one task takes them all, not one identical task per file.
  const seen = new Set<string>();
  const groups = groupForFix(open).filter((group) => {
    const key = [...new Set(group.map((f) => f.id))].sort().join('\n');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const tasks = groups.map((group, order) => {
    const worst = group.reduce((a, b) => (compareSeverity(b.severity, a.severity) > 0 ? b : a));
    const task: PlannedTask = {
      title: fixTitle(group) ?? `Fix ${worst.check} on ${worst.resource.kind} ${worst.resource.name}`,
      category: worst.category,
      priority: priorityOf(worst.severity, worst.category),
      findingIds: group.map((f) => f.id),
    };
    return { task, order };
  });
  return tasks.sort((a, b) => b.task.priority - a.task.priority || a.order - b.order).map(({ task }) => task);
}
