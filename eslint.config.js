import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import n8nCommunityNodeLint from './packages/n8n/eslint.config.mjs';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['**/*.test.ts', 'bench/**', '**/scripts/**', '**/cli*.ts', '**/main.ts'], rules: { 'no-console': 'off' } },
  // The n8n node package also passes n8n's own community-node rules.
  ...n8nCommunityNodeLint,
);
