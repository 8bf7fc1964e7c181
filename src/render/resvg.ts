/**
 * @resvg/resvg-js (a native addon that draws the exercise illustrations and progress charts),
 * loaded when first needed instead of with the server: neither /healthz nor a first turn draws
 * anything. The warm-up in app.ts loads it once the server is idle, so a broken install shows in
 * the log at start, and a drawing that needs it then finds it loaded.
 */
import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';

const require = createRequire(import.meta.url);
let loaded: typeof ResvgModule | undefined;

/**
 * The `Resvg` class, loaded on the first call.
 * @throws Error naming the package when it cannot be loaded (e.g. no prebuilt binary for this platform).
 */
export function resvg(): typeof ResvgModule.Resvg {
  try {
    loaded ??= require('@resvg/resvg-js') as typeof ResvgModule;
  } catch (err) {
    throw new Error(`@resvg/resvg-js could not be loaded: ${(err as Error).message}`, { cause: err });
  }
  return loaded.Resvg;
}
