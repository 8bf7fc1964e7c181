import { runPhase } from './bench/load.js';
const [port, pid, c, kind] = process.argv.slice(2);
const r = await runPhase({ kind: kind as 'bot' | 'echo', port: Number(port), pid: Number(pid), alive: () => true, concurrency: Number(c), warmupMs: 1500, durationMs: 6000, echoTurns: 22 });
console.log(`${kind} c=${c} tps=${r.turnsPerSec.toFixed(0)} cpu=${r.serverCpuMsPerTurn.toFixed(2)} p99=${r.p99Ms.toFixed(0)} rss=${r.peakRssMb.toFixed(0)} err=${r.errors} to=${r.timeouts}`);
