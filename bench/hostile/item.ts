// One hostile item in its own process, so its time, peak memory and survival are its own. Prints one JSON line.
import { HOSTILE } from './corpus.ts';
import { runItem } from './run-item.ts';

const [name, size = 'full'] = process.argv.slice(2);
const item = HOSTILE.find((i) => i.name === name);
if (!item) throw new Error(`no hostile item ${name}`);
const outcome = await runItem(item, size === 'small' ? 'small' : 'full');
console.log(JSON.stringify({ ...outcome, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
