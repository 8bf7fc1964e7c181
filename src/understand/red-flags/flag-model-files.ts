import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads `<dir>/{en,es}.json`, the learned backstop models (checked when the detector is built). */
export function readFlagModelFiles(dir: string): { en: unknown; es: unknown } {
  const read = (lng: string): unknown => JSON.parse(readFileSync(path.join(dir, `${lng}.json`), 'utf8'));
  return { en: read('en'), es: read('es') };
}
