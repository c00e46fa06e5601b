// Shared steps: open the page watching for console errors and foreign requests, pick a
// scenario, run to an epoch, read numbers, take screenshots.
const { expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'screenshots');

async function open(page, baseURL) {
  const problems = { errors: [], foreign: [] };
  page.on('console', (msg) => { if (msg.type() === 'error') problems.errors.push(msg.text()); });
  page.on('pageerror', (err) => problems.errors.push(String(err)));
  page.on('request', (req) => {
    if (!req.url().startsWith(baseURL) && !req.url().startsWith('data:')) problems.foreign.push(req.url());
  });
  await page.goto('/index.html');
  await expect(page.getByTestId('scenario')).toBeVisible();
  await expect(page.getByTestId('epoch')).toHaveText('0');
  return problems;
}

async function epoch(page) {
  return Number(await page.getByTestId('epoch').textContent());
}

async function percent(page, testId) {
  return parseFloat(await page.getByTestId(testId).textContent());
}

async function pickScenario(page, id) {
  await page.getByTestId('scenario').selectOption(id);
  await expect(page.getByTestId('epoch')).toHaveText('0');
}

async function setSpeed(page, speed) {
  await page.getByTestId('speed').selectOption(speed);
}

/** Plays until the epoch counter reaches `target`, then pauses. */
async function runTo(page, target, timeout = 60_000) {
  await page.getByTestId('play').click();
  await expect.poll(() => epoch(page), { timeout, intervals: [100] }).toBeGreaterThanOrEqual(target);
  await page.getByTestId('pause').click();
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** A digest of the canvas pixels, to tell whether a drawing changed. */
async function canvasDigest(page, testId) {
  return page.getByTestId(testId).evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let hash = 0; let distinct = new Set();
    for (let i = 0; i < data.length; i += 4) {
      hash = (hash * 31 + data[i] * 7 + data[i + 1] * 3 + data[i + 2]) >>> 0;
      if (distinct.size < 64) distinct.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return { hash, colours: distinct.size };
  });
}

module.exports = { open, epoch, percent, pickScenario, setSpeed, runTo, shot, canvasDigest };
