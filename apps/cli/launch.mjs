// `pnpm triad …` in the workspace: runs the built CLI (dist/main.js), building it first when it is missing or older
// than a source it was built from, so a fresh clone and an edited tree both start from up-to-date JavaScript.
import { build, isStale } from './build.mjs';

if (await isStale()) {
  process.stderr.write('triad: building apps/cli/dist (sources changed since the last build)…\n');
  await build();
}
await import('./dist/main.js');
