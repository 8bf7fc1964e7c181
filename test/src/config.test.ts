import { describe, expect, it } from 'vitest';
import { ConfigError, isLocalMode, loadConfig } from '../../src/config.js';

const TOKEN_SECRET = 'directline-token-secret-0123456789abcdef';

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
      loadConfig({
        PORT: '99999',
        MicrosoftAppId: 'abc',
        MicrosoftAppType: 'SingleTenant',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'not a url',
        TURN_CONCURRENCY: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(fields.sort()).toEqual(
      [
        'DATABASE_URL',
        'DIRECTLINE_TOKEN_SECRET',
        'LOG_LEVEL',
        'MicrosoftAppPassword',
        'MicrosoftAppTenantId',
        'PORT',
        'TURN_CONCURRENCY',
      ].sort(),
    );
  });

  it('takes a PostgreSQL URL with its pool size and statement timeout, and defaults them', () => {
    expect(loadConfig({})).toMatchObject({ DATABASE_POOL_SIZE: 10, DATABASE_STATEMENT_TIMEOUT_MS: 5000 });
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    const url = 'postgres://bot:secret@db.example:5432/bot?sslmode=verify-full';
    expect(
      loadConfig({
        DATABASE_URL: url,
        DATABASE_POOL_SIZE: '4',
        DATABASE_STATEMENT_TIMEOUT_MS: '2000',
        DIRECTLINE_TOKEN_SECRET: TOKEN_SECRET,
      }),
    ).toMatchObject({
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: 4,
      DATABASE_STATEMENT_TIMEOUT_MS: 2000,
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgresql://bot@localhost/bot', DIRECTLINE_TOKEN_SECRET: TOKEN_SECRET })
        .DATABASE_URL,
    ).toBe('postgresql://bot@localhost/bot');
  });

  it('requires DIRECTLINE_TOKEN_SECRET with DATABASE_URL: every instance must check the tokens another issued', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    const url = 'postgres://bot:hunter2-secret@db.example/bot';
    const missing = problems({ DATABASE_URL: url });
    expect(missing).toEqual([
      expect.stringMatching(
        /^DIRECTLINE_TOKEN_SECRET: required when DATABASE_URL is set \(every instance must sign and check/,
      ),
    ]);
    expect(missing.join('\n')).not.toContain('hunter2');
    // Listed with the other problems, and once: a secret that is set but too short is that problem only.
    expect(
      problems({ DATABASE_URL: url, PORT: 'x' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['DIRECTLINE_TOKEN_SECRET', 'PORT']);
    expect(problems({ DATABASE_URL: url, DIRECTLINE_TOKEN_SECRET: 'short' })).toEqual([
      expect.stringMatching(/^DIRECTLINE_TOKEN_SECRET: must be at least 32 characters/),
    ]);
    expect(problems({ DATABASE_URL: url, DIRECTLINE_TOKEN_SECRET: TOKEN_SECRET })).toEqual([]);
    // One instance without a database keeps its per-process key.
    expect(problems({})).toEqual([]);
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
    const http = problems({ DATABASE_URL: 'mysql://bot:hunter2-secret@db/bot', DIRECTLINE_TOKEN_SECRET: TOKEN_SECRET });
    expect(http).toEqual([expect.stringMatching(/^DATABASE_URL: must start with postgres:\/\//)]);
    const ssl = problems({
      DATABASE_URL: 'postgres://bot:hunter2-secret@db/bot?sslmode=sometimes',
      DIRECTLINE_TOKEN_SECRET: TOKEN_SECRET,
    });
    expect(ssl).toEqual([expect.stringMatching(/^DATABASE_URL: sslmode must be one of/)]);
    expect(
      problems({ DATABASE_POOL_SIZE: '0', DATABASE_STATEMENT_TIMEOUT_MS: '10' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['DATABASE_POOL_SIZE', 'DATABASE_STATEMENT_TIMEOUT_MS']);
    expect([...http, ...ssl].join('\n')).not.toContain('hunter2');
  });

  it('leaves local mode when an app id and password are set', () => {
    expect(isLocalMode(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'secret' }))).toBe(false);
  });
});
