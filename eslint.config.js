// ESLint flat config: typescript-eslint's strict, type-checked rules over every TypeScript file of the
// project (tsconfig.json includes them all), the recommended JavaScript rules over the plain JavaScript
// (the web page, the build script). Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-artifacts/', 'data/', 'bench/.tmp/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers (counts, ports, milliseconds) print unambiguously; undefined, objects and booleans still may not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(req, res) => res.end()` is the callback idiom of restify, ws and vitest here; returning void from a block is still caught.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // A leading underscore marks a parameter a signature needs, or a key destructured out to drop it (`{ at: _at, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // In-memory stores and stand-ins implement async interfaces; without `async` their throws would stop being rejections.
      '@typescript-eslint/require-await': 'off',
      // noUncheckedIndexedAccess is on: `xs[i]!` inside a bounded loop is the reviewed claim it asks for, not a shortcut.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Vitest types its asymmetric matchers (`expect.any`, `expect.objectContaining`) as `any`; these rules take no per-call allow list.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
