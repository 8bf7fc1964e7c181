import type { Activity, ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { ConfigurationBotFrameworkAuthentication } from './botbuilder.js';

// botbuilder exports the class but not the connector types it uses; they are taken from its signatures.
type Base = ConfigurationBotFrameworkAuthentication;
type AuthenticateRequestResult = Awaited<ReturnType<Base['authenticateRequest']>>;
type ClaimsIdentity = Parameters<Base['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<Base['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<Base['createUserTokenClient']>>;
type CredentialsFactory = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];

/** How many clients of each kind are kept by default: far more app ids and service URLs than one bot meets. */
const DEFAULT_CLIENT_CACHE_SIZE = 256;

/** The claims botbuilder takes the bot's app id from: the token's audience, else (the Emulator) its appid. */
const AUDIENCE_CLAIM = 'aud';
const APP_ID_CLAIM = 'appid';

/** A map that keeps the `max` most recently used entries. */
class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  getOrCreate(key: string, create: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-inserting moves the key to the end: Map keeps insertion order, so the first key is the oldest.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = create();
    this.entries.set(key, value);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return value;
  }

  /** Drops `key` if it still holds `value` (a newer entry under the key is left alone). */
  deleteIf(key: string, value: V): void {
    if (this.entries.get(key) === value) this.entries.delete(key);
  }
}

function appIdOf(identity: ClaimsIdentity): string | null {
  return identity.getClaimValue(AUDIENCE_CLAIM) ?? identity.getClaimValue(APP_ID_CLAIM);
}

/**
 * Botbuilder's configuration-based authentication, with the outbound clients built once instead
 * of on every request. CloudAdapter asks for a new ConnectorClient and UserTokenClient for each
 * request (two HTTP pipelines, tens of kilobytes), even for expectReplies turns that never call
 * out. Here requests are authenticated by `super` exactly as before; only the clients it would
 * build are kept, in bounded LRU caches: connector clients by app id, service URL and audience
 * (everything a client's credentials and address depend on in one instance), user-token clients
 * by app id. A client is only ever reused for the same app id, so no conversation can send with
 * another app's credentials. A client whose creation failed is not kept.
 */
export class CachedBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors: LruCache<Promise<ConnectorClient>>;
  private readonly userTokenClients: LruCache<Promise<UserTokenClient>>;

  /**
   * @param config Botbuilder's authentication settings (MicrosoftAppId, password, type, tenant).
   * @param options `maxClients`: entries per cache; `credentialsFactory`: as botbuilder's constructor takes it.
   */
  constructor(
    config: ConfigurationBotFrameworkAuthenticationOptions,
    options: { maxClients?: number; credentialsFactory?: CredentialsFactory } = {},
  ) {
    super(config, options.credentialsFactory);
    const max = Math.max(1, options.maxClients ?? DEFAULT_CLIENT_CACHE_SIZE);
    this.connectors = new LruCache(max);
    this.userTokenClients = new LruCache(max);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.cachingFactory(result.claimsIdentity, result.connectorFactory) };
  }

  /** Used for proactive messages (reminders): the same cache as inbound requests. */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.cachingFactory(claimsIdentity, super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = JSON.stringify([appIdOf(claimsIdentity)]);
    return this.cached(this.userTokenClients, key, () => super.createUserTokenClient(claimsIdentity));
  }

  /**
   * `factory` (built by botbuilder for this request alone) made to hand out the cached client for
   * its app id, building and keeping one only when there is none. It stays botbuilder's own
   * object, so anything that checks its class still finds a ConnectorFactory.
   */
  private cachingFactory(claimsIdentity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    const build = factory.create.bind(factory);
    factory.create = (serviceUrl: string, audience?: string) =>
      this.cached(this.connectors, JSON.stringify([appId, serviceUrl, audience ?? null]), () =>
        build(serviceUrl, audience),
      );
    return factory;
  }

  private cached<T>(cache: LruCache<Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
    return cache.getOrCreate(key, () => {
      const created = create();
      created.catch(() => cache.deleteIf(key, created));
      return created;
    });
  }
}
