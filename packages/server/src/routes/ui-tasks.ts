import { TriadError } from '@triad/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { taskCard } from '../views/task-board';
import { taskPage } from '../views/task-page';
import { pageContext } from './page-context';
import { proposedChanges } from './proposed-changes';

const Params = z.object({ id: z.string().min(1), taskId: z.string().min(1) });

/** One task's page, and its board card alone (the session page fetches it when the task appears or moves). */
export const uiTaskRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { triad }) => {
  const page = { page: true };

  async function taskOf(sessionId: string, taskId: string) {
    const task = await triad.tasks.get(taskId);
    if (task.sessionId !== sessionId) {
      throw new TriadError(`task ${taskId} is not a task of session ${sessionId}`, {
        code: 'task_not_found',
        domain: 'user',
      });
    }
    return task;
  }

  app.get(
    '/sessions/:id/tasks/:taskId',
    { config: page, schema: { hide: true, params: Params } },
    async (request, reply) => {
      const session = await triad.sessions.get(request.params.id);
      const task = await taskOf(session.id, request.params.taskId);
      const [[change], approval, events] = await Promise.all([
        proposedChanges(triad, [task], true),
        triad.approvals.find(task.id),
        triad.events.read(session.id),
      ]);
      const context = await pageContext(triad, request, reply);
      const view = {
        session,
        change: change ?? { task },
        approval,
        events: events.filter((event) => event.taskId === task.id),
      };
      return reply.type('text/html').send(taskPage(context, view).value);
    },
  );

  app.get(
    '/sessions/:id/tasks/:taskId/card',
    { config: page, schema: { hide: true, params: Params } },
    async (request, reply) => {
      const task = await taskOf(request.params.id, request.params.taskId);
      const approval = await triad.approvals.find(task.id);
      return reply
        .type('text/html')
        .header('cache-control', 'no-store')
        .send(taskCard(task, approval !== undefined).value);
    },
  );
};
