import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import { publicBase, type PublicAddressOptions } from './request-info.js';

/** The demo clinic page's files (under public/), by URL path. */
const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/strings.js': { file: 'strings.js', type: 'text/javascript; charset=utf-8' },
  '/styles.css': { file: 'styles.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/** Web Chat's bundle, served from node_modules (no CDN). */
const WEBCHAT_BUNDLE_PATH = '/webchat/webchat.js';

/** The nearest folder at or above `from` that holds a package.json (named `name`, when given). */
function packageRoot(from: string, name?: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (!name || (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name)
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json${name ? ` of ${name}` : ''} above ${from}`);
  }
}

/** The project's public/ folder (this file runs from src/channels or dist/src/channels). */
function publicDir(): string {
  return path.join(packageRoot(path.dirname(fileURLToPath(import.meta.url))), 'public');
}

/**
 * Path of botframework-webchat's browser bundle. The package's `exports` map hides `dist/`, so the
 * package is resolved by its main entry and the bundle found from its root.
 */
function webchatBundleFile(): string {
  const entry = createRequire(import.meta.url).resolve('botframework-webchat');
  return path.join(packageRoot(path.dirname(entry), 'botframework-webchat'), 'dist', 'webchat.js');
}

interface CachedFile {
  body: Buffer;
  gzipped: Promise<Buffer>;
  etag: string;
}

function load(file: string): CachedFile {
  const body = readFileSync(file);
  return { body, gzipped: promisify(gzip)(body), etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/**
 * Powerful features the page does not use, denied to it and to anything it would embed (a
 * compromised script cannot turn on the camera or ask for the location). Only features
 * Chromium knows are listed: an unknown one makes it log a warning on every load.
 */
const DENIED_FEATURES = [
  'accelerometer',
  'autoplay',
  'browsing-topics',
  'camera',
  'clipboard-read',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'gamepad',
  'geolocation',
  'gyroscope',
  'hid',
  'identity-credentials-get',
  'idle-detection',
  'local-fonts',
  'magnetometer',
  'microphone',
  'midi',
  'otp-credentials',
  'payment',
  'picture-in-picture',
  'publickey-credentials-create',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'window-management',
  'xr-spatial-tracking',
];

/** The page's Permissions-Policy header. */
const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ');

/**
 * The page's Content-Security-Policy: only this server's scripts, connections back to it, and
 * framing by this server and the clinic origins of WEBCHAT_ALLOWED_ORIGINS only.
 */
function contentSecurityPolicy(
  req: Request,
  opts: PublicAddressOptions & { allowedOrigins: readonly string[] },
): string {
  const base = publicBase(req, opts);
  const ws = base ? ` ${base.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Web Chat and Adaptive Cards set inline styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    `connect-src 'self'${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self' ${opts.allowedOrigins.join(' ')}`.trim(),
  ].join('; ');
}

/** Serves the demo clinic page at `/` and Web Chat's bundle; files are read once and kept gzipped. */
export function registerWebchatPage(
  server: Server,
  opts: PublicAddressOptions & { allowedOrigins: readonly string[]; dir?: string; bundle?: string },
): void {
  const dir = opts.dir ?? publicDir();
  const cache = new Map<string, CachedFile>();
  const cached = (file: string) => {
    let entry = cache.get(file);
    if (!entry) cache.set(file, (entry = load(file)));
    return entry;
  };

  async function send(req: Request, res: Response, file: string, type: string, cacheControl: string): Promise<void> {
    const entry = cached(file);
    res.header('Content-Type', type);
    res.header('Cache-Control', cacheControl);
    res.header('ETag', entry.etag);
    // setHeader, not restify's header(): set twice, these must stay one value, not become a list.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.header('Vary', 'Accept-Encoding');
    if (type.startsWith('text/html')) {
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(req, opts));
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    }
    if (req.header('if-none-match') === entry.etag) {
      res.sendRaw(304, '');
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- restify types a missing header as string; it is undefined
    if (/\bgzip\b/.test(req.header('accept-encoding') ?? '')) {
      res.header('Content-Encoding', 'gzip');
      res.sendRaw(200, await entry.gzipped);
    } else {
      res.sendRaw(200, entry.body);
    }
  }

  for (const [route, { file, type }] of Object.entries(PAGE_FILES)) {
    server.get(route, async (req: Request, res: Response) => send(req, res, path.join(dir, file), type, 'no-cache'));
  }
  const bundle = opts.bundle ?? webchatBundleFile();
  server.get(WEBCHAT_BUNDLE_PATH, async (req: Request, res: Response) =>
    send(req, res, bundle, 'text/javascript; charset=utf-8', 'public, max-age=86400'),
  );
}
