import { z } from 'zod';

/** Environment variables the bot reads (CONTRACT §1). */
const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    DATABASE_URL: z.string().trim().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MicrosoftAppId: z.string().trim().optional(),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: z.string().trim().optional(),
  });

/** Rules across variables, checked even when single values are already wrong, so every problem is listed. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const type = env.MicrosoftAppType ?? 'MultiTenant';
  if (env.DATABASE_URL) problems.push('DATABASE_URL: the PostgreSQL store is not in this version yet; unset it to use the embedded store under DATA_DIR');
  if (env.MicrosoftAppId && type !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set');
  if (!env.MicrosoftAppId && env.MicrosoftAppPassword) problems.push('MicrosoftAppId: required when MicrosoftAppPassword is set');
  if (type !== 'MultiTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId) problems.push(`MicrosoftAppTenantId: required when MicrosoftAppType is ${type}`);
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
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const cross = crossChecks(cleaned).filter((p) => !problems.some((q) => q.split(':')[0] === p.split(':')[0]));
  if (!result.success || cross.length) throw new ConfigError([...problems, ...cross]);
  return result.data;
}

/** True when no app id is configured: requests are not authenticated (local development). */
export function isLocalMode(config: Config): boolean {
  return !config.MicrosoftAppId;
}
