import { createHash, createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import restify, { type Request, type Response } from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import { activityRawValues, createHashId, createLogger, restifyLogger, scopedLogger } from '../../src/logger.js';

const KEY = 'a-log-hash-key-of-at-least-32-characters';

/** A logger at `level` whose lines are kept, parsed. */
function captured(level = 'trace') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, text: () => raw.join('\n'), logger: createLogger(level, sink) };
}

describe('createHashId', () => {
  it('gives the same 16 hex digits for an id under one key', () => {
    const { logger } = captured();
    const a = createHashId({ key: KEY, logger });
    const b = createHashId({ key: KEY, logger });
    expect(a('webchat:conv-1')).toMatch(/^[0-9a-f]{16}$/);
    expect(a('webchat:conv-1')).toBe(b('webchat:conv-1'));
    expect(a('webchat:conv-1')).not.toBe(a('webchat:conv-2'));
  });

  it('is HMAC-SHA256 with the key, not a plain SHA-256 of the id', () => {
    const { logger } = captured();
    const hashId = createHashId({ key: KEY, logger });
    const id = 'sms:+447700900123';
    expect(hashId(id)).toBe(createHmac('sha256', KEY).update(id).digest('hex').slice(0, 16));
    expect(hashId(id)).not.toBe(createHash('sha256').update(id).digest('hex').slice(0, 16));
  });

  it('differs across keys', () => {
    const { logger } = captured();
    const other = createHashId({ key: `${KEY}-rotated`, logger });
    expect(createHashId({ key: KEY, logger })('webchat:conv-1')).not.toBe(other('webchat:conv-1'));
  });

  it('uses a random key of its own and warns, without the key, when none is configured', () => {
    const { logger, lines, text } = captured();
    const first = createHashId({ key: undefined, logger });
    const second = createHashId({ key: undefined, logger });
    expect(first('webchat:conv-1')).not.toBe(second('webchat:conv-1'));
    expect(lines.filter((l) => l.level === 40 && String(l.msg).includes('LOG_HASH_KEY'))).toHaveLength(2);
    expect(text()).not.toMatch(/[0-9a-f]{32}|[A-Za-z0-9+/=]{40}/);
  });

  it('logs no warning when a key is configured', () => {
    const { logger, lines } = captured();
    createHashId({ key: KEY, logger });
    expect(lines).toEqual([]);
  });
});

describe('createLogger', () => {
  it('keeps of an error its name, code, status and a message without URLs paths, quoted input or digit runs', () => {
    const { logger, lines, text } = captured();
    const err = Object.assign(
      new Error(
        'request to https://connector.example/v3/conversations/convQuietly/activities failed for +44 7700 900123',
      ),
      { code: 'ECONNRESET', statusCode: 502 },
    );
    logger.error({ err }, 'send failed');
    logger.error(
      { err: new SyntaxError('Unexpected token \'x\', "{"text":"my back hurts" x}" is not valid JSON') },
      'parse failed',
    );
    expect(lines[0]!.err).toEqual({
      name: 'Error',
      code: 'ECONNRESET',
      statusCode: 502,
      message: 'request to https://connector.example/… failed for #',
    });
    expect(lines[1]!.err).toEqual({ name: 'SyntaxError', message: 'Unexpected token …' });
    expect(text()).not.toMatch(/convQuietly|7700|back hurts|at .*\.ts/);
  });

  it('keeps no message of an HTTP client error: it is what the remote service answered', () => {
    const { logger, lines } = captured();
    const restError = Object.assign(new Error('conversation quietconv not found'), {
      name: 'RestError',
      code: 'BadArgument',
      statusCode: 400,
      request: {},
      response: {},
    });
    logger.warn({ err: restError }, 'reminder not delivered');
    expect(lines[0]!.err).toEqual({ name: 'RestError', code: 'BadArgument', statusCode: 400 });
  });

  it('censors fields that could carry a message or a raw id, at the top and one level down', () => {
    const { logger, text } = captured();
    logger.info(
      {
        text: 'sciatica down my leg',
        activity: { from: { id: 'userPlain' } },
        payload: {
          body: 'bodyPlain',
          conversation: { id: 'convPlain' },
          headers: { authorization: 'Bearer tokenPlain' },
        },
      },
      'x',
    );
    expect(text()).toContain('[redacted]');
    expect(text()).not.toMatch(/sciatica|userPlain|bodyPlain|convPlain|tokenPlain/);
  });

  it('logs a request path with its ids replaced', () => {
    const { logger, lines } = captured();
    logger.error(
      { path: '/v3/directline/conversations/Q2x_Jk9aT0bLmN3pRs4uVw/activities?t=secretToken' },
      'request failed',
    );
    expect(lines[0]!.path).toBe('/v3/directline/conversations/:id/activities');
  });
});

describe('scopedLogger', () => {
  it('masks the raw values it was given wherever an error message quotes them, and binds the hashed ids', () => {
    const { logger, lines, text } = captured();
    const activity = {
      id: 'activityplain',
      text: 'numbness in the saddle',
      conversation: { id: 'conversationplain' },
      from: { id: 'patientplain' },
      recipient: { id: 'bot' },
    };
    const log = scopedLogger(logger, { conv: 'c0ffee' }, activityRawValues(activity));
    log.error(
      { err: new Error('cannot save conversationplain for patientplain after activityplain: numbness in the saddle') },
      'turn failed',
    );
    expect(lines[0]).toMatchObject({ conv: 'c0ffee', err: { message: 'cannot save … for … after …: …' } });
    expect(text()).not.toMatch(/plain|numbness/);
  });
});

describe('restifyLogger', () => {
  let server: restify.Server | undefined;
  afterEach(() => server?.close());

  it("carries restify's own warnings (formatter error, discarded value) without the request, its body or the value", async () => {
    const { logger, lines, text } = captured('trace');
    server = restify.createServer({ log: restifyLogger(logger), handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    server.post('/items/:id', async (_req: Request, res: Response) => {
      // A string body with no Content-Type and an Accept nothing can meet: restify's "formatter" warning.
      res.send(200, 'a reply quoting formatterCanaryReply');
      return 'returnedCanaryValue';
    });
    await new Promise<void>((resolve) => {
      server!.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address();
    const res = await fetch(`http://127.0.0.1:${port}/items/pathCanaryId?q=queryCanary`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'image/png', 'x-user': 'headerCanary' },
      body: JSON.stringify({ text: 'bodyCanaryText', from: { id: 'bodyCanaryUser' } }),
    });
    await res.arrayBuffer();
    const restifyLines = lines.filter((l) => l.component === 'restify');
    expect(restifyLines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['error retrieving formatter', 'Discarded returned value from async handler']),
    );
    expect(restifyLines.find((l) => l.msg === 'error retrieving formatter')).toMatchObject({
      level: 40,
      req: { method: 'POST', route: '/items/:id' },
    });
    expect(text()).not.toMatch(/Canary/);
    // restify's bunyan-style `log.trace()` probes would be empty lines.
    expect(lines.every((l) => typeof l.msg === 'string')).toBe(true);
  });
});
