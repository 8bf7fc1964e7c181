import type { Activity } from '../render/activity.js';
import type { ReplySink } from '../bot/turn-runner.js';
import type { DirectLineStorage } from './directline.storage.js';
import { randomId } from './directline.tokens.js';

/** A turn's reply sink, and `finish`, which hands on what the sink could not store once the turn is over. */
export interface TranscriptSink {
  sink: ReplySink;
  finish(): Promise<void>;
}

/**
 * Where a turn's replies go: into the transcript, in the order the bot sends them. A conversation
 * that ends while the turn runs (its user was deleted: `forget me`) stores nothing more; the rest
 * of the turn's replies, the confirmation that everything was deleted, go to its open streams only
 * (`finish`), and are never stored.
 */
export function createReplySink(conv: string, conversations: DirectLineStorage): TranscriptSink {
  let gone = false;
  const finals: Partial<Activity>[] = [];
  return {
    async sink(reply) {
      const activity = { ...reply, timestamp: new Date() };
      if (!gone) {
        const stored = await conversations.append(conv, activity);
        if (stored.ok) return stored.id;
        gone = true;
      }
      const id = `${conv}|${randomId()}`;
      finals.push({ ...activity, id });
      return id;
    },
    finish: () => (finals.length ? conversations.deliverFinal(conv, finals) : Promise.resolve()),
  };
}
