import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { TFunction } from 'i18next';
import { escapeXml } from '../xml.js';
import { PAIN_LEVELS } from '../../dialogs/pain.js';
import type { CheckinPoint } from '../../dialogs/checkin/trend.js';
import { resvg } from './resvg.js';

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
  /** Output width in pixels; default `PNG_SCALE` times the SVG's own width. */
  width?: number;
  /** Default true: fonts from /usr/share/fonts etc. Without any font, resvg draws no text. */
  loadSystemFonts?: boolean;
  fontFiles?: string[];
  fontDirs?: string[];
}

/**
 * Default chart size in SVG units: drawn for a phone, where Web Chat shows an image about 340 px
 * wide, so the SVG's sizes are close to screen pixels there (larger on a desktop).
 */
export const CHART_WIDTH = 360;
/** See `CHART_WIDTH`. */
const CHART_HEIGHT = 420;
/** Smallest font size in the chart, in SVG units: at least 12 px on a 390-px phone. */
const MIN_FONT = 13;
/** The PNG is drawn at this multiple of the SVG's size, so it stays sharp on a desktop and on dense screens. */
const PNG_SCALE = 2;
const FONT = 'DejaVu Sans';
const FONT_STACK = `${FONT}, Liberation Sans, Noto Sans, Arial, Helvetica, sans-serif`;
/** Okabe–Ito colours (safe for colour blindness); the dashes and markers differ too, for greyscale. */
const SIDES = [
  { side: 'left', colour: '#0072B2', dash: '', offset: -2 },
  { side: 'right', colour: '#D55E00', dash: '7 4', offset: 2 },
] as const;

const n1 = (v: number) => (Math.round(v * 10) / 10).toString();
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${n1(x)}" y="${n1(y)}"${attrs ? ' ' + attrs : ''}>${escapeXml(s)}</text>`;
}

/** Greedy word wrap by an estimated glyph width (about 0.56 em for DejaVu Sans). */
function wrap(s: string, width: number, fontSize: number): string[] {
  const max = Math.max(6, Math.floor(width / (fontSize * 0.56)));
  const lines: string[] = [];
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Lines of text centred vertically on `y` (one `<text>` per line). */
function lines(x: number, y: number, ls: readonly string[], size: number, attrs: string): string[] {
  const step = size * 1.2;
  const first = y - (step * (ls.length - 1)) / 2 + size * 0.35;
  return ls.map((l, i) => text(x, first + step * i, l, `font-size="${size}" ${attrs}`));
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

/** Indices of the check-ins whose label is written under the axis: first, last, and spaced ones between. */
function ticks(xs: readonly number[], minGap: number): number[] {
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
 * The progress chart as an SVG document, readable on a phone (no text under `MIN_FONT`). One
 * direction only: levels run from "no pain" at the top to the foot at the bottom, so lower on the
 * chart is further down the leg. One line per leg (distinct colour, dash and marker); the 0–10
 * score is written as numbers under the dates rather than drawn, so nothing on the chart goes up
 * when things get worse. The intake's point (the baseline, CLINICAL §3) is marked "Start". The
 * caption is drawn once, here. All words come from `progress:*`; a single point draws one dot per
 * leg.
 */
export function renderProgressSvg(history: readonly CheckinPoint[], opts: ProgressChartOptions): string {
  const { t } = opts;
  const W = opts.width ?? CHART_WIDTH;
  const H = opts.height ?? CHART_HEIGHT;
  const small = MIN_FONT;
  const captionLines = wrap(t('progress:chart.caption'), W - 24, small);
  const titleLines = wrap(t('progress:chart.title'), W - 24, 17);
  const legendY = 14 + 21 * titleLines.length + 6;
  const left = 98;
  const right = W - 18;
  const top = legendY + 34;
  const bottom = H - 14 - 17 * captionLines.length - 50;
  const levelY = (l: number) => top + ((bottom - top) * clamp(l, 0, 5)) / 5;
  const out: string[] = [];
  const add = (s: string) => out.push(s);

  add(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  titleLines.forEach((l, i) => add(text(12, 26 + 21 * i, l, 'font-size="17" font-weight="bold"')));
  // Legend: sample line and marker, then its label; the second goes under the first when they don't fit side by side.
  let lx = 12;
  let ly = legendY;
  for (const s of SIDES) {
    const label = t(`progress:chart.legend.${s.side}`);
    const width = 34 + label.length * small * 0.56;
    if (lx > 12 && lx + width > W - 12) {
      lx = 12;
      ly += 20;
    }
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    add(`<line x1="${lx}" y1="${ly}" x2="${lx + 26}" y2="${ly}" stroke="${s.colour}" stroke-width="3"${dash}/>`);
    add(text(lx + 32, ly + 5, label, `font-size="${small}"`));
    lx += width + 16;
  }

  PAIN_LEVELS.forEach((id, l) => {
    const y = levelY(l);
    add(`<line x1="${left}" y1="${n1(y)}" x2="${right}" y2="${n1(y)}" stroke="#dddddd" stroke-width="1"/>`);
    out.push(...lines(left - 8, y, wrap(t(`progress:level.${id}`), left - 16, small), small, 'text-anchor="end"'));
  });
  // The arrow says which way is "further down the leg".
  add(
    `<line data-direction="down" x1="${left}" y1="${n1(top)}" x2="${left}" y2="${n1(bottom - 4)}" stroke="#555555" stroke-width="1.5" marker-end="url(#progress-arrow)"/>`,
  );

  const scoreY = bottom + 40;
  if (history.length === 0) {
    add(
      text(
        (left + right) / 2,
        (top + bottom) / 2,
        t('progress:chart.empty'),
        `font-size="${small + 1}" text-anchor="middle"`,
      ),
    );
  } else {
    const pad = 16;
    const xs = xPositions(history, left + pad, right - pad);
    const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
    const mark = clamp(Math.min(...gaps) / 3, 2.5, 4.5);
    // The intake's pain map is where the trend starts (CLINICAL §3): a dashed line and a label mark it.
    history.forEach((p, i) => {
      if (!p.intake) return;
      add(
        `<line data-baseline="true" x1="${n1(xs[i]!)}" y1="${top - 6}" x2="${n1(xs[i]!)}" y2="${n1(bottom)}" stroke="#888888" stroke-width="1" stroke-dasharray="3 3"/>`,
      );
      add(
        text(
          xs[i]!,
          top - 10,
          t('progress:chart.baseline'),
          `font-size="${small}" fill="#333333" text-anchor="${i === 0 ? 'start' : 'middle'}"`,
        ),
      );
    });
    for (const s of SIDES) {
      // A small vertical offset per leg keeps both lines visible where they share a level.
      const pts = history.map((p, i) => [xs[i]!, levelY(p[s.side]) + s.offset] as const);
      const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
      add(
        `<polyline data-side="${s.side}" points="${pts.map(([x, y]) => `${n1(x)},${n1(y)}`).join(' ')}" fill="none" stroke="${s.colour}" stroke-width="3" stroke-linejoin="round"${dash}/>`,
      );
      for (const [x, y] of pts) {
        add(
          s.side === 'left'
            ? `<circle cx="${n1(x)}" cy="${n1(y)}" r="${n1(mark)}" fill="${s.colour}"/>`
            : `<rect x="${n1(x - mark)}" y="${n1(y - mark)}" width="${n1(2 * mark)}" height="${n1(2 * mark)}" fill="#ffffff" stroke="${s.colour}" stroke-width="${n1(mark / 2)}"/>`,
        );
      }
    }
    const formatParams = { date: { month: 'short', day: 'numeric', timeZone: opts.timeZone ?? 'UTC' } };
    out.push(
      ...lines(
        left - 8,
        scoreY,
        wrap(t('progress:chart.axis_score'), left - 16, small),
        small,
        'text-anchor="end" fill="#333333"',
      ),
    );
    for (const i of ticks(xs, 58)) {
      const date = new Date(history[i]!.at);
      if (!Number.isNaN(date.getTime()))
        add(
          text(
            xs[i]!,
            bottom + 20,
            t('progress:chart.date', { date, formatParams }),
            `font-size="${small}" text-anchor="middle"`,
          ),
        );
      add(
        text(
          xs[i]!,
          scoreY + 5,
          String(history[i]!.score),
          `data-score="true" font-size="${small + 1}" font-weight="bold" text-anchor="middle"`,
        ),
      );
    }
  }
  captionLines.forEach((line, i) =>
    add(text(12, H - 12 - 17 * (captionLines.length - 1 - i), line, `font-size="${small}" fill="#333333"`)),
  );

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="progress-title progress-desc" font-family="${FONT_STACK}">`,
    `<title id="progress-title">${escapeXml(t('progress:chart.title'))}</title>`,
    `<desc id="progress-desc">${escapeXml(t('progress:chart.description'))}</desc>`,
    '<defs><marker id="progress-arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0 L10 5 L0 10 Z" fill="#555555"/></marker></defs>',
    ...out,
    '</svg>',
  ].join('\n');
}

function resvgOptions(svg: string, opts: ProgressPngOptions): ResvgRenderOptions {
  const own = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1];
  return {
    fitTo: { mode: 'width', value: Math.round(opts.width ?? PNG_SCALE * (own ? Number(own) : CHART_WIDTH)) },
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
  const Resvg = resvg();
  return new Resvg(svg, resvgOptions(svg, opts)).render().asPng();
}
