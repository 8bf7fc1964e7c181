import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the JSON logger. Never log message text or health answers (safety rule 4). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return destination ? pino({ level }, destination) : pino({ level });
}

/** A short, stable, non-reversible id for logs: user and conversation ids are never logged raw. */
export function hashId(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 16);
}
