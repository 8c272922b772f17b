import { isTerminal, type Task, taskId } from '@triad/core';
import { finalize } from '../lifecycle';
import type { Step } from '../pipeline';
import { AGENT_CALL_CONTEXT, agentContext, leadsTo, required, runningSession } from './context';
import { stageHandler } from './stage-handler';

/** What plan uses besides a model call's: the observation it plans from, the files it shows the Lead. */
export const PLAN_CONTEXT = [...AGENT_CALL_CONTEXT, 'records', 'repos'] as const;

/** The Lead turns the cycle's findings into tasks; each task's first draft is queued. */
export const plan = stageHandler(PLAN_CONTEXT, async (rt, job, _token, signal) => {
  const session = await runningSession(rt, job);
  if (!session) return 'session not running';
  const cycle = job.data.cycle ?? 1;
  const observation = required(await rt.records.observation(session.id, cycle), `observation of cycle ${cycle}`);
  const existing = await rt.tasks.list(session.id);

  let stored = await rt.records.plan(session.id, cycle);
  let fresh: Task[] = [];
  if (!stored) {
    const agents = rt.agents(session.models);
    const covered = new Set(existing.flatMap((task) => task.findingIds));
    const files = await rt.repos.filesAt(session.repo, observation.revision);
    const planned = await agents.lead.plan(
      {
        observation: { revision: observation.revision, files, findings: observation.findings },
        goals: session.goals,
        coveredFindingIds: covered,
      },
      agentContext(rt, session, signal),
    );
    const now = rt.clock().toISOString();
    const tasks: Task[] = planned.map((item, index) => ({
      id: taskId(session.id, cycle, index + 1),
      sessionId: session.id,
      cycle,
      title: item.title,
      category: item.category,
      priority: item.priority,
      findingIds: item.findingIds.filter((id) => !covered.has(id)),
      state: 'planned',
      revision: 0,
      createdAt: now,
      updatedAt: now,
    }));
    // Side by side (one connection keeps them in order): a plan of thousands of tasks is not thousands of round trips.
    const created = await Promise.all(
      tasks.map((task) =>
        rt.tasks.create(
          task,
          rt.events.entry(session.id, {
            type: 'task.created',
            actor: 'lead',
            taskId: task.id,
            message: `${task.id} planned: ${task.title}`,
            data: { category: task.category, priority: task.priority, findings: task.findingIds },
          }),
        ),
      ),
    );
    await rt.records.savePlan(
      session.id,
      cycle,
      tasks.map((task) => task.id),
    );
    await rt.events.append(session.id, {
      type: 'plan.completed',
      actor: 'lead',
      message: `cycle ${cycle}: ${tasks.length} new tasks from ${observation.findings.length} findings`,
      data: { cycle, tasks: tasks.length },
    });
    stored = { cycle, taskIds: tasks.map((task) => task.id) };
    // A task this attempt created is planned; one that already existed (a retry) is read for the state it is in.
    fresh = tasks.filter((_, i) => created[i]);
  }

  const known = new Set(fresh.map((task) => task.id));
  const others = await rt.tasks.many(stored.taskIds.filter((id) => !known.has(id)));
  const drafts: Step[] = [...fresh, ...others]
    .filter((task) => task.state === 'planned')
    // Higher priority first: the drafts are queued in slices (queues.ts), and the first slice starts at once.
    .sort((a, b) => b.priority - a.priority)
    .map((task) => ({
      stage: 'draft',
      data: { sessionId: session.id, taskId: task.id, revision: 1 },
      taskPriority: task.priority,
    }));
  // Nothing new to do: the session is done, unless changes still wait for a person (their decision continues it).
  if (stored.taskIds.length === 0 && existing.every((task) => isTerminal(task.state))) {
    await finalize(rt, session.id, 'completed', 'nothing actionable left');
  }
  return leadsTo(`planned ${stored.taskIds.length}`, drafts);
});
