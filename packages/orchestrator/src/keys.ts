/** Every Redis key Triad writes, in one place. All start with the deployment's prefix. */
export function redisKeys(prefix: string) {
  return {
    sessions: `${prefix}:sessions`,
    session: (id: string) => `${prefix}:session:${id}`,
    usage: (id: string) => `${prefix}:session:${id}:usage`,
    tasks: (id: string) => `${prefix}:session:${id}:tasks`,
    /** The session's tasks in one state that is not an end state (see TaskStore). */
    tasksIn: (id: string, state: string) => `${prefix}:session:${id}:in:${state}`,
    records: (id: string) => `${prefix}:session:${id}:records`,
    events: (id: string) => `${prefix}:session:${id}:events`,
    task: (taskId: string) => `${prefix}:task:${taskId}`,
    approvals: `${prefix}:approvals`,
    pendingApprovals: `${prefix}:approvals:pending`,
    repoLock: (repoKey: string) => `${prefix}:lock:repo:${repoKey}`,
    control: `${prefix}:control`,
    callLimit: (role: string) => `${prefix}:limit:calls:${role}`,
    /** Set once a session's timeline has said that it waits for a worker with `variable`. */
    keyWait: (sessionId: string, variable: string) => `${prefix}:session:${sessionId}:keywait:${variable}`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;
