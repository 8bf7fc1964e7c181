/**
 * What the garbage collector did in a benchmarked server, measured from inside it. `npm run bench`
 * preloads this module into both servers (`node --import dist/bench/gc-probe.js`, bench/load.ts)
 * with BENCH_GC_PROBE=1 and an IPC channel; the servers themselves never load it, and without the
 * variable or the channel it does nothing. Between a `start` and a `stop` message it records each
 * collection (v8.GCProfiler: its kind, its pause, the heap in use before and after it), and answers
 * `stop` with numbers only: bytes allocated, collections of each kind and their pauses.
 */
import v8 from 'node:v8';

/** What the probe answers to `stop`. */
export interface GcFigures {
  /** Bytes allocated between start and stop: the growth of the heap in use between collections, summed. */
  allocatedBytes: number;
  /** Young-generation collections. */
  scavenges: number;
  /** Full collections (mark-sweep-compact). */
  markCompacts: number;
  /** Main-thread time of all collections, in ms (background GC threads' time is in the process's CPU only). */
  pauseMs: number;
}

/** The messages of the probe's IPC protocol. */
export const PROBE_START = 'gc-probe:start';
export const PROBE_STOP = 'gc-probe:stop';

/** Allocation between collections: what each collection found in use, less what the previous one left. */
function figuresOf(result: v8.GCProfilerResult, usedAtStart: number, usedAtStop: number): GcFigures {
  let allocatedBytes = 0;
  let left = usedAtStart;
  let scavenges = 0;
  let markCompacts = 0;
  let pauseUs = 0;
  for (const gc of result.statistics) {
    allocatedBytes += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - left);
    left = gc.afterGC.heapStatistics.usedHeapSize;
    if (gc.gcType === 'Scavenge') scavenges++;
    if (gc.gcType === 'MarkSweepCompact') markCompacts++;
    pauseUs += gc.cost;
  }
  allocatedBytes += Math.max(0, usedAtStop - left);
  return { allocatedBytes, scavenges, markCompacts, pauseMs: pauseUs / 1000 };
}

if (process.env.BENCH_GC_PROBE === '1' && process.send) {
  const send = process.send.bind(process);
  let running: { profiler: v8.GCProfiler; usedAtStart: number } | undefined;
  process.on('message', (message) => {
    if (message === PROBE_START) {
      const profiler = new v8.GCProfiler();
      running = { profiler, usedAtStart: v8.getHeapStatistics().used_heap_size };
      profiler.start();
    } else if (message === PROBE_STOP && running) {
      // Read before stop(), whose answer is itself allocated.
      const usedAtStop = v8.getHeapStatistics().used_heap_size;
      const figures = figuresOf(running.profiler.stop(), running.usedAtStart, usedAtStop);
      running = undefined;
      send({ gcProbe: figures });
    }
  });
  // The channel must not keep a server alive that is shutting down.
  process.channel?.unref();
}
