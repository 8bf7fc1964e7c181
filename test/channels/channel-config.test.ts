import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    return (e as ConfigError).problems;
  }
};

describe('channel configuration', () => {
  it('defaults to same-origin web chat, 30-minute tokens, 10 tokens a minute, no proxy and no SMS', () => {
    expect(loadConfig({})).toMatchObject({
      WEBCHAT_ALLOWED_ORIGINS: [],
      WEBCHAT_TOKEN_TTL_SECONDS: 1800,
      WEBCHAT_TOKEN_RATE_LIMIT: 10,
      TRUST_PROXY: false,
    });
    expect(loadConfig({}).TWILIO_AUTH_TOKEN).toBeUndefined();
    expect(loadConfig({}).DIRECTLINE_TOKEN_SECRET).toBeUndefined();
  });

  it('reads a comma-separated list of origins, normalised', () => {
    expect(
      loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'https://Clinic.example/, http://localhost:8080' }).WEBCHAT_ALLOWED_ORIGINS,
    ).toEqual(['https://clinic.example', 'http://localhost:8080']);
  });

  it('lists every channel problem at once, with the others', () => {
    const problems = problemsOf({
      WEBCHAT_ALLOWED_ORIGINS: 'https://ok.example, clinic.example, https://x.example/page',
      DIRECTLINE_TOKEN_SECRET: 'short',
      WEBCHAT_TOKEN_TTL_SECONDS: '60',
      WEBCHAT_TOKEN_RATE_LIMIT: '0',
      TRUST_PROXY: 'yes',
      PUBLIC_URL: 'ftp://bot.example',
      PORT: 'abc',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'DIRECTLINE_TOKEN_SECRET',
        'PORT',
        'PUBLIC_URL',
        'TRUST_PROXY',
        'WEBCHAT_ALLOWED_ORIGINS',
        'WEBCHAT_TOKEN_RATE_LIMIT',
        'WEBCHAT_TOKEN_TTL_SECONDS',
      ].sort(),
    );
    const origins = problems.find((p) => p.startsWith('WEBCHAT_ALLOWED_ORIGINS'))!;
    expect(origins).toContain('clinic.example');
    expect(origins).toContain('https://x.example/page');
    expect(origins).not.toContain('https://ok.example');
  });
});
