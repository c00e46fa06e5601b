// Runs against the built dist/ served on 127.0.0.1 only, in Debian's Chromium (no browser
// download ever happens: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD is set by the Makefile). Each
// launch gets a fresh temporary profile from Playwright itself.
const { defineConfig } = require('@playwright/test');

const PORT = Number(process.env.E2E_PORT || 8181);

module.exports = defineConfig({
  testDir: './tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: '../test-output/playwright',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 1000 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ../dist`,
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    timeout: 30_000,
  },
});
