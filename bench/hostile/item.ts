// Hostile items run in a process of their own, so their time, peak memory and survival are their own, and a parent
// can kill one that hangs (a synchronous loop cannot be interrupted from inside). Prints one JSON line per item as it
// finishes. Usage: item.ts <name|all> [full|small]
import { HOSTILE } from './corpus.ts';
import { runItem } from './run-item.ts';

const [name, size = 'full'] = process.argv.slice(2);
const items = name === 'all' ? HOSTILE : HOSTILE.filter((i) => i.name === name);
if (items.length === 0) throw new Error(`no hostile item ${name}`);
for (const item of items) {
  const outcome = await runItem(item, size === 'small' ? 'small' : 'full');
  console.log(JSON.stringify({ ...outcome, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}
