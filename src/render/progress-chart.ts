import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import type { TFunction } from 'i18next';
import { escapeXml } from '../xml.js';
import { PAIN_LEVELS } from '../../dialogs/pain.js';
import type { CheckinPoint } from '../../dialogs/checkin/trend.js';

/** Options of `renderProgressSvg`. */
export interface ProgressChartOptions {
  /** `t` fixed to the user's language (`i18n.getFixedT(lng)`). */
  t: TFunction;
  width?: number;
  height?: number;
  /** IANA zone for the date labels; default UTC. */
  timeZone?: string;
}

/** Options of `renderProgressPng`. */
export interface ProgressPngOptions {
  /** Output width in pixels; default the SVG's own width. */
  width?: number;
  /** Default true: fonts from /usr/share/fonts etc. Without any font, resvg draws no text. */
  loadSystemFonts?: boolean;
  fontFiles?: string[];
  fontDirs?: string[];
}

/** Default chart size in px (fits a chat bubble and a phone screen). */
export const CHART_WIDTH = 640;
/** See `CHART_WIDTH`. */
export const CHART_HEIGHT = 360;
const FONT = 'DejaVu Sans';
const FONT_STACK = `${FONT}, Liberation Sans, Noto Sans, Arial, Helvetica, sans-serif`;
/** Okabe–Ito colours (safe for colour blindness); the dashes and markers differ too, for greyscale. */
const SIDES = [
  { side: 'left', colour: '#0072B2', dash: '', offset: -2 },
  { side: 'right', colour: '#D55E00', dash: '7 4', offset: 2 },
] as const;
const BAR = '#999999';

export { escapeXml };

const n1 = (v: number) => (Math.round(v * 10) / 10).toString();
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${n1(x)}" y="${n1(y)}"${attrs ? ' ' + attrs : ''}>${escapeXml(s)}</text>`;
}

/** Greedy word wrap by an estimated glyph width (about 0.56 em for DejaVu Sans). */
function wrap(s: string, width: number, fontSize: number): string[] {
  const max = Math.max(10, Math.floor(width / (fontSize * 0.56)));
  const lines: string[] = [];
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** x of each check-in: by time when the dates allow it, else evenly spaced. */
function xPositions(history: readonly CheckinPoint[], x0: number, x1: number): number[] {
  const times = history.map((p) => Date.parse(p.at));
  const lo = Math.min(...times);
  const span = Math.max(...times) - lo;
  const n = history.length;
  if (n === 1) return [(x0 + x1) / 2];
  if (times.some(Number.isNaN) || span <= 0) return history.map((_, i) => x0 + ((x1 - x0) * i) / (n - 1));
  return times.map((t) => x0 + ((x1 - x0) * (t - lo)) / span);
}

/** Indices of the check-ins whose date is written under the axis: first, last, and spaced ones between. */
function dateTicks(xs: readonly number[], minGap: number): number[] {
  const picked: number[] = [];
  xs.forEach((x, i) => {
    const prev = picked[picked.length - 1];
    if (prev === undefined || x - xs[prev]! >= minGap) picked.push(i);
  });
  const last = xs.length - 1;
  if (last > 0 && picked[picked.length - 1] !== last) {
    if (xs[last]! - xs[picked[picked.length - 1]!]! < minGap && picked.length > 1) picked.pop();
    picked.push(last);
  }
  return picked;
}

/**
 * The progress chart as an SVG document. Levels 0–5 run from "no pain" at the top to the foot at
 * the bottom, so a line going up means the pain is moving back toward the back (the caption says
 * so). One line per leg (distinct colour, dash and marker), and the 0–10 score as bars on the
 * right-hand axis; the intake's point (the baseline) is marked. All words come from `progress:*`; a
 * single point draws one dot per leg.
 */
export function renderProgressSvg(history: readonly CheckinPoint[], opts: ProgressChartOptions): string {
  const { t } = opts;
  const W = opts.width ?? CHART_WIDTH;
  const H = opts.height ?? CHART_HEIGHT;
  const captionLines = wrap(t('progress:chart.caption'), W - 24, 10);
  const left = 104;
  const right = W - 46;
  const top = 72;
  const bottom = H - 40 - 13 * captionLines.length;
  const levelY = (l: number) => top + ((bottom - top) * clamp(l, 0, 5)) / 5;
  const scoreY = (s: number) => bottom - ((bottom - top) * clamp(s, 0, 10)) / 10;
  const out: string[] = [];
  const add = (s: string) => out.push(s);

  add(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  add(text(12, 22, t('progress:chart.title'), 'font-size="15" font-weight="bold"'));
  // Legend: sample line or bar, then its label; spacing from an estimated label width.
  let lx = 12;
  for (const s of SIDES) {
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    add(`<line x1="${lx}" y1="40" x2="${lx + 24}" y2="40" stroke="${s.colour}" stroke-width="2.5"${dash}/>`);
    const label = t(`progress:chart.legend.${s.side}`);
    add(text(lx + 30, 44, label, 'font-size="11"'));
    lx += 30 + label.length * 6.4 + 18;
  }
  add(`<rect x="${n1(lx)}" y="34" width="12" height="12" fill="${BAR}" fill-opacity="0.45"/>`);
  add(text(lx + 18, 44, t('progress:chart.legend.score'), 'font-size="11"'));

  add(text(12, top - 8, t('progress:chart.axis_level'), 'font-size="10" fill="#555555"'));
  add(text(W - 6, top - 8, t('progress:chart.axis_score'), 'font-size="10" fill="#555555" text-anchor="end"'));
  PAIN_LEVELS.forEach((id, l) => {
    const y = levelY(l);
    add(`<line x1="${left}" y1="${n1(y)}" x2="${right}" y2="${n1(y)}" stroke="#dddddd" stroke-width="1"/>`);
    add(text(left - 8, y + 4, t(`progress:level.${id}`), 'font-size="11" text-anchor="end"'));
  });
  for (const s of [0, 5, 10]) add(text(right + 6, scoreY(s) + 4, String(s), 'font-size="10" fill="#555555"'));
  add(`<line x1="${right}" y1="${top}" x2="${right}" y2="${n1(bottom)}" stroke="#bbbbbb" stroke-width="1"/>`);

  if (history.length === 0) {
    add(text((left + right) / 2, (top + bottom) / 2, t('progress:chart.empty'), 'font-size="13" text-anchor="middle"'));
  } else {
    const pad = 18;
    const xs = xPositions(history, left + pad, right - pad);
    const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
    const barW = clamp(Math.min(24, ...gaps.map((g) => g * 0.6)), 2, 24);
    const mark = clamp(Math.min(...gaps) / 3, 2, 4);
    // The intake's pain map is where the trend starts (CLINICAL §3): a dashed line and a label mark it.
    history.forEach((p, i) => {
      if (!p.intake) return;
      add(`<line data-baseline="true" x1="${n1(xs[i]!)}" y1="${top}" x2="${n1(xs[i]!)}" y2="${n1(bottom)}" stroke="#888888" stroke-width="1" stroke-dasharray="3 3"/>`);
      add(text(xs[i]! - 6, top - 8, t('progress:chart.baseline'), 'font-size="10" fill="#555555"'));
    });
    history.forEach((p, i) => {
      const y = scoreY(p.score);
      add(`<rect x="${n1(xs[i]! - barW / 2)}" y="${n1(y)}" width="${n1(barW)}" height="${n1(bottom - y)}" fill="${BAR}" fill-opacity="0.45"/>`);
    });
    for (const s of SIDES) {
      // A small vertical offset per leg keeps both lines visible where they share a level.
      const pts = history.map((p, i) => [xs[i]!, levelY(p[s.side]) + s.offset] as const);
      const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
      add(`<polyline data-side="${s.side}" points="${pts.map(([x, y]) => `${n1(x)},${n1(y)}`).join(' ')}" fill="none" stroke="${s.colour}" stroke-width="2.5" stroke-linejoin="round"${dash}/>`);
      for (const [x, y] of pts) {
        add(
          s.side === 'left'
            ? `<circle cx="${n1(x)}" cy="${n1(y)}" r="${n1(mark)}" fill="${s.colour}"/>`
            : `<rect x="${n1(x - mark)}" y="${n1(y - mark)}" width="${n1(2 * mark)}" height="${n1(2 * mark)}" fill="#ffffff" stroke="${s.colour}" stroke-width="${n1(mark / 2)}"/>`,
        );
      }
    }
    const formatParams = { date: { month: 'short', day: 'numeric', timeZone: opts.timeZone ?? 'UTC' } };
    for (const i of dateTicks(xs, 56)) {
      const date = new Date(history[i]!.at);
      if (Number.isNaN(date.getTime())) continue;
      add(text(xs[i]!, bottom + 16, t('progress:chart.date', { date, formatParams }), 'font-size="10" text-anchor="middle"'));
    }
  }
  captionLines.forEach((line, i) => add(text(12, H - 12 - 13 * (captionLines.length - 1 - i), line, 'font-size="10" fill="#333333"')));

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="progress-title progress-desc" font-family="${FONT_STACK}">`,
    `<title id="progress-title">${escapeXml(t('progress:chart.title'))}</title>`,
    `<desc id="progress-desc">${escapeXml(t('progress:chart.description'))}</desc>`,
    ...out,
    '</svg>',
  ].join('\n');
}

function resvgOptions(svg: string, opts: ProgressPngOptions): ResvgRenderOptions {
  const own = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1];
  return {
    fitTo: { mode: 'width', value: Math.round(opts.width ?? (own ? Number(own) : CHART_WIDTH)) },
    font: {
      loadSystemFonts: opts.loadSystemFonts ?? true,
      fontFiles: opts.fontFiles ?? [],
      fontDirs: opts.fontDirs ?? [],
      defaultFontFamily: FONT,
      sansSerifFamily: FONT,
    },
    background: '#ffffff',
    logLevel: 'off',
  };
}

/** The chart as a PNG (for channels that take images). Synchronous: blocks for a few ms. */
export function renderProgressPng(svg: string, opts: ProgressPngOptions = {}): Buffer {
  return new Resvg(svg, resvgOptions(svg, opts)).render().asPng();
}

/** As `renderProgressPng`, on libuv's thread pool so a turn doesn't block the event loop. */
export async function renderProgressPngAsync(svg: string, opts: ProgressPngOptions = {}): Promise<Buffer> {
  return (await renderAsync(svg, resvgOptions(svg, opts))).asPng();
}
