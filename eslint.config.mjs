// @ts-check
import eslint from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'web/dist/**',
      'web/src/generated/**',
      '*.js',
      '*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/http/**', 'src/**/*.module.ts', 'src/http-app.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/http/**', '**/http'],
              message: 'Nothing imports the HTTP layer; dependencies point inward.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure cores: the kernel, the review machine, the cable format and the statutory calendar know
    // nothing of frameworks or I/O, so they can be tested as tables and drawn as diagrams.
    files: [
      'src/kernel/**/*.ts',
      'src/review/domain/**/*.ts',
      'src/cables/domain/**/*.ts',
      'src/deadlines/domain/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'bullmq',
                'ioredis',
                'pg',
                'express',
                'node:*',
                'fs',
                'path',
              ],
              message: 'Domain code is pure: no framework or I/O imports.',
            },
            {
              group: ['**/persistence/**', '**/http/**', '**/application/**', '**/jobs/**'],
              message: 'Domain code depends on nothing outside the domain.',
            },
          ],
        },
      ],
    },
  },
  {
    // The web app (web/): React in the browser; hooks follow React's rules.
    files: ['web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
);
