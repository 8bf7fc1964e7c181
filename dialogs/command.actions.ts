import { assertEvent } from 'xstate';
import { base } from './conversation.base.js';
import { freshContext } from './conversation.setup.js';
import { foldEarlier } from './triage/facts.js';
import { historyOf } from './checkin/history.js';

/** `restart`: a fresh conversation that keeps what must not be forgotten. */
export const restartContext = base.assign(({ context }) => {
  const { country, emergencyLock, canRemind, urgentDay, language, today, carer } = context;
  // What was affirmed still counts for rules 2–4, and a carer still writes for the same person.
  return {
    ...freshContext({
      country,
      emergencyLock,
      canRemind,
      urgentDay,
      language,
      consented: false,
      carer,
      earlier: foldEarlier(context),
    }),
    today,
  };
});

/** The points of the trend, the intake's first, from the history the command carries. */
export const showProgress = base.enqueueActions(({ context, event, enqueue }) => {
  enqueue({ type: 'progress', params: { points: historyOf(event, context.today).points } });
});

/** The language chosen, kept in the context and the profile. */
export const saveLanguage = base.enqueueActions(({ event, enqueue }) => {
  assertEvent(event, 'ANSWER');
  enqueue('setLanguage');
  enqueue({ type: 'profile', params: { patch: { language: String(event.value) } } });
});

/** The country given, kept in the context and the profile. */
export const saveCountry = base.enqueueActions(({ event, enqueue }) => {
  assertEvent(event, 'ANSWER');
  enqueue('setCountry');
  enqueue({ type: 'profile', params: { patch: { country: String(event.value) } } });
});

/** The age given, kept in the context and the profile. */
export const saveAge = base.enqueueActions(({ event, enqueue }) => {
  assertEvent(event, 'ANSWER');
  enqueue('fill');
  if (typeof event.value === 'number') enqueue({ type: 'profile', params: { patch: { age: event.value } } });
});

/** A reminder to check in after the days answered. */
export const remind = base.enqueueActions(({ event, enqueue }) => {
  assertEvent(event, 'ANSWER');
  enqueue({ type: 'reminder', params: { days: Number(event.value) } });
  enqueue({ type: 'say', params: { id: 'reminder_set' } });
});
