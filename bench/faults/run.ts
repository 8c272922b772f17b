/**
 * Fault bench (not a test: minutes long). Redis restarts: SESSIONS sessions on a redis-server child with AOF, each
 * SIGKILLed after a random number of events and restarted. Worker kills: SESSIONS sessions on two worker processes,
 * up to KILLS random SIGKILLs each (a killed worker is replaced). Figures: sessions completed, duplicate and lost
 * commits. Push races (ONLY=races): a person's push beats each task's first push. Model faults (ONLY=models,
 * FAULTS=…): a Lead on a loopback model that fails as named. Run: SESSIONS=3 KILLS=5 pnpm exec tsx bench/faults/run.ts (ONLY=kills TOTAL_KILLS=50: sessions until 50 kills)
 */
import { join } from 'node:path';
import { type ModelFault, modelFaultRun } from './model-faults.ts';
import { pushRaceRun, type RaceMode } from './push-races.ts';
import { redisRestartRun } from './redis-restarts.ts';
import { workerKillRun } from './worker-kills.ts';

const SESSIONS = Number(process.env.SESSIONS ?? 3);
const KILLS = Number(process.env.KILLS ?? 5);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const example = join(import.meta.dirname, '../../examples/homelab');
const workerDir = join(import.meta.dirname, '../../apps/worker');
const only = process.env.ONLY;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

if (!only || only === 'redis') {
  const runs = [];
  for (let i = 0; i < SESSIONS; i++) {
    const run = await redisRestartRun(example, 3 + Math.floor(Math.random() * 40));
    console.log(`redis restart ${i + 1}: ${JSON.stringify(run)}`);
    runs.push(run);
  }
  console.log(
    `| Redis restarts | ${runs.length} | ${runs.filter((r) => r.completed).length} completed | ` +
      `${sum(runs.map((r) => r.duplicates))} duplicates | ${sum(runs.map((r) => r.lost))} lost | ` +
      `median outage ${median(runs.map((r) => r.outageMs))} ms | median session ${median(runs.map((r) => r.sessionMs))} ms |`,
  );
}
if (!only || only === 'kills') {
  const runs: Awaited<ReturnType<typeof workerKillRun>>[] = [];
  // TOTAL_KILLS=50 runs sessions until that many SIGKILLs have happened (a session can end before its KILLS).
  const totalKills = Number(process.env.TOTAL_KILLS ?? 0);
  const more = (i: number) => (totalKills > 0 ? sum(runs.map((r) => r.kills)) < totalKills : i < SESSIONS);
  for (let i = 0; more(i); i++) {
    const run = await workerKillRun(example, workerDir, REDIS_URL, KILLS, 6);
    console.log(`worker kills ${i + 1}: ${JSON.stringify(run)}`);
    runs.push(run);
  }
  console.log(
    `| worker SIGKILLs | ${runs.length} sessions, ${sum(runs.map((r) => r.kills))} kills | ` +
      `${runs.filter((r) => r.completed).length} completed | ${sum(runs.map((r) => r.duplicates))} duplicates | ` +
      `${sum(runs.map((r) => r.lost))} lost | median session ${median(runs.map((r) => r.sessionMs))} ms |`,
  );
}
if (!only || only === 'races') {
  const modes: RaceMode[] = ['modified', 'other', 'created'];
  const runs = [];
  for (let i = 0; i < SESSIONS; i++) {
    const mode = modes[i % modes.length]!;
    const run = { mode, ...(await pushRaceRun(example, REDIS_URL, mode)) };
    console.log(`push races ${i + 1} (${mode}): ${JSON.stringify(run)}`);
    runs.push(run);
  }
  for (const mode of modes) {
    const some = runs.filter((r) => r.mode === mode);
    if (some.length === 0) continue;
    console.log(
      `| push races, ${mode} | ${some.length} sessions, ${sum(some.map((r) => r.races))} races | ` +
        `${some.filter((r) => r.completed).length} completed | ${sum(some.map((r) => r.onNewHead))} fixes on the new head | ` +
        `${sum(some.map((r) => r.personsKept))} persons' commits kept, ${sum(some.map((r) => r.personsLinesKept))} of their lines | ` +
        `${sum(some.map((r) => r.duplicates))} duplicates | ` +
        `${sum(some.map((r) => r.lost))} lost | median session ${median(some.map((r) => r.sessionMs))} ms |`,
    );
  }
}
if (!only || only === 'models') {
  const faults: ModelFault[] = ['rate-limit', 'server-error', 'malformed', 'tool-loop', 'never-ends'];
  for (const fault of (process.env.FAULTS?.split(',') as ModelFault[] | undefined) ?? faults) {
    const run = await modelFaultRun(example, REDIS_URL, fault);
    console.log(`model fault ${fault}: ${JSON.stringify(run)}`);
  }
}
process.exit(0);
