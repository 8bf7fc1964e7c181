/**
 * The botbuilder classes the bot runs on, loaded with `require`. botbuilder is CommonJS: imported
 * from an ES module, Node first finds the names it exports by lexing its source and, through its
 * `export *`s, that of every module it re-exports (botbuilder-core, botframework-schema,
 * botframework-connector...), about 60 ms of every start that `require` does without. It is the
 * same module either way (one module cache). Types come from 'botbuilder' itself (`import type`
 * loads nothing); each class here is also a type of the same name.
 */
import { createRequire } from 'node:module';
import type * as Botbuilder from 'botbuilder';

const botbuilder = createRequire(import.meta.url)('botbuilder') as typeof Botbuilder;

/** botbuilder's `ActionTypes` (card action types). */
export const ActionTypes = botbuilder.ActionTypes;
export type ActionTypes = Botbuilder.ActionTypes;
/** botbuilder's `BotAdapter`. */
export const BotAdapter = botbuilder.BotAdapter;
export type BotAdapter = Botbuilder.BotAdapter;
/** botbuilder's `CardFactory`. */
export const CardFactory = botbuilder.CardFactory;
/** botbuilder's `CloudAdapter`. */
export const CloudAdapter = botbuilder.CloudAdapter;
export type CloudAdapter = Botbuilder.CloudAdapter;
/** botbuilder's `ConfigurationBotFrameworkAuthentication`. */
export const ConfigurationBotFrameworkAuthentication = botbuilder.ConfigurationBotFrameworkAuthentication;
export type ConfigurationBotFrameworkAuthentication = Botbuilder.ConfigurationBotFrameworkAuthentication;
/** botbuilder's `TurnContext`. */
export const TurnContext = botbuilder.TurnContext;
export type TurnContext = Botbuilder.TurnContext;
