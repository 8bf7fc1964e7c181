import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/**
 * The Bot Framework adapter. With no MicrosoftAppId it runs in local mode (no auth);
 * with one, every request must carry a valid JWT or gets 401.
 */
export function createAdapter(deps: { config: Config; logger: Logger; fallbackText: (locale: string | undefined) => string }): CloudAdapter {
  const { config, logger } = deps;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: { name: error.name, message: error.message }, channel: context.activity.channelId }, 'turn failed');
    await context.sendActivity({ type: 'message', text: deps.fallbackText(context.activity.locale) });
  };
  return adapter;
}
