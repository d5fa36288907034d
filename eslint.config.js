// ESLint for the project's JavaScript (`./build.sh test` runs it with `prettier --check`, which
// owns the formatting; see "prettier" in package.json). The recommended rules, with the globals
// each place runs with.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'target/', 'node_modules/', 'fuzz/'] },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  // The extension: classic scripts (content scripts and the options page cannot be modules) that
  // share what protocol.js and settings.js publish on globalThis; the background is a module.
  {
    files: ['extension/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    files: ['extension/background.js', 'extension/warm-up.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.serviceworker, ...globals.webextensions } },
  },
  // The demo page: modules in the page.
  { files: ['www/**/*.js'], languageOptions: { globals: globals.browser } },
  // Node scripts (tests, benchmarks, CI helpers) that also hand functions to the browsers they
  // drive: page.evaluate (a page), worker.evaluate (the extension's service worker), and in Firefox
  // the browser's own UI (WebDriver's chrome context).
  {
    files: ['tests/**/*.mjs', 'benches/**/*.mjs', '.ci/**/*.mjs'],
    languageOptions: {
      globals: {
        ...globals.node,
        ...globals.browser,
        ...globals.webextensions,
        CustomizableUI: 'readonly',
        WebExtensionPolicy: 'readonly',
        gBrowser: 'readonly',
        Cc: 'readonly',
        Ci: 'readonly',
        ChromeUtils: 'readonly',
      },
    },
  },
  { files: ['benches/browser-worker.js'], languageOptions: { globals: globals.worker } },
  // A fixture page's own script (tests/fixtures/live/site): a classic script in the page.
  { files: ['tests/fixtures/**/*.js'], languageOptions: { sourceType: 'script', globals: globals.browser } },
];
