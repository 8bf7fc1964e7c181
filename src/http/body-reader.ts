import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Next, Request, Response } from 'restify';
import { DEFAULT_JSON_BOUNDS, jsonBoundsProblem, type JsonBounds } from './json-bounds.js';

/** Options of {@link createBodyReader}. */
export interface BodyReaderOptions {
  /** Largest body accepted, counted after decompression (413 beyond it). */
  maxBytes: number;
  /** Bounds every JSON body keeps (400 beyond them). */
  json?: JsonBounds;
  /** Time the whole body may take to arrive (408 beyond it): a slow client can't hold a socket. */
  timeoutMs: number;
}

type Inflate = (buf: Buffer, options: zlib.ZlibOptions | zlib.BrotliOptions) => Promise<Buffer>;

/** The encodings a client may compress a body with; anything else gets 415. */
const DECODERS: Record<string, Inflate> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

/** Why a body was refused: an HTTP status and a short reason (never the body itself). */
class BodyRefusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'BodyRefusal';
  }
}

function header(req: Request, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().toLowerCase();
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Reads the raw bytes, refusing as soon as they pass `maxBytes`. */
function readRaw(req: Request, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (refusal: BodyRefusal) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.pause();
      reject(refusal);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop(new BodyRefusal(413, `body larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const timer = setTimeout(
      () => stop(new BodyRefusal(408, `the body took longer than ${timeoutMs} ms to arrive`)),
      timeoutMs,
    );
    timer.unref();
    req.on('data', onData);
    req.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks, size));
    });
    req.once('error', () => stop(new BodyRefusal(400, 'the body could not be read')));
  });
}

async function decompress(raw: Buffer, encoding: string, maxBytes: number): Promise<Buffer> {
  if (encoding === '' || encoding === 'identity') return raw;
  const decode = DECODERS[encoding];
  if (!decode) throw new BodyRefusal(415, `unsupported Content-Encoding (use gzip, deflate, br or none)`);
  try {
    // maxOutputLength bounds the work too: a small bomb stops once it has produced maxBytes.
    return await decode(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BodyRefusal(413, `body larger than ${maxBytes} bytes once decompressed`);
    throw new BodyRefusal(400, `the body does not decompress as ${encoding}`);
  }
}

/** One decoder for every body: without `stream`, each `decode` starts afresh. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function parse(bytes: Buffer, contentType: string, bounds: JsonBounds): unknown {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new BodyRefusal(400, 'the body is not valid UTF-8');
  }
  const mediaType = contentType.split(';')[0]!.trim();
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BodyRefusal(400, 'the body is not valid JSON');
  }
  const problem = jsonBoundsProblem(value, bounds);
  if (problem) throw new BodyRefusal(400, problem);
  return value;
}

/**
 * A restify `pre` handler that reads every request's body before any route sees it: the size
 * limit applies to the decompressed bytes (413), a body that does not decompress or parse gets
 * 400, an unknown `Content-Encoding` 415. JSON bodies become `req.body` as values (within
 * {@link JsonBounds}); other bodies as text. No body can throw out of here or hold the process.
 */
export function createBodyReader(opts: BodyReaderOptions): (req: Request, res: Response, next: Next) => void {
  const bounds = opts.json ?? DEFAULT_JSON_BOUNDS;
  const refuse = (req: Request, res: Response, next: Next, refusal: BodyRefusal) => {
    // The rest of an oversized body is never read: the connection closes after this answer.
    res.header('connection', 'close');
    res.once('finish', () => req.destroy());
    res.send(refusal.status, { error: 'invalid body', reason: refusal.reason });
    next(false);
  };
  return (req, res, next) => {
    if (!hasBody(req)) {
      next();
      return;
    }
    const encoding = header(req, 'content-encoding');
    if (encoding && encoding !== 'identity' && !DECODERS[encoding]) {
      refuse(req, res, next, new BodyRefusal(415, 'unsupported Content-Encoding (use gzip, deflate, br or none)'));
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > opts.maxBytes) {
      refuse(req, res, next, new BodyRefusal(413, `body larger than ${opts.maxBytes} bytes`));
      return;
    }
    readRaw(req, opts.maxBytes, opts.timeoutMs)
      .then((raw) => decompress(raw, encoding, opts.maxBytes))
      .then((bytes) => (bytes.length ? parse(bytes, header(req, 'content-type'), bounds) : undefined))
      .then(
        (body) => {
          if (body !== undefined) req.body = body;
          next();
        },
        (err: unknown) =>
          refuse(req, res, next, err instanceof BodyRefusal ? err : new BodyRefusal(400, 'the body could not be read')),
      )
      // Only a route's own synchronous throw lands here; it must not become an unhandled rejection.
      .catch(() => {
        if (!res.headersSent) res.send(500, { error: 'internal error' });
      });
  };
}
