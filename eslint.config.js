// Lint config: typescript-eslint's recommended rules on src, test and scripts.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'bench-data/', 'coverage/']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {process: 'readonly', console: 'readonly', Buffer: 'readonly'}},
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_'},
      ],
      'no-console': ['error'],
    },
  },
  {
    // scripts/ are plain Node ESM programs (the benchmark and its log generator).
    files: ['scripts/**'],
    languageOptions: {
      globals: {
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    // Commands, sinks and scripts are where printing belongs.
    files: ['src/commands/**', 'scripts/**', 'bin/**', 'test/**'],
    rules: {'no-console': 'off'},
  },
)
