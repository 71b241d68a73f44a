// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import worldwalk from './eslint-rules/layers.js'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'public/**', 'coverage/**', 'tests/output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // A promise nobody awaits hides failures: the frame loop and the worker bridge must surface them.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Index access is unchecked in tsconfig, so a `!` after `array[i]` documents intent rather than narrowing.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // three and R3F mutate objects in place by design.
      'react-hooks/immutability': 'off',
      'react-hooks/refs': 'off',
    },
  },
  {
    // One-way imports between the folders of src/ (the layer table is in eslint-rules/layers.js).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { worldwalk },
    rules: {
      'worldwalk/layers': 'error',
      // One concept per file: a file that grows past this is two concepts (split it by concept).
      'max-lines': ['error', { max: 400 }],
    },
  },
  {
    // Declared data tables, typed but not logic: they say so at their top.
    files: ['src/core/prompt/lexicon.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
)
