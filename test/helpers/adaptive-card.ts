import { createRequire } from 'node:module';

// The package's ESM build has extensionless imports Node can't resolve; its UMD bundle loads fine.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Parses a card with the official `adaptivecards` package; returns every warning or error it reports. */
export function cardProblems(content: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(content, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) problems.push(e.message);
  const version = (content as { version?: string }).version;
  if (version !== '1.5') problems.push(`version ${version}, expected 1.5`);
  return problems;
}
