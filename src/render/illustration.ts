import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { illustrationFile } from '../../dialogs/exercise/illustrations.js';
import type { ExerciseId } from '../../dialogs/exercise/ids.js';
import { resvg } from './resvg.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** assets/ from src/render (tsx, vitest) or dist/src/render (built). */
const ASSETS = path.resolve(
  here,
  here.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..',
  'assets',
  'exercises',
);

/** White space kept around a drawing once cropped to its content, in SVG units. */
const MARGIN = 8;
/** Width of the PNG a drawing becomes. */
const PNG_WIDTH = 480;

const cache = new Map<ExerciseId, string>();
const titles = new Map<ExerciseId, string | undefined>();

function svgOf(id: ExerciseId): string {
  return readFileSync(path.join(ASSETS, path.basename(illustrationFile(id))), 'utf8');
}

/** The SVG's full-size background rectangle, which would make every drawing its whole canvas. */
const BACKGROUND = /<rect\s+width="\d+(?:\.\d+)?"\s+height="\d+(?:\.\d+)?"\s+fill="#fff(?:fff)?"\s*\/>/i;

/**
 * A drawing's PNG cropped to its content plus a small margin: the SVGs are drawn on a fixed
 * canvas that is mostly empty, and a chat shows the empty part as large as the figure.
 */
function croppedPng(svg: string, width = PNG_WIDTH): Buffer {
  const Resvg = resvg();
  const content = new Resvg(svg.replace(BACKGROUND, ''), { font: { loadSystemFonts: false } });
  const box = content.getBBox();
  if (!box || box.width <= 0 || box.height <= 0) {
    return Buffer.from(
      new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } }).render().asPng(),
    );
  }
  const x = Math.max(0, box.x - MARGIN);
  const y = Math.max(0, box.y - MARGIN);
  const w = Math.min(content.width - x, box.width + 2 * MARGIN);
  const h = Math.min(content.height - y, box.height + 2 * MARGIN);
  const cropped = svg
    .replace(/viewBox="[^"]*"/, `viewBox="${x} ${y} ${w} ${h}"`)
    .replace(/(<svg\b[^>]*?)\swidth="[^"]*"\s+height="[^"]*"/, `$1 width="${w}" height="${h}"`);
  return Buffer.from(
    new Resvg(cropped, {
      fitTo: { mode: 'width', value: width },
      background: '#ffffff',
      font: { loadSystemFonts: false },
    })
      .render()
      .asPng(),
  );
}

/**
 * The exercise's line drawing as a PNG data URL (Teams and Web Chat show inline images),
 * drawn from the SVG shipped in assets/ on first use, cropped to the figure, and kept.
 */
export function illustrationDataUrl(id: ExerciseId): string {
  let url = cache.get(id);
  if (!url) cache.set(id, (url = `data:image/png;base64,${croppedPng(svgOf(id)).toString('base64')}`));
  return url;
}

/** The drawing's own description (its SVG `<title>`), the image's alt text; undefined when it has none. */
export function illustrationTitle(id: ExerciseId): string | undefined {
  if (!titles.has(id)) {
    const raw = /<title\b[^>]*>([^<]*)<\/title>/.exec(svgOf(id))?.[1]?.trim();
    titles.set(
      id,
      raw
        ? raw
            .replace(/&amp;/g, '&')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&apos;/g, "'")
        : undefined,
    );
  }
  return titles.get(id);
}
