/**
 * The Microsoft Text Recognizers the answer reader uses, loaded on first use rather than with the
 * server: their packages take about a tenth of a second and ~10 MB to load, which start-up does not
 * need (the warm-up in app.ts loads them, and builds their tables, once the server is listening
 * and idle). Same functions, same packages, same results: only the moment they load moves.
 */
import { createRequire } from 'node:module';
import type * as ChoiceRecognizers from '@microsoft/recognizers-text-choice';
import type * as NumberRecognizers from '@microsoft/recognizers-text-number';

const require = createRequire(import.meta.url);
let choices: typeof ChoiceRecognizers | undefined;
let numbers: typeof NumberRecognizers | undefined;

const choiceRecognizers = (): typeof ChoiceRecognizers =>
  (choices ??= require('@microsoft/recognizers-text-choice') as typeof ChoiceRecognizers);
const numberRecognizers = (): typeof NumberRecognizers =>
  (numbers ??= require('@microsoft/recognizers-text-number') as typeof NumberRecognizers);

/** `recognizeBoolean` of @microsoft/recognizers-text-choice. */
export const recognizeBoolean: typeof ChoiceRecognizers.recognizeBoolean = (...args) =>
  choiceRecognizers().recognizeBoolean(...args);

/** `recognizeNumber` of @microsoft/recognizers-text-number. */
export const recognizeNumber: typeof NumberRecognizers.recognizeNumber = (...args) =>
  numberRecognizers().recognizeNumber(...args);

/** `recognizeOrdinal` of @microsoft/recognizers-text-number. */
export const recognizeOrdinal: typeof NumberRecognizers.recognizeOrdinal = (...args) =>
  numberRecognizers().recognizeOrdinal(...args);

/** Loads the two packages, one step each, for a warm-up that runs its steps apart (`runWhenIdle`). */
export const recognizerLoads: readonly (() => void)[] = [
  () => void choiceRecognizers(),
  () => void numberRecognizers(),
];
