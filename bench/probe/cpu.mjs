// node --no-liftoff bench/probe/cpu.mjs <entry.ts> <input> <reps> task1 task2 ...
// Runs the tasks interleaved, reps times, and prints min / median CPU ms (user+sys) per task.
// CPU time rather than wall time: on a shared machine it is far less disturbed by other load.
import { readFileSync } from 'node:fs';
import { buildProbe, loadProbe } from '../../scripts/probe.mjs';
const [entry, inputFile, reps, ...tasks] = process.argv.slice(2);
const run = await loadProbe(await buildProbe(entry));
const input = new Uint8Array(readFileSync(inputFile));
await run(tasks[0], input); // warm-up / setup
const times = Object.fromEntries(tasks.map((t) => [t, []]));
for (let r = 0; r < Number(reps); r++) {
  for (const t of tasks) {
    const c = process.cpuUsage();
    await run(t, input);
    const d = process.cpuUsage(c);
    times[t].push((d.user + d.system) / 1000);
  }
}
for (const t of tasks) {
  const s = times[t].sort((a, b) => a - b);
  console.log(`${t}: min ${s[0].toFixed(0)} median ${s[s.length >> 1].toFixed(0)} cpu-ms  [${s.map((x) => x.toFixed(0)).join(' ')}]`);
}
