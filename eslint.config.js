// Strict, type-aware lint (STYLE.md §13) plus the architecture's import boundaries (STYLE.md §5).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.hearth/**', 'test-artifacts/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // fhir and clinical are pure: no I/O, no server code.
    files: ['packages/fhir/src/**', 'packages/clinical/src/**', 'packages/synth/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@hearth/server', '**/server/**'], message: 'Pure packages never import the server.' },
            {
              group: ['pg', '@electric-sql/*', 'fastify', 'node:fs', 'node:net', 'node:http'],
              message: 'Pure packages do no I/O (DESIGN.md §2).',
            },
          ],
        },
      ],
    },
  },
  {
    // The spine never imports a domain (DESIGN.md §2).
    files: ['packages/server/src/{db,http,auth,audit,events,config}/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/fhir-rest/**', '**/cli/**', '**/importer/**'],
              message: 'The spine never imports a domain.',
            },
            { group: ['@hearth/*/src/*'], message: 'Import a package by its name, not its src.' },
          ],
        },
      ],
    },
  },
  {
    // The web app: React's rules of hooks, and no Node modules or globals in browser code (its
    // tsconfig has Node types only for the unit tests, which run in Node).
    files: ['packages/web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    ignores: ['packages/web/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Browser code: no Node modules.' },
            {
              group: ['@hearth/server', '@hearth/server/*', '**/server/src/**'],
              message: 'The web app talks to the server only over HTTP (DESIGN.md §2).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Browser code: use import.meta.env.' },
        { name: 'Buffer', message: 'Browser code: use Uint8Array / TextEncoder.' },
        { name: 'require', message: 'Browser code: use import.' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.int.test.ts', 'bench/**', 'e2e/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The bin shims are plain JS launchers outside the TS project.
    files: ['packages/*/bin/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
