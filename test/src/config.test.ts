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

  it('leaves local mode when an app id and password are set', () => {
    expect(isLocalMode(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'secret' }))).toBe(false);
  });
});
