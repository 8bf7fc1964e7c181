import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { EXERCISE_IDS } from '../../dialogs/exercise/ids.js';
import {
  ILLUSTRATED,
  ILLUSTRATION_SIZE,
  illustrationFile,
  illustrationPath,
} from '../../dialogs/exercise/illustrations.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const svgOf = (id: (typeof ILLUSTRATED)[number]) => readFileSync(path.join(ROOT, illustrationFile(id)), 'utf8');

/** Tags open and close in order (a small well-formedness check, enough for hand-written SVG). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

describe('exercise illustrations', () => {
  it('has a drawing for every exercise and no stray files', () => {
    expect([...ILLUSTRATED].sort()).toEqual([...EXERCISE_IDS].sort());
    const files = readdirSync(path.join(ROOT, 'assets/exercises')).filter((f) => f.endsWith('.svg'));
    expect(files.sort()).toEqual(EXERCISE_IDS.map((id) => `${id}.svg`).sort());
    expect(illustrationPath('bird_dog')).toBe('/exercises/bird_dog.svg');
    expect(illustrationPath('bird_dog', 'png')).toBe('/exercises/bird_dog.png');
  });

  it.each(ILLUSTRATED.map((id) => [id]))(
    '%s: a well-formed SVG with a viewBox, a title, a floor line and an arrow',
    (id) => {
      expect(existsSync(path.join(ROOT, illustrationFile(id)))).toBe(true);
      const svg = svgOf(id);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('viewBox="0 0 320 200"');
      expect(svg).toMatch(/<title[^>]*>[^<]{10,}<\/title>/);
      expect(svg).toMatch(/<line x1="16" y1="170" x2="304" y2="170"/);
      expect(svg).toMatch(/marker-end="url\(#arrowhead-/);
      expect(svg).not.toMatch(/<text|<image|<script|href=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
      expect(balanced(svg)).toBe(true);
    },
  );

  it.each(ILLUSTRATED.map((id) => [id]))('%s: renders to a PNG of the expected size, with a drawing in it', (id) => {
    const natural = new Resvg(svgOf(id)).render();
    expect([natural.width, natural.height]).toEqual([ILLUSTRATION_SIZE.width, ILLUSTRATION_SIZE.height]);
    const png = new Resvg(svgOf(id), { fitTo: { mode: 'width', value: 640 } }).render();
    expect([png.width, png.height]).toEqual([640, 400]);
    const bytes = png.asPng();
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([640, 400]);
    const pixels = natural.pixels;
    let dark = 0;
    let accent = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
      if (r < 80 && g < 80 && b < 80) dark++;
      if (r < 60 && g > 90 && b > 110) accent++;
    }
    expect(dark, 'figure strokes').toBeGreaterThan(600);
    expect(accent, 'movement arrow').toBeGreaterThan(40);
  });
});
