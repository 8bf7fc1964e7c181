import { z } from 'zod';

/** A comma-separated list of web origins ("https://clinic.example"), each without a path. */
const originList = z.string().transform((value, ctx) => {
  const parse = (o: string) => {
    try {
      const u = new URL(o);
      return /^https?:$/.test(u.protocol) && u.pathname === '/' && !u.search && !u.hash && !u.username
        ? u.origin
        : undefined;
    } catch {
      return undefined;
    }
  };
  const entries = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const bad = entries.filter((o) => !parse(o));
  if (bad.length)
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not an origin (scheme://host[:port]): ${bad.join(', ')}` });
  return entries.map(parse).filter((o): o is string => !!o);
});

/** sslmode values of a PostgreSQL URL (libpq's, and node-postgres' `no-verify`). */
const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/**
 * A PostgreSQL connection URL. Problems are described without quoting the value: it holds a password.
 */
const databaseUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not a URL (postgres://user:password@host:5432/database)' });
      return;
    }
    if (!/^postgres(ql)?:$/.test(url.protocol))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must start with postgres:// or postgresql://' });
    const sslmode = url.searchParams.get('sslmode');
    if (sslmode !== null && !SSL_MODES.includes(sslmode))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `sslmode must be one of ${SSL_MODES.join(', ')}` });
  });

/**
 * Turns processed at once by default; more wait their turn (see limiter.ts). A turn spends part of
 * its time waiting for its LMDB commit, so a few more turns than cores keep the CPU busy; beyond
 * that, more turns in flight only raise the CPU cost per turn. Measured per limit with
 * `npm run bench -- --limits …` (bench/RESULTS.md, "Turn concurrency").
 */
export const DEFAULT_TURN_CONCURRENCY = 12;

/**
 * How long the data of an idle user is kept by default: a year covers a course of treatment and
 * its follow-up; the consent text says so (locales, `retention`).
 */
export const DEFAULT_RETENTION_DAYS = 365;

/** Environment variables the bot reads (CONTRACT §1). */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: databaseUrl.optional(),
  // Connections per instance; the database's max_connections must cover every instance's pool.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // A statement running longer is cancelled: the turn fails (the patient gets the fallback) rather than hangs.
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  TURN_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(DEFAULT_TURN_CONCURRENCY),
  REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MicrosoftAppId: z.string().trim().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().trim().optional(),
  PUBLIC_URL: z
    .string()
    .trim()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  WEBCHAT_ALLOWED_ORIGINS: originList.default(''),
  DIRECTLINE_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters (it is an HMAC-SHA256 key)').optional(),
  // directline.js refreshes its token every 15 minutes, so a shorter life would cut conversations off.
  WEBCHAT_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(960, 'must be at least 960 (Web Chat refreshes its token every 15 minutes)')
    .max(86400)
    .default(1800),
  WEBCHAT_TOKEN_RATE_LIMIT: z.coerce.number().int().min(1).max(10000).default(10),
  TWILIO_AUTH_TOKEN: z.string().trim().min(1).optional(),
  // With TWILIO_AUTH_TOKEN, sends reminders to users of the built-in SMS webhook (Twilio's Messages API).
  TWILIO_ACCOUNT_SID: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be an Account SID (AC followed by 32 hex digits)')
    .optional(),
  TWILIO_FROM: z
    .string()
    .trim()
    .regex(
      /^(\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32})$/,
      'must be a number in E.164 form (+14155550100) or a Messaging Service SID (MG…)',
    )
    .optional(),
  // Named in the answer to the SMS keyword HELP.
  CLINIC_NAME: z.string().trim().min(1).max(80).optional(),
  CLINIC_PHONE: z
    .string()
    .trim()
    .regex(/^[+(0-9][0-9 ()./-]{2,30}$/, 'must be a phone number (digits, spaces, + ( ) . / -)')
    .optional(),
  // HMAC-SHA256 key of the ids in log lines; unset, a random key of this process (with a warning).
  LOG_HASH_KEY: z.string().min(32, 'must be at least 32 characters (it is an HMAC-SHA256 key)').optional(),
  // Key of the embedded store's encryption at rest; unset, the store is not encrypted (with a warning).
  STORE_ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  // Users idle for longer are deleted by a daily sweep; 0 keeps everything.
  RETENTION_DAYS: z.coerce.number().int().min(0).max(36500).default(DEFAULT_RETENTION_DAYS),
  // On SIGTERM, how long turns in flight may take before sockets are closed.
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
});

/** Rules across variables, checked even when single values are already wrong, so every problem is listed. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const type = env.MicrosoftAppType ?? 'MultiTenant';
  if (env.MicrosoftAppId && type !== 'UserAssignedMSI' && !env.MicrosoftAppPassword)
    problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set');
  if (!env.MicrosoftAppId && env.MicrosoftAppPassword)
    problems.push('MicrosoftAppId: required when MicrosoftAppPassword is set');
  if (type !== 'MultiTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId)
    problems.push(`MicrosoftAppTenantId: required when MicrosoftAppType is ${type}`);
  if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_FROM)
    problems.push('TWILIO_FROM: required when TWILIO_ACCOUNT_SID is set (the number SMS reminders come from)');
  if (env.TWILIO_FROM && !env.TWILIO_ACCOUNT_SID) problems.push('TWILIO_ACCOUNT_SID: required when TWILIO_FROM is set');
  if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN)
    problems.push('TWILIO_AUTH_TOKEN: required when TWILIO_ACCOUNT_SID is set');
  if (env.DATABASE_URL && !env.DIRECTLINE_TOKEN_SECRET) {
    problems.push(
      'DIRECTLINE_TOKEN_SECRET: required when DATABASE_URL is set (every instance must sign and check web chat tokens with the same key; at least 32 characters, e.g. `openssl rand -base64 48`)',
    );
  }
  return problems;
}

/** Validated configuration. */
export type Config = z.infer<typeof ConfigSchema>;

/** Thrown when the environment is invalid; `problems` lists every problem at once. */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses config from an env object (process.env in production, a plain object in tests). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable in .env means "not set", not "set to empty".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(cleaned);
  const problems = result.success
    ? []
    : result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const cross = crossChecks(cleaned).filter((p) => !problems.some((q) => q.split(':')[0] === p.split(':')[0]));
  if (!result.success || cross.length) throw new ConfigError([...problems, ...cross]);
  return result.data;
}

/** True when no app id is configured: requests are not authenticated (local development). */
export function isLocalMode(config: Config): boolean {
  return !config.MicrosoftAppId;
}
