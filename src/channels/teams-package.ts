import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import yazl from 'yazl';

/** Teams app ids and bot ids are GUIDs (the Azure Bot's Microsoft App ID). */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Icon sizes Teams requires: a full-colour 192×192 and a white-on-transparent 32×32 outline. */
const ICONS = {
  'color.png': { svg: 'color.svg', size: 192 },
  'outline.png': { svg: 'outline.svg', size: 32 },
} as const;

/** A problem the person packaging can fix (shown without a stack trace). */
export class TeamsPackageError extends Error {
  override readonly name = 'TeamsPackageError';
}

/** Inputs of `buildTeamsPackage`. */
export interface TeamsPackageOptions {
  /** MicrosoftAppId of the Azure Bot: the Teams app id and the bot id. */
  appId: string | undefined;
  /** App version (x.y.z), usually package.json's. */
  version: string;
  /** PUBLIC_URL, whose host goes into `validDomains`. */
  publicUrl?: string | undefined;
  /** Folder with manifest.template.json, the icon SVGs and localisation files. */
  teamsDir: string;
  /** Where to write the zip. */
  outFile: string;
}

/** What `buildTeamsPackage` wrote. */
export interface TeamsPackage {
  file: string;
  manifest: Record<string, unknown>;
  /** The zip's entries by name, as written. */
  entries: Record<string, Buffer>;
  /** Placeholder details still in the manifest (the demo clinic's name and example.org links), to fix before publishing. */
  warnings: string[];
}

/** The template's demo values, which a clinic must replace with its own before publishing. */
const PLACEHOLDER_NAMES = ['Demo Clinic'];
/** Reserved example domains (RFC 2606), never a clinic's real site. */
const PLACEHOLDER_HOST = /(^|\.)example(\.(org|com|net))?$/i;

/** The placeholder clinic details left in a manifest, one readable line each. */
export function placeholderWarnings(manifest: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const developer = (manifest.developer ?? {}) as Record<string, unknown>;
  if (typeof developer.name === 'string' && PLACEHOLDER_NAMES.includes(developer.name.trim())) {
    warnings.push(
      `developer.name is the placeholder "${developer.name}": put your clinic's name in teams/manifest.template.json`,
    );
  }
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    const url = developer[key];
    if (typeof url !== 'string') continue;
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      warnings.push(`developer.${key} "${url}" is not a URL`);
      continue;
    }
    if (PLACEHOLDER_HOST.test(host))
      warnings.push(
        `developer.${key} is the placeholder ${url}: put your clinic's page in teams/manifest.template.json`,
      );
  }
  return warnings;
}

/** Replaces `{{name}}` in every string of a JSON value; an unknown placeholder is an error. */
function fill(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => {
      if (!(k in values)) throw new TeamsPackageError(`manifest template: unknown placeholder {{${k}}}`);
      return values[k]!;
    });
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, values));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  return value;
}

function renderIcon(svgFile: string, size: number): Buffer {
  return Buffer.from(
    new Resvg(readFileSync(svgFile, 'utf8'), { fitTo: { mode: 'width', value: size } }).render().asPng(),
  );
}

function zip(entries: Record<string, Buffer>): Promise<Buffer> {
  const file = new yazl.ZipFile();
  // A fixed date makes the package byte-for-byte reproducible.
  for (const [name, data] of Object.entries(entries))
    file.addBuffer(data, name, { mtime: new Date('2020-01-01T00:00:00Z') });
  file.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.outputStream.on('data', (c: Buffer) => chunks.push(c));
    file.outputStream.on('error', reject);
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * Builds the Teams app package: manifest.json (schema 1.17) from the template with the bot id,
 * version and valid domain filled in, the two icons rendered from SVG, and the localisation files.
 */
export async function buildTeamsPackage(opts: TeamsPackageOptions): Promise<TeamsPackage> {
  if (!opts.appId)
    throw new TeamsPackageError(
      "MicrosoftAppId is not set: put the Azure Bot's Microsoft App ID in .env (or the environment) and run again",
    );
  if (!GUID.test(opts.appId))
    throw new TeamsPackageError(
      `MicrosoftAppId "${opts.appId}" is not a GUID; Teams needs the Azure Bot's Microsoft App ID`,
    );
  if (!/^\d+\.\d+\.\d+$/.test(opts.version)) throw new TeamsPackageError(`version "${opts.version}" is not x.y.z`);
  const template = JSON.parse(readFileSync(path.join(opts.teamsDir, 'manifest.template.json'), 'utf8')) as unknown;
  const manifest = fill(template, { appId: opts.appId, version: opts.version }) as Record<string, unknown>;
  if (opts.publicUrl) manifest.validDomains = [new URL(opts.publicUrl).hostname];

  const entries: Record<string, Buffer> = { 'manifest.json': Buffer.from(JSON.stringify(manifest, null, 2)) };
  for (const [name, icon] of Object.entries(ICONS))
    entries[name] = renderIcon(path.join(opts.teamsDir, icon.svg), icon.size);
  const languages =
    (manifest.localizationInfo as { additionalLanguages?: { file: string }[] } | undefined)?.additionalLanguages ?? [];
  for (const { file } of languages) entries[file] = readFileSync(path.join(opts.teamsDir, file));

  mkdirSync(path.dirname(opts.outFile), { recursive: true });
  writeFileSync(opts.outFile, await zip(entries));
  return { file: opts.outFile, manifest, entries, warnings: placeholderWarnings(manifest) };
}
