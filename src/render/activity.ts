/**
 * The one place outside src/bot/ and src/server.ts where botbuilder is imported (ARCHITECTURE.md,
 * "Bot Framework"): render/ and the channels take botbuilder's activity shapes and card helpers
 * from here, so a move to the Microsoft 365 Agents SDK changes this file, not every renderer.
 * The helpers come through src/bot/botbuilder.ts, which loads the package the quick way.
 */
export type { Activity, Attachment } from 'botbuilder';
export { ActionTypes, CardFactory } from '../bot/botbuilder.js';
