import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fastAcceptor } from '../../src/http/fast-accept.js';
import {
  checkIncomingActivity,
  IncomingActivitySchema,
  MAX_ID_CHARS,
  MAX_TEXT_CHARS,
} from '../../src/http/activity.schema.js';

const base = {
  type: 'message',
  id: 'm1',
  channelId: 'webchat',
  serviceUrl: 'http://127.0.0.1:1',
  deliveryMode: 'expectReplies',
  locale: 'en-US',
  from: { id: 'user-1', name: 'Ann', role: 'user' },
  recipient: { id: 'bot' },
  conversation: { id: 'conv-1', isGroup: false, tenantId: 't' },
  text: 'hello',
};

/** Values of every JSON kind, and strings at and past the bounds the schema sets. */
const WRONG: unknown[] = [
  undefined,
  null,
  true,
  0,
  1.5,
  '',
  'x',
  'a'.repeat(33),
  'a'.repeat(65),
  'b'.repeat(MAX_ID_CHARS),
  'b'.repeat(MAX_ID_CHARS + 1),
  'c'.repeat(MAX_TEXT_CHARS + 1),
  'ftp://example.com',
  'https://example.com/api',
  'not a url',
  'web chat',
  'expectReplies',
  [],
  [{}],
  [{ type: 'clientInfo' }],
  [{ contentType: 'text/plain' }],
  [{ id: 'a' }],
  Array.from({ length: 33 }, () => ({ type: 't', contentType: 'c', id: 'i' })),
  {},
  { id: 'x' },
  { id: '' },
  { id: 'x', name: 5 },
  { id: 'x', role: 'r'.repeat(33) },
];

const FIELDS = [
  ...Object.keys(IncomingActivitySchema.shape),
  'from.id',
  'from.name',
  'from.aadObjectId',
  'conversation.id',
  'conversation.isGroup',
  'conversation.conversationType',
  'unknownField',
];

function withField(path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) copy[head] = value;
  else copy[head] = { ...(copy[head] as object), [tail]: value };
  return copy;
}

describe('fastAcceptor', () => {
  const accepts = fastAcceptor(IncomingActivitySchema);

  it('compiles the incoming activity schema', () => {
    expect(accepts).toBeTypeOf('function');
  });

  it('agrees with zod on every field of an activity set to values of every kind and length', () => {
    const cases = [base, ...FIELDS.flatMap((field) => WRONG.map((value) => withField(field, value)))];
    for (const body of cases) {
      const zod = IncomingActivitySchema.safeParse(JSON.parse(JSON.stringify(body))).success;
      expect({ body, fast: accepts?.(JSON.parse(JSON.stringify(body))) }).toEqual({ body, fast: zod });
    }
  });

  it('says no to bodies that are not plain objects, leaving them to zod', () => {
    for (const body of [undefined, null, 'x', 1, [base], new Map(), new Date()]) expect(accepts?.(body)).toBe(false);
  });

  it('runs a refinement over the value itself, and reports an issue as a refusal', () => {
    const check = fastAcceptor(z.object({ s: z.string().refine((s) => s.startsWith('a'), 'starts with a') }));
    expect(check?.({ s: 'abc' })).toBe(true);
    expect(check?.({ s: 'bc' })).toBe(false);
  });

  it.each([
    ['an email check', z.string().email()],
    ['strict keys', z.object({ a: z.string() }).strict()],
    ['a catchall', z.object({ a: z.string() }).catchall(z.number())],
    ['a transform', z.string().transform((s) => s.length)],
    ['coercion', z.coerce.string()],
    ['a number', z.number()],
    ['a refinement over an object (zod refines its copy)', z.object({}).refine(() => true)],
  ])('is not built for a schema with %s', (_name, schema) => {
    expect(fastAcceptor(schema)).toBeUndefined();
  });
});

describe('checkIncomingActivity', () => {
  it('gives the same reasons as before for a refused activity', () => {
    expect(checkIncomingActivity(withField('channelId', 'web chat'))).toEqual({
      ok: false,
      reason: 'channelId: letters, digits, dot, dash or underscore',
    });
    expect(checkIncomingActivity(withField('text', 'c'.repeat(MAX_TEXT_CHARS + 1)))).toEqual({
      ok: false,
      reason: `text: longer than ${MAX_TEXT_CHARS} characters`,
    });
  });

  it('takes a valid activity', () => {
    expect(checkIncomingActivity(base)).toEqual({ ok: true });
  });
});
