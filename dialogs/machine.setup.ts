import { setup } from 'xstate';
import { primitiveActions, type ConversationTypes } from './conversation.base.js';
import { conversationGuards } from './conversation.guards.js';
import { decideAndRecord, exercisesAnswer, offerNext, reask, reaskWithHint, repeatOutcome } from './outcome.actions.js';
import {
  acknowledge,
  askClarify,
  clarifyGuards,
  explainSigns,
  queueClarify,
  reaskClarify,
  setClarified,
} from './triage/free-text.actions.js';
import { askUnlessAnswered } from './triage/intake.actions.js';
import { recordCheckin, settleCheckin, startCheckin } from './checkin/checkin.actions.js';
import {
  askPick,
  askStep,
  markNewDeficit,
  nextStep,
  recordResponse,
  setBefore,
  startExercise,
} from './exercise/exercise.actions.js';
import { remind, restartContext, saveAge, saveCountry, saveLanguage, showProgress } from './command.actions.js';

/**
 * The dialog's whole vocabulary: every action and guard the machine names. Intent actions do
 * nothing when run; their resolved params are the intents the bot renders and records.
 */
export const conversationSetup = setup({
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- setup() infers the machine's types from this assertion (a typescript-eslint false positive)
  types: {} as ConversationTypes,
  actions: {
    ...primitiveActions,
    decideAndRecord,
    repeatOutcome,
    offerNext,
    exercisesAnswer,
    reask,
    reaskWithHint,
    acknowledge,
    explainSigns,
    queueClarify,
    reaskClarify,
    askClarify,
    setClarified,
    askUnlessAnswered,
    startCheckin,
    recordCheckin,
    settleCheckin,
    askPick,
    askStep,
    startExercise,
    setBefore,
    nextStep,
    recordResponse,
    markNewDeficit,
    restartContext,
    showProgress,
    saveLanguage,
    saveCountry,
    saveAge,
    remind,
  },
  guards: { ...conversationGuards, ...clarifyGuards },
});
