import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { illustrationFile } from '../../dialogs/exercise/illustrations.js';
import type { ExerciseId } from '../../dialogs/exercise/ids.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** assets/ from src/render (tsx, vitest) or dist/src/render (built). */
const ASSETS = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..', 'assets', 'exercises');

const cache = new Map<ExerciseId, string>();

/**
 * The exercise's line drawing as a PNG data URL (Teams and Web Chat show inline images),
 * drawn from the SVG shipped in assets/ on first use and kept.
 */
export function illustrationDataUrl(id: ExerciseId): string {
  let url = cache.get(id);
  if (!url) {
    const svg = readFileSync(path.join(ASSETS, path.basename(illustrationFile(id))), 'utf8');
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: 480 }, font: { loadSystemFonts: false } }).render().asPng();
    cache.set(id, (url = `data:image/png;base64,${png.toString('base64')}`));
  }
  return url;
}
