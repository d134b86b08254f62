// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One folder's import rule: `forbidden` are import patterns (gitignore style, `!` allows). */
function layer(files, message, forbidden, { vscode = true } = {}) {
  return [
    {
      files: [files],
      rules: {
        'no-restricted-imports': [
          'error',
          { paths: vscode ? [] : [{ name: 'vscode', message: `${message}; no vscode here` }], patterns: [{ group: forbidden, message }] },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'dist-vsix/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-output/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      curly: ['error', 'multi-line'],
    },
  },
  // The layers (README, "How the pieces fit"): each folder imports only from the ones below it.
  ...layer('src/base/**/*.ts', 'base is the bottom layer: it imports nothing of ours from another folder', ['../*'], { vscode: false }),
  ...layer('src/mx/**/*.ts', 'the MX client imports nothing of ours from outside src/mx', ['../*'], { vscode: false }),
  ...layer('src/auth/**/*.ts', 'auth sits below the panel and the VS Code surfaces', ['../panel/*', '../ui/*', '../webview/*', '../protocol', '../extension', '../api']),
  ...layer('src/panel/**/*.ts', 'the panel model is vscode-free and sits below the VS Code surfaces', ['../ui/*', '../webview/*', '../extension', '../api'], { vscode: false }),
  ...layer('src/tools/**/*.ts', 'the agent tools model is vscode-free and sits below the VS Code surfaces', ['../ui/*', '../panel/*', '../webview/*', '../protocol', '../extension', '../api'], { vscode: false }),
  ...layer('src/httpFiles/**/*.ts', 'the .http file model is vscode-free and sits below the VS Code surfaces, beside the panel model', ['../ui/*', '../panel/*', '../webview/*', '../extension', '../api'], { vscode: false }),
  ...layer('src/cli/**/*.ts', 'the headless runner (mx-explorer-run) runs without VS Code: it uses the models and the pipeline, never the VS Code surfaces', ['../ui/*', '../webview/*', '../extension', '../api'], { vscode: false }),
  ...layer('src/ui/**/*.ts', 'the VS Code surfaces do not reach into the webview bundle or the composition root', ['../webview/*', '../extension', '../api']),
  ...layer('src/webview/**/*.ts', 'the webview imports only the protocol and the rules it shares with the host', ['../*', '!../protocol', '!../mx', '../mx/*', '!../mx/requestRules'], { vscode: false }),
  ...layer('src/protocol.ts', 'the protocol imports only the shared rules and catalogue types', ['./*', '!./mx', './mx/*', '!./mx/requestRules', '!./mx/catalogueTypes'], { vscode: false }),
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly' } },
  },
);
