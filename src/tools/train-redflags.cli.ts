/**
 * `npm run train:redflags`: trains the red-flag backstop model of each language on the blind
 * corpus rounds (test/fixtures/corpus/<lng>/round-*.json) and the first labelled corpus
 * (test/fixtures/redflag-corpus.<lng>.json), and writes assets/redflag-model/<lng>.json.
 * The held-out files are never read: their figures must stay a fair measure of messages unseen.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANGUAGES } from '../understand/language.js';
import { fromLabelled, trainingRounds, trainFlagModel, type TrainingItem } from './flag-model-training.js';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

for (const lng of LANGUAGES) {
  const files = trainingRounds(readdirSync(root(`test/fixtures/corpus/${lng}`)));
  const labelled = `redflag-corpus.${lng}.json`;
  const items = [
    ...files.flatMap(
      (f) => JSON.parse(readFileSync(root(`test/fixtures/corpus/${lng}/${f}`), 'utf8')) as TrainingItem[],
    ),
    ...fromLabelled(
      JSON.parse(readFileSync(root(`test/fixtures/${labelled}`), 'utf8')) as Parameters<typeof fromLabelled>[0],
    ),
  ];
  const model = trainFlagModel(items, lng, [...files.map((f) => `corpus/${lng}/${f}`), labelled]);
  writeFileSync(root(`assets/redflag-model/${lng}.json`), `${JSON.stringify(model)}\n`);
  console.log(`${lng}: ${items.length} messages from ${files.length} rounds and ${labelled}`);
}
