import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

const importsOf = (file: string): string[] =>
  [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map(
    (m) => m[1]!,
  );

describe('module boundaries (ARCHITECTURE.md)', () => {
  it('imports botbuilder only in src/bot/, src/server.ts and the one activity mapper of render/', () => {
    const offenders = [...sources('src'), ...sources('dialogs')].filter(
      (f) =>
        importsOf(f).includes('botbuilder') &&
        !f.startsWith(`src${path.sep}bot${path.sep}`) &&
        f !== path.join('src', 'server.ts') &&
        f !== path.join('src', 'render', 'activity.ts'),
    );
    expect(offenders).toEqual([]);
    // The scan sees the imports it guards against (it is not vacuous).
    expect(importsOf(path.join('src', 'bot', 'adapter.ts'))).toContain('botbuilder');
  });

  it('keeps dialogs/ pure: no I/O, no botbuilder, no words, nothing from src/', () => {
    const impure = sources('dialogs').flatMap((f) =>
      importsOf(f)
        .filter(
          (m) =>
            /^(node:|botbuilder|i18next|restify|lmdb|pg$)/.test(m) || m.includes('/src/') || m.startsWith('../src'),
        )
        .map((m) => `${f} → ${m}`),
    );
    expect(impure).toEqual([]);
  });
});
