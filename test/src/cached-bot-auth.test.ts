import { CloudAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { CachedBotFrameworkAuthentication } from '../../src/bot/cached-bot-auth.js';

/** The claims botbuilder builds for a proactive message from `appId` (what the reminders use). */
class Claims extends CloudAdapter {
  of(appId: string): ReturnType<CloudAdapter['createClaimsIdentity']> {
    return this.createClaimsIdentity(appId);
  }
}

/** A field of a botbuilder client that its type does not show (its credentials, its address). */
function field(obj: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((o, key) => (typeof o === 'object' && o !== null ? Reflect.get(o, key) : undefined), obj);
}

const LOCAL = { MicrosoftAppId: '', MicrosoftAppPassword: '' };
const activity = {
  type: 'message',
  channelId: 'webchat',
  serviceUrl: 'http://127.0.0.1:1',
  conversation: { id: 'c' },
} as Activity;

describe('CachedBotFrameworkAuthentication', () => {
  it('gives the same connector and user-token clients to every request with the same app id, service URL and audience', async () => {
    const auth = new CachedBotFrameworkAuthentication(LOCAL);
    const one = await auth.authenticateRequest(activity, '');
    const two = await auth.authenticateRequest(activity, '');
    const client = await one.connectorFactory!.create('http://127.0.0.1:1', one.audience);
    expect(await two.connectorFactory!.create('http://127.0.0.1:1', two.audience)).toBe(client);
    expect(field(client, 'baseUri')).toBe('http://127.0.0.1:1');
    expect(await auth.createUserTokenClient(two.claimsIdentity)).toBe(
      await auth.createUserTokenClient(one.claimsIdentity),
    );
  });

  it('gives another service URL or another audience its own client', async () => {
    const auth = new CachedBotFrameworkAuthentication(LOCAL);
    const { connectorFactory } = await auth.authenticateRequest(activity, '');
    const a = await connectorFactory!.create('http://127.0.0.1:1');
    const b = await connectorFactory!.create('http://127.0.0.1:2');
    const c = await connectorFactory!.create('http://127.0.0.1:1', 'https://api.botframework.com');
    expect(new Set([a, b, c]).size).toBe(3);
    expect(field(b, 'baseUri')).toBe('http://127.0.0.1:2');
  });

  it('gives each app id its own clients, also for the same service URL', async () => {
    const auth = new CachedBotFrameworkAuthentication(LOCAL);
    const claims = new Claims(auth);
    const a = await auth.createConnectorFactory(claims.of('app-a')).create('http://127.0.0.1:1');
    const b = await auth.createConnectorFactory(claims.of('app-b')).create('http://127.0.0.1:1');
    expect(b).not.toBe(a);
    expect(await auth.createConnectorFactory(claims.of('app-b')).create('http://127.0.0.1:1')).toBe(b);
    const tokensA = await auth.createUserTokenClient(claims.of('app-a'));
    const tokensB = await auth.createUserTokenClient(claims.of('app-b'));
    expect(tokensB).not.toBe(tokensA);
    expect([field(tokensA, 'appId'), field(tokensB, 'appId')]).toEqual(['app-a', 'app-b']);
    expect(await auth.createUserTokenClient(claims.of('app-b'))).toBe(tokensB);
  });

  it('never hands a cached client to an app id it holds no credentials for, and keeps no failed creation', async () => {
    const auth = new CachedBotFrameworkAuthentication({ MicrosoftAppId: 'app-a', MicrosoftAppPassword: 'secret-a' });
    const claims = new Claims(auth);
    const a = await auth.createConnectorFactory(claims.of('app-a')).create('http://127.0.0.1:1');
    expect(field(a, 'credentials', 'appId')).toBe('app-a');
    await expect(auth.createConnectorFactory(claims.of('app-b')).create('http://127.0.0.1:1')).rejects.toThrow(
      'Invalid appId',
    );
    await expect(auth.createConnectorFactory(claims.of('app-b')).create('http://127.0.0.1:1')).rejects.toThrow(
      'Invalid appId',
    );
    expect(await auth.createConnectorFactory(claims.of('app-a')).create('http://127.0.0.1:1')).toBe(a);
  });

  it('keeps at most maxClients clients, dropping the least recently used', async () => {
    const auth = new CachedBotFrameworkAuthentication(LOCAL, { maxClients: 2 });
    const { connectorFactory: factory } = await auth.authenticateRequest(activity, '');
    const get = (port: number) => factory!.create(`http://127.0.0.1:${port}`);
    const one = await get(1);
    const two = await get(2);
    expect(await get(1)).toBe(one); // 1 is now the most recently used
    const three = await get(3); // evicts 2
    expect(await get(1)).toBe(one);
    expect(await get(3)).toBe(three);
    expect(await get(2)).not.toBe(two); // rebuilt, which evicts 1
    expect(await get(1)).not.toBe(one);
  });

  it('still refuses a request whose token is not valid, as botbuilder does', async () => {
    const auth = new CachedBotFrameworkAuthentication({ MicrosoftAppId: 'app-a', MicrosoftAppPassword: 'secret-a' });
    await expect(auth.authenticateRequest(activity, '')).rejects.toMatchObject({ statusCode: 401 });
    await expect(auth.authenticateRequest(activity, 'Bearer not-a-jwt')).rejects.toMatchObject({ statusCode: 401 });
  });
});
