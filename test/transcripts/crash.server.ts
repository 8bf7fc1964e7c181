/**
 * The server of the crash test (crash.test.ts), started as a standby: it loads the server's
 * modules, says `standby`, and starts `src/index.ts` (configured from the environment, as
 * `npm start` is) when a line arrives on stdin. Loading the modules is most of a start's time;
 * with the next server waiting as a standby, a restart after SIGKILL costs only what opening the
 * store and listening cost, so the test kills many times within its time budget.
 */
await import('../../src/app.js');
process.stdout.write('standby\n');
process.stdin.once('data', () => {
  process.stdin.pause();
  void import('../../src/index.js');
});
