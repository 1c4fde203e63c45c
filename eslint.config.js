// Strict, type-aware lint (STYLE.md §13) plus the architecture's import boundaries (STYLE.md §5).
import js from '@eslint/js';
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
    files: ['packages/fhir/src/**', 'packages/synth/src/**'],
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
