import { describe, expect, it } from 'vitest';
import { ConfigError, isLocalMode, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3978, DATA_DIR: './data', MicrosoftAppType: 'MultiTenant', TURN_CONCURRENCY: 12 });
    expect(isLocalMode(c)).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', MicrosoftAppId: '' }).PORT).toBe(3978);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '99999', MicrosoftAppId: 'abc', MicrosoftAppType: 'SingleTenant', LOG_LEVEL: 'loud', DATABASE_URL: 'not a url', TURN_CONCURRENCY: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(fields.sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'PORT', 'TURN_CONCURRENCY'].sort());
  });

  it('takes a PostgreSQL URL with its pool size and statement timeout, and defaults them', () => {
    expect(loadConfig({})).toMatchObject({ DATABASE_POOL_SIZE: 10, DATABASE_STATEMENT_TIMEOUT_MS: 5000 });
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    const url = 'postgres://bot:secret@db.example:5432/bot?sslmode=verify-full';
    expect(loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '4', DATABASE_STATEMENT_TIMEOUT_MS: '2000' })).toMatchObject({
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: 4,
      DATABASE_STATEMENT_TIMEOUT_MS: 2000,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://bot@localhost/bot' }).DATABASE_URL).toBe('postgresql://bot@localhost/bot');
  });

  it('refuses a database URL of another scheme or with an unknown sslmode without quoting its password', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return (e as ConfigError).problems;
      }
      return [];
    };
    const http = problems({ DATABASE_URL: 'mysql://bot:hunter2-secret@db/bot' });
    expect(http).toEqual([expect.stringMatching(/^DATABASE_URL: must start with postgres:\/\//)]);
    const ssl = problems({ DATABASE_URL: 'postgres://bot:hunter2-secret@db/bot?sslmode=sometimes' });
    expect(ssl).toEqual([expect.stringMatching(/^DATABASE_URL: sslmode must be one of/)]);
    expect(problems({ DATABASE_POOL_SIZE: '0', DATABASE_STATEMENT_TIMEOUT_MS: '10' }).map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_POOL_SIZE',
      'DATABASE_STATEMENT_TIMEOUT_MS',
    ]);
    expect([...http, ...ssl].join('\n')).not.toContain('hunter2');
  });

  it('leaves local mode when an app id and password are set', () => {
    expect(isLocalMode(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'secret' }))).toBe(false);
  });
});
