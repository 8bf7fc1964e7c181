import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTeamsPackage, GUID, placeholderWarnings, TeamsPackageError } from '../../src/channels/teams-package.js';
import { decodePng } from './support/png-reader.js';
import { readZip } from './support/zip-reader.js';

/** The parts of a Teams app manifest these tests read. */
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  accentColor: string;
  bots: { commandLists: { commands: { title: string; description: string }[] }[] }[];
  developer: Record<string, string> & { name: string };
  name: { short: string; full: string };
  description: { short: string; full: string };
  localizationInfo: { additionalLanguages: unknown[] };
  validDomains: string[];
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP_ID = '3f2b8a9c-5d1e-4f6a-8b7c-9d0e1f2a3b4c';
const out = mkdtempSync(path.join(os.tmpdir(), 'teams-package-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const build = (appId: string | undefined, publicUrl?: string) =>
  buildTeamsPackage({
    appId,
    version: '1.2.3',
    publicUrl,
    teamsDir: path.join(ROOT, 'teams'),
    outFile: path.join(out, 'pkg', 'sciatica-bot.zip'),
  });

describe('the Teams app package', () => {
  it('is a zip with a 1.17 manifest carrying the bot id, and both icons at the sizes Teams requires', async () => {
    const pkg = await build(APP_ID, 'https://bot.clinic.example:8443/base');
    const entries = readZip(readFileSync(pkg.file));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'es.json', 'manifest.json', 'outline.png']);

    const m = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;
    expect(m.$schema).toMatch(/teams\/v1\.(1[7-9]|[2-9]\d)\/MicrosoftTeams\.schema\.json$/);
    expect(Number(m.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(17);
    expect(m).toMatchObject({
      id: APP_ID,
      version: '1.2.3',
      icons: { color: 'color.png', outline: 'outline.png' },
      validDomains: ['bot.clinic.example'],
    });
    expect(m.id).toMatch(GUID);
    expect(m.bots).toEqual([expect.objectContaining({ botId: APP_ID, scopes: ['personal'] })]);
    expect(m.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(m.developer[key]).toMatch(/^https:\/\//);
    expect(m.developer.name.length).toBeGreaterThan(0);
    expect(m.name.short.length).toBeLessThanOrEqual(30);
    expect(m.name.full.length).toBeLessThanOrEqual(100);
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    expect(m.description.full.length).toBeLessThanOrEqual(4000);
    const commands = m.bots[0]!.commandLists[0]!.commands;
    expect(commands.length).toBeLessThanOrEqual(10);
    for (const c of commands) expect(c.title.length <= 32 && c.description.length <= 128).toBe(true);
    expect(JSON.stringify(m)).not.toMatch(/\{\{/);

    const color = decodePng(entries.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = decodePng(entries.get('outline.png')!);
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
    // Outline: white on transparent, so every visible pixel is white and the background is clear.
    let visible = 0;
    for (let i = 0; i < outline.rgba.length; i += 4) {
      const [r, g, b, a] = outline.rgba.subarray(i, i + 4);
      if (a! > 0) {
        visible++;
        expect(Math.min(r!, g!, b!)).toBeGreaterThanOrEqual(250);
      }
    }
    expect(visible).toBeGreaterThan(50);
    expect(outline.rgba[3]).toBe(0);
  });

  it('has a Spanish localisation with a value for every localisable string it names', async () => {
    const pkg = await build(APP_ID);
    const entries = readZip(readFileSync(pkg.file));
    const m = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;
    expect(m.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'es', file: 'es.json' }]);
    const es = JSON.parse(entries.get('es.json')!.toString('utf8')) as Record<string, string>;
    const commands = m.bots[0]!.commandLists[0]!.commands;
    const expected = [
      'name.short',
      'name.full',
      'description.short',
      'description.full',
      ...commands.flatMap((_c, i) =>
        [0, 1].map((k) => `bots[0].commandLists[0].commands[${i}].${k ? 'description' : 'title'}`),
      ),
    ];
    expect(
      Object.keys(es)
        .filter((k) => k !== '$schema')
        .sort(),
    ).toEqual(expected.sort());
    expect(es['name.short']!.length).toBeLessThanOrEqual(30);
    expect(m.validDomains).toEqual([]);
  });

  it('asks only for the permissions it uses, and warns about the placeholder clinic details', async () => {
    const pkg = await build(APP_ID);
    expect(pkg.manifest.permissions).toEqual(['identity']);
    expect(pkg.warnings.join('\n')).toMatch(/developer\.name is the placeholder "Demo Clinic"/);
    expect(pkg.warnings.filter((w) => w.includes('clinic.example.org'))).toHaveLength(3);
    expect(
      placeholderWarnings({
        developer: {
          name: 'St Mary Physio',
          websiteUrl: 'https://stmary.nhs.uk',
          privacyUrl: 'https://stmary.nhs.uk/p',
          termsOfUseUrl: 'https://stmary.nhs.uk/t',
        },
      }),
    ).toEqual([]);
  });

  it('fails with a clear message when the bot id is missing or not a GUID', async () => {
    await expect(build(undefined)).rejects.toThrow(TeamsPackageError);
    await expect(build(undefined)).rejects.toThrow(/MicrosoftAppId is not set/);
    await expect(build('my-bot')).rejects.toThrow(/not a GUID/);
  });

  it('is reproducible: the same input gives the same bytes', async () => {
    const a = readFileSync((await build(APP_ID)).file);
    const b = readFileSync((await build(APP_ID)).file);
    expect(a.equals(b)).toBe(true);
  });
});
