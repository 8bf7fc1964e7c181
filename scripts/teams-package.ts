import 'dotenv/config';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config.js';
import { buildTeamsPackage, TeamsPackageError } from '../src/channels/teams-package.js';

/** `npm run teams:package`: writes dist/teams/sciatica-bot.zip and prints its path last. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

try {
  const config = loadConfig(process.env);
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const pkg = await buildTeamsPackage({
    appId: config.MicrosoftAppId,
    version,
    publicUrl: config.PUBLIC_URL,
    teamsDir: path.join(root, 'teams'),
    outFile: path.join(root, 'dist', 'teams', 'sciatica-bot.zip'),
  });
  for (const warning of pkg.warnings) process.stderr.write(`warning: ${warning}\n`);
  process.stdout.write(
    `Teams app package (${Object.keys(pkg.entries).join(', ')}); upload it in Teams → Apps → Manage your apps → Upload an app:\n${pkg.file}\n`,
  );
} catch (err) {
  if (err instanceof ConfigError || err instanceof TeamsPackageError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
