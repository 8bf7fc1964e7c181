/**
 * `npm run train:redflags`: trains the red-flag backstop model of each language on the blind
 * corpus rounds (test/fixtures/corpus/<lng>/round-*.json) and the first labelled corpus
 * (test/fixtures/redflag-corpus.<lng>.json), and writes assets/redflag-model/<lng>.json.
 * The held-out files are never read: their figures must stay a fair measure of messages unseen.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANGUAGES } from '../understand/language.js';
import { readTrainingSet, trainFlagModel } from './flag-model-training.js';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

for (const lng of LANGUAGES) {
  const { items, trainedOn } = readTrainingSet(root('test/fixtures'), lng);
  const model = trainFlagModel(items, lng, trainedOn);
  writeFileSync(root(`assets/redflag-model/${lng}.json`), `${JSON.stringify(model)}\n`);
  console.log(`${lng}: ${items.length} messages from ${trainedOn.join(', ')}`);
}
