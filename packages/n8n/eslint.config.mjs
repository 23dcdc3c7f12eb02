/**
 * n8n's lint for community nodes, as `n8n-node lint` (@n8n/node-cli) runs it: eslint-plugin-n8n-nodes-base's
 * community (package.json), credentials and nodes rule sets, and @n8n/eslint-plugin-community-nodes'
 * recommended set (the rules n8n checks before listing a package). The workspace's root config spreads this
 * in, so `pnpm lint` runs them with zero warnings allowed; `eslint .` in this folder runs them alone.
 */
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

const here = (pattern) => `${import.meta.dirname === process.cwd() ? '' : 'packages/n8n/'}${pattern}`;
const recommended = n8nCommunityNodesPlugin.configs.recommended;

export default [
  {
    files: [here('package.json')],
    plugins: { 'n8n-nodes-base': n8nNodesBase, ...recommended.plugins },
    languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
    // The workspace's TypeScript rules read package.json as an expression; only the package rules apply to it.
    rules: { ...n8nNodesBase.configs.community.rules, ...recommended.rules, '@typescript-eslint/no-unused-expressions': 'off', 'no-unused-expressions': 'off' },
  },
  {
    files: [here('credentials/**/*.ts')],
    languageOptions: { parser: tseslint.parser },
    plugins: { 'n8n-nodes-base': n8nNodesBase, ...recommended.plugins },
    rules: { ...n8nNodesBase.configs.credentials.rules, ...recommended.rules, 'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off' },
  },
  {
    files: [here('nodes/**/*.ts')],
    languageOptions: { parser: tseslint.parser },
    plugins: { 'n8n-nodes-base': n8nNodesBase, ...recommended.plugins },
    rules: {
      ...n8nNodesBase.configs.nodes.rules,
      ...recommended.rules,
      'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
      'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
      'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
    },
  },
  {
    files: [here('lib/**/*.ts')],
    languageOptions: { parser: tseslint.parser },
    plugins: recommended.plugins,
    rules: recommended.rules,
  },
];
