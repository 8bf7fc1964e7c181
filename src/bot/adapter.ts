import type {
  Activity,
  ConfigurationBotFrameworkAuthenticationOptions,
  InvokeResponse,
  Request,
  Response,
  TurnContext,
} from 'botbuilder';
import type { Config } from '../config.js';
import { activityRawValues, scopedLogger, type Logger } from '../logger.js';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from './botbuilder.js';
import { CachedBotFrameworkAuthentication } from './cached-bot-auth.js';
import { answerExpectReplies, takesDirectPath } from './expect-replies.js';

/** An Authorization header, or a request already authenticated. */
type Authorization = Parameters<CloudAdapter['processActivityDirect']>[0];
type AuthenticateResult = Exclude<Authorization, string>;
type Logic = (context: TurnContext) => Promise<void>;

/** The adapter of /api/messages: a CloudAdapter that also answers a request as a whole. */
export interface MessagesAdapter extends CloudAdapter {
  /**
   * Answers one POST /api/messages: an expectReplies activity (not an invoke) on the direct path of
   * expect-replies.ts unless the adapter was made without it, anything else with `process`.
   */
  processRequest(req: Request, res: Response, logic: Logic): Promise<void>;
}

/**
 * A CloudAdapter that answers a failed request itself. `CloudAdapter.process` hands any error of
 * a request to `console.error`, whole: a failed send's error carries the request it made, whose
 * URL names the conversation and the activity. Here an authentication failure becomes a 401 and
 * a turn that could not be completed a 500, both logged through our scrubbing logger, and
 * nothing is left for botbuilder to print (nor an error message for the response body).
 */
class QuietCloudAdapter extends CloudAdapter implements MessagesAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly logger: Logger,
    private readonly directExpectReplies: boolean,
  ) {
    super(auth);
  }

  processRequest(req: Request, res: Response, logic: Logic): Promise<void> {
    if (!this.directExpectReplies || !takesDirectPath(req.body)) return this.process(req, res, logic);
    // This class's processActivity: the same authentication, failures and turn as through `process`.
    return answerExpectReplies(req, res, (authHeader, activity) => this.processActivity(authHeader, activity, logic));
  }

  protected override async processActivity(
    authorization: Authorization,
    activity: Activity,
    logic: Logic,
  ): Promise<InvokeResponse | undefined> {
    let authenticated: AuthenticateResult;
    try {
      authenticated =
        typeof authorization === 'string'
          ? await this.botFrameworkAuthentication.authenticateRequest(activity, authorization)
          : authorization;
    } catch (err) {
      // botframework-connector's AuthenticationError carries a status code; anything else (the
      // signing keys could not be fetched) is our failure, and a 5xx lets the channel retry.
      const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? 401 : 500;
      this.log(activity).info({ err, status }, 'request not authenticated');
      return { status };
    }
    try {
      return await super.processActivity(authenticated, activity, logic);
    } catch (err) {
      this.log(activity).error({ err }, 'turn not completed');
      return { status: 500 };
    }
  }

  private log(activity: Activity): Logger {
    return scopedLogger(this.logger, { channel: activity.channelId }, activityRawValues(activity));
  }
}

/**
 * The Bot Framework adapter. With no MicrosoftAppId it runs in local mode (no auth);
 * with one, every request must carry a valid JWT or gets 401. The connector and user-token
 * clients are built once and reused (see {@link CachedBotFrameworkAuthentication}) unless
 * `cacheClients` is false, and expectReplies requests take the direct path of expect-replies.ts
 * unless `directExpectReplies` is false: both false give botbuilder's stock behaviour (the
 * benchmark's echo baseline, and the reference the direct path is tested against).
 */
export function createAdapter(deps: {
  config: Config;
  logger: Logger;
  fallbackText: (locale: string | undefined) => string;
  cacheClients?: boolean;
  directExpectReplies?: boolean;
}): MessagesAdapter {
  const { config, logger } = deps;
  const settings = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  } as ConfigurationBotFrameworkAuthenticationOptions;
  const auth =
    deps.cacheClients === false
      ? new ConfigurationBotFrameworkAuthentication(settings)
      : new CachedBotFrameworkAuthentication(settings);
  const adapter = new QuietCloudAdapter(auth, logger, deps.directExpectReplies !== false);
  adapter.onTurnError = async (context, error) => {
    scopedLogger(logger, { channel: context.activity.channelId }, activityRawValues(context.activity)).error(
      { err: error },
      'turn failed',
    );
    await context.sendActivity({ type: 'message', text: deps.fallbackText(context.activity.locale) });
  };
  return adapter;
}
