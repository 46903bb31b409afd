// Lint rules: typescript-eslint's recommended set over src/ and test/, plus a few house rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Prettier decides line breaks, so 'curly: multi-line' would flag the if-bodies it wraps; braces stay a choice.
      curly: 'off',
      eqeqeq: ['error', 'smart'],
      'no-throw-literal': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/naming-convention': ['warn', { selector: 'import', format: ['camelCase', 'PascalCase'] }],
    },
  },
  {
    // Notifications and the status bar render link and icon syntax: they are reached only through src/ui/say.ts,
    // which takes text made inert.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(showErrorMessage|showWarningMessage|showInformationMessage|setStatusBarMessage)$/]',
          message: 'Use showError/showWarning/showInfo/showStatus from src/ui/say.ts with say() or inert() text.',
        },
      ],
    },
  },
  {
    // These folders promise to be free of the editor, so they run under plain mocha and in benchmarks.
    files: ['src/sdrs/**/*.ts', 'src/model/**/*.ts', 'src/ids/**/*.ts', 'src/cache/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/sdrs, src/model, src/ids and src/cache must not depend on vscode: keep the editor in the thin layer.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
