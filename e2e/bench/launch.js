// What the hand-run scripts in this folder share: dist/ served on 127.0.0.1 and Debian's
// Chromium started headless with the flags the tests use (no browser download, no outside
// host). `withBrowser(port, run)` calls `run(browser, baseURL, browserPid)` and always
// closes both.
const { chromium } = require('@playwright/test');
const { spawn } = require('child_process');
const path = require('path');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function withBrowser(port, run) {
  const dist = path.join(__dirname, '..', '..', 'dist');
  const web = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 800));
  // A server of its own, so a caller can measure the browser's processes by their pid.
  const server = await chromium.launchServer({ executablePath: '/usr/bin/chromium', args: ARGS });
  const browser = await chromium.connect(server.wsEndpoint());
  try {
    await run(browser, `http://127.0.0.1:${port}`, server.process().pid);
  } finally {
    await browser.close();
    await server.close();
    web.kill();
  }
}

module.exports = { withBrowser };
