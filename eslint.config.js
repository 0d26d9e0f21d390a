// @ts-check
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'coverage/**', 'types/electron/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'bin/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // shared/ is pure: no Node, no DOM, no Electron, no engine or renderer code.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'electron', 'better-sqlite3'],
              message: 'shared/ is pure TypeScript',
            },
            {
              group: ['../electron/*', '../renderer/*', '**/electron/**', '**/renderer/**'],
              message: 'shared/ may not import the other folders',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer knows the engine only through the contract.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron', 'better-sqlite3', 'node:*'],
              message: 'the renderer talks to the engine only through shared/contract',
            },
          ],
        },
      ],
    },
  },
  {
    // Raw IPC only in the two files that implement the IPC door.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/main.ts', 'electron/main/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='ipcMain']", message: 'IPC goes through electron/main/main.ts only' },
        {
          selector: "MemberExpression[object.name='ipcRenderer']",
          message: 'IPC goes through electron/main/preload.ts only',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
