import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { format, localeFor, pickLanguage, STRINGS } from '../../public/strings.js';
import { startTestBot, type TestBot } from '../helpers/http-bot.js';
import { call, newToken } from './support/directline-client.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({ env: { WEBCHAT_ALLOWED_ORIGINS: 'https://clinic.example' } });
});
afterAll(() => bot.dispose());

describe('the demo clinic page', () => {
  it("is served with a strict Content-Security-Policy and loads only this server's files, Web Chat included (no CDN)", async () => {
    const res = await fetch(`${bot.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https://clinic.example");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toContain('/webchat/webchat.js');
    for (const src of assets) {
      expect(src).toMatch(/^\/[^/]/);
      expect((await fetch(`${bot.url}${src}`)).status, src).toBe(200);
    }
  });

  it('may be framed only by itself and the clinic origins, denies powerful features, and keeps its other CSP directives', async () => {
    const res = await fetch(`${bot.url}/`);
    const csp = res.headers
      .get('content-security-policy')!
      .split(';')
      .map((d) => d.trim());
    expect(csp).toContain("frame-ancestors 'self' https://clinic.example");
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ])
      expect(csp).toContain(directive);
    expect(csp.find((d) => d.startsWith('connect-src'))).toMatch(/^connect-src 'self' ws:\/\/127\.0\.0\.1:\d+$/);
    const policy = res.headers
      .get('permissions-policy')!
      .split(',')
      .map((p) => p.trim());
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'display-capture', 'serial', 'hid'])
      expect(policy).toContain(`${feature}=()`);
    expect(policy.every((p) => /^[a-z-]+=\(\)$/.test(p))).toBe(true);
    // Exactly one value each, even though the server sets nosniff on every response too.
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('recognises a returning visitor by the signed id the page keeps, and no one by a forged or missing one (CONTRACT §2)', async () => {
    type Issued = { token: string; userId: string; visitor: string };
    const issue = async (body?: unknown) =>
      (
        await call<Issued>(`${bot.url}/api/webchat/token`, {
          method: 'POST',
          ...(body !== undefined && { body: JSON.stringify(body) }),
        })
      ).body;
    const first = await issue();
    expect(first.visitor.startsWith(`${first.userId}.`)).toBe(true);
    const again = await issue({ visitor: first.visitor });
    expect(again.userId).toBe(first.userId);
    expect(again.token).not.toBe(first.token);
    const forged = `${first.userId}.${'A'.repeat(first.visitor.length - first.userId.length - 1)}`;
    for (const body of [{ visitor: forged }, { visitor: 'dl_someone-else.x' }, { visitor: 42 }, {}])
      expect((await issue(body)).userId).not.toBe(first.userId);
    // The visitor is signed by this server: another one's id is a stranger here.
    const other = await startTestBot();
    try {
      const elsewhere = (
        await call<Issued>(`${other.url}/api/webchat/token`, {
          method: 'POST',
          body: JSON.stringify({ visitor: first.visitor }),
        })
      ).body;
      expect(elsewhere.userId).not.toBe(first.userId);
    } finally {
      await other.dispose();
    }
  });

  it('sends no-store, nosniff, no-referrer and a deny-all CSP with every token and Direct Line answer, refusals included', async () => {
    const { token } = await newToken(bot.url);
    const answers = {
      token: await call(`${bot.url}/api/webchat/token`, { method: 'POST' }),
      start: await call(`${bot.url}/v3/directline/conversations`, { method: 'POST', token }),
      unauthorized: await call(`${bot.url}/v3/directline/conversations`, { method: 'POST' }),
      foreignOrigin: await call(`${bot.url}/api/webchat/token`, {
        method: 'POST',
        headers: { origin: 'https://evil.example' },
      }),
      preflight: await call(`${bot.url}/v3/directline/conversations`, {
        method: 'OPTIONS',
        headers: { origin: 'https://clinic.example', 'access-control-request-method': 'POST' },
      }),
    };
    expect(Object.values(answers).map((a) => a.status)).toEqual([200, 201, 401, 403, 204]);
    for (const [name, { headers }] of Object.entries(answers)) {
      expect(headers.get('cache-control'), name).toBe('no-store');
      expect(headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(headers.get('referrer-policy'), name).toBe('no-referrer');
      expect(headers.get('content-security-policy'), name).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it("serves Web Chat's bundle gzipped and cacheable, and answers 304 to a matching ETag", async () => {
    const res = await fetch(`${bot.url}/webchat/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age/);
    expect((await res.text()).length).toBeGreaterThan(1_000_000);
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${bot.url}/webchat/webchat.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // fetch would undo the gzip; read the bytes as they come.
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      http
        .get(`${bot.url}/app.js`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString('utf8')).toContain('createDirectLine');
  });

  it('answers 404 for files that are not part of the page', async () => {
    for (const path of ['/package.json', '/public/app.js', '/webchat/../package.json', '/strings.d.ts'])
      expect((await fetch(`${bot.url}${path}`)).status, path).toBe(404);
  });

  it('has every page word in English and Spanish, and picks the language and locale from the browser', () => {
    expect(Object.keys(STRINGS.es).sort()).toEqual(Object.keys(STRINGS.en).sort());
    for (const [k, v] of Object.entries(STRINGS.es)) expect(v.trim(), k).not.toBe('');
    expect(pickLanguage(null, ['es-MX', 'en'])).toBe('es');
    expect(pickLanguage('en', ['es-MX'])).toBe('en');
    expect(pickLanguage('fr', ['de-DE'])).toBe('en');
    expect(localeFor('en', ['es-MX', 'en-GB'])).toBe('en-GB');
    expect(localeFor('es', ['en-GB'])).toBe('es');
    expect(format(STRINGS.en.call!, { number: '999' })).toContain('999');
  });
});
