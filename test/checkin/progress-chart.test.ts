import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Resource } from 'i18next';
import { createI18n, loadLocaleResources } from '../../src/i18n.js';
import { escapeXml, renderProgressPng, renderProgressPngAsync, renderProgressSvg } from '../../src/render/progress-chart.js';
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

  it('puts the back above the foot, so a line going up means centralizing', () => {
    const svg = renderProgressSvg([
      { at: '2024-03-01T09:00:00Z', left: 5, right: 0, score: 6 },
      { at: '2024-03-05T09:00:00Z', left: 2, right: 0, score: 4 },
    ], { t });
    const [a, b] = polylinePoints(svg, 'left').map((p) => Number(p.split(',')[1]));
    expect(b!).toBeLessThan(a!);
    expect(svg).toContain('A line going up means your pain is moving back toward your back');
  });

  it('labels the levels, legend and title from the locale', () => {
    const svg = renderProgressSvg(days(3), { t: createI18n(resources).getFixedT('es') });
    for (const word of ['Hasta dónde llega tu dolor', 'Pierna izquierda', 'Pierna derecha', 'Bajo la rodilla', 'Pie', 'Zona lumbar']) {
      expect(svg).toContain(`>${word}<`);
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
    const evil = structuredClone(resources) as Resource;
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
  it('renders a PNG of the default 640×360', () => {
    expect(pngSize(renderProgressPng(renderProgressSvg(days(12), { t })))).toEqual({ width: 640, height: 360 });
  });

  it('honours a custom size and an output width', () => {
    const svg = renderProgressSvg(days(1), { t, width: 800, height: 400 });
    expect(pngSize(renderProgressPng(svg))).toEqual({ width: 800, height: 400 });
    expect(pngSize(renderProgressPng(svg, { width: 400 }))).toEqual({ width: 400, height: 200 });
  });

  it('renders 50 check-ins, asynchronously too', async () => {
    expect(pngSize(await renderProgressPngAsync(renderProgressSvg(days(50), { t })))).toEqual({ width: 640, height: 360 });
  });

  it('renders without fonts (text is then left out, not an error)', () => {
    expect(pngSize(renderProgressPng(renderProgressSvg(days(3), { t }), { loadSystemFonts: false }))).toEqual({ width: 640, height: 360 });
  });
});
