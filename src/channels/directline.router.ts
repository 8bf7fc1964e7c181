import type { Server } from 'restify';
import { createDirectLineAccess } from './directline.access.js';
import { registerDirectLineActivities, type DirectLineActivityDeps } from './directline.activities.js';
import { registerDirectLineConnect, type DirectLineConnectDeps } from './directline.connect.js';

/** Dependencies of the Direct Line routes. */
export interface DirectLineDeps extends DirectLineConnectDeps, DirectLineActivityDeps {}

/**
 * Registers the Direct Line 3.0 REST API under `DIRECTLINE_PATH` (directline.api.ts): conversations
 * and token refresh (directline.connect.ts), activities (directline.activities.ts), every request
 * checked against its token (directline.access.ts).
 */
export function registerDirectLine(server: Server, deps: DirectLineDeps): void {
  const access = createDirectLineAccess(deps);
  registerDirectLineConnect(server, deps, access);
  registerDirectLineActivities(server, deps, access);
}
