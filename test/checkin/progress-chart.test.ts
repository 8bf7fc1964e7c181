import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Resource } from 'i18next';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { CHART_WIDTH, renderProgressPng, renderProgressSvg } from '../../src/render/progress-chart.js';
import { escapeXml } from '../../src/xml.js';
import type { CheckinPoint } from '../../dialogs/checkin/trend.js';

const resources = loadLocaleResources(fileURLToPath(new URL('../../locales', import.meta.url)));
const t = createI18n(resources).getFixedT('en');

function days(n: number): CheckinPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2024, 2, 1 + 2 * i, 9)).toISOString(),
    left: 5 - (i % 6),
    right: i % 4,
    score: (i * 3) % 11,
  }));
}

function polylinePoints(svg: string, side: 'left' | 'right'): string[] {
  const m = new RegExp(`<polyline data-side="${side}" points="([^"]*)"`).exec(svg);
  expect(m, side).not.toBeNull();
  return m![1]!.split(' ');
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('progress chart SVG', () => {
  it('draws one line per side with one point per check-in', () => {
    const svg = renderProgressSvg(days(7), { t });
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(polylinePoints(svg, 'left')).toHaveLength(7);
    expect(polylinePoints(svg, 'right')).toHaveLength(7);
  });

  it('has one direction: further down the leg is lower on the chart, and nothing is drawn going up for worse', () => {
    const svg = renderProgressSvg(
      [
        { at: '2024-03-01T09:00:00Z', left: 2, right: 0, score: 4 },
        { at: '2024-03-05T09:00:00Z', left: 5, right: 0, score: 8 },
      ],
      { t },
    );
    const [a, b] = polylinePoints(svg, 'left').map((p) => Number(p.split(',')[1]));
    expect(b!).toBeGreaterThan(a!);
    // The score is written, not drawn as bars that would grow upward as the pain gets worse.
    expect(svg).not.toMatch(/fill-opacity/);
    expect([...svg.matchAll(/data-score="true"[^>]*>(\d+)</g)].map((m) => m[1])).toEqual(['4', '8']);
    expect(svg).toContain('data-direction="down"');
    expect(svg).toContain('>Lower on the chart means');
    // The level labels run top to bottom from no pain to the foot.
    const ys = ['No pain', 'Low back', 'Buttock', 'Thigh', 'Below knee', 'Foot'].map((w) =>
      Number(new RegExp(`y="([\\d.]+)"[^>]*>${w}<`).exec(svg)![1]),
    );
    expect([...ys].sort((x, y) => x - y)).toEqual(ys);
  });

  it('is readable on a phone: every text at least 12 px where Web Chat shows it 340 px wide', () => {
    for (const lng of ['en', 'es']) {
      const svg = renderProgressSvg([{ ...days(1)[0]!, intake: true }, ...days(8).slice(1)], {
        t: createI18n(resources).getFixedT(lng),
      });
      const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThan(15);
      const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)![1]);
      expect(width).toBe(CHART_WIDTH);
      expect(Math.min(...sizes) * (340 / width), lng).toBeGreaterThanOrEqual(12);
      // Nothing is written past the right edge (an estimate of each text's width).
      for (const m of svg.matchAll(
        /<text x="([\d.]+)" y="[\d.]+" font-size="([\d.]+)"( text-anchor="(\w+)")?[^>]*>([^<]*)</g,
      )) {
        const [x, size, anchor, words] = [Number(m[1]), Number(m[2]), m[4] ?? 'start', m[5]!];
        const w = words.length * size * 0.56;
        const end = anchor === 'end' ? x : anchor === 'middle' ? x + w / 2 : x + w;
        expect(end, words).toBeLessThanOrEqual(width + 4);
      }
    }
  });

  it('draws the caption once', () => {
    const svg = renderProgressSvg(days(3), { t });
    expect(svg.match(/Lower on the chart/g)).toHaveLength(1);
  });

  it('labels the levels, legend and title from the locale', () => {
    const svg = renderProgressSvg(days(3), { t: createI18n(resources).getFixedT('es') });
    // Long labels wrap onto two lines: compare the words as read.
    const words = svg
      .replace(/<title[\s\S]*?<\/desc>/, '')
      .replace(/<[^>]+>/g, '|')
      .replace(/\s*\|+\s*/g, '|');
    for (const label of [
      'Hasta dónde llega tu dolor',
      'Pierna izquierda',
      'Pierna derecha',
      'Bajo la rodilla',
      'Pie',
      'Zona lumbar',
    ]) {
      expect(words.replace(/[|\s]+/g, ' ')).toContain(label);
    }
  });

  it('places check-ins by time and writes dates', () => {
    const svg = renderProgressSvg(
      [
        { at: '2024-03-01T09:00:00Z', left: 3, right: 0, score: 5 },
        { at: '2024-03-02T09:00:00Z', left: 3, right: 0, score: 5 },
        { at: '2024-03-11T09:00:00Z', left: 3, right: 0, score: 5 },
      ],
      { t },
    );
    const xs = polylinePoints(svg, 'left').map((p) => Number(p.split(',')[0]));
    expect((xs[1]! - xs[0]!) * 9).toBeCloseTo(xs[2]! - xs[1]!, 0);
    expect(svg).toContain('>Mar 1<');
    expect(svg).toContain('>Mar 11<');
  });

  it('works with a single check-in (one dot per side) and with none', () => {
    const one = renderProgressSvg(days(1), { t });
    expect(polylinePoints(one, 'left')).toHaveLength(1);
    expect(one.match(/<circle /g)).toHaveLength(1);
    expect(renderProgressSvg([], { t })).toContain('No check-ins yet.');
  });

  it("marks the intake's point, where the trend starts, and only it", () => {
    const [intake, ...rest] = days(3);
    const svg = renderProgressSvg([{ ...intake!, intake: true }, ...rest], { t });
    expect(svg.match(/data-baseline="true"/g)).toHaveLength(1);
    expect(svg).toContain(`>${t('progress:chart.baseline')}<`);
    expect(renderProgressSvg(days(3), { t })).not.toContain('data-baseline');
  });

  it('escapes every text', () => {
    const evil = structuredClone<Resource>(resources);
    const en = evil.en as { progress: { chart: { title: string; legend: { left: string } } } };
    en.progress.chart.title = 'Tom & "Jerry" <script>';
    en.progress.chart.legend.left = "It's <b>";
    const svg = renderProgressSvg(days(2), { t: createI18n(evil).getFixedT('en') });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('Tom &amp; &quot;Jerry&quot; &lt;script&gt;');
    expect(svg).toContain('It&apos;s &lt;b&gt;');
    expect(escapeXml('a\u0001b')).toBe('ab');
    expect(() => renderProgressPng(svg)).not.toThrow();
  });
});

describe('progress chart PNG', () => {
  it('renders a PNG at twice the default 360×420, sharp on a desktop', () => {
    expect(pngSize(renderProgressPng(renderProgressSvg(days(12), { t })))).toEqual({ width: 720, height: 840 });
  });

  it('honours a custom size and an output width', () => {
    const svg = renderProgressSvg(days(1), { t, width: 800, height: 400 });
    expect(pngSize(renderProgressPng(svg))).toEqual({ width: 1600, height: 800 });
    expect(pngSize(renderProgressPng(svg, { width: 400 }))).toEqual({ width: 400, height: 200 });
  });

  it('renders 50 check-ins', () => {
    expect(pngSize(renderProgressPng(renderProgressSvg(days(50), { t })))).toEqual({ width: 720, height: 840 });
  });

  it('renders without fonts (text is then left out, not an error)', () => {
    expect(pngSize(renderProgressPng(renderProgressSvg(days(3), { t }), { loadSystemFonts: false }))).toEqual({
      width: 720,
      height: 840,
    });
  });
});
