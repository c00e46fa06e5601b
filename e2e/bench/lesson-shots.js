// Lesson screenshots (run by hand, not a test): `make lesson-shots` after `make dist`.
// For every catalog scenario, as a learner would: pick it, press Play once at full speed,
// wait for the run to pause at the lesson's end (its epoch budget) or to stop by itself,
// take a 1280×800 screenshot; then tick its first remedy (the run restarts and keeps
// playing to the lesson's end), and take a second one. Files go to
// test-output/lessons/<scenario>-1-failure.png and -2-<remedy>.png.
const { execFileSync } = require('child_process');
const { withBrowser } = require('./launch');
const fs = require('fs');
const path = require('path');

const PORT = 8283;
const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'lessons');
const NNLAB = path.join(ROOT, 'target', 'release', 'nnlab');

/** Waits until the run has paused at the lesson's end or has stopped by itself. */
async function settle(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById('status').textContent;
    return /diverged|stopped early|finished|lesson's end/.test(status);
  }, null, { timeout: 120_000, polling: 100 });
  await page.waitForTimeout(300);
}

(async () => {
  const catalog = JSON.parse(execFileSync(NNLAB, ['list', '--json']).toString());
  fs.mkdirSync(OUT, { recursive: true });
  await withBrowser(PORT, async (browser, base) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/index.html`);
    await page.getByTestId('epoch').waitFor();
    await page.getByTestId('speed').selectOption('max');
    for (const s of catalog) {
      // Pause first: the last remedy's run would otherwise restart playing.
      await page.getByTestId('pause').click();
      await page.getByTestId('scenario').selectOption(s.id);
      // The new scenario starts at epoch 0: until the readout says so it still shows the
      // last run's epoch, which could pass for this run's budget.
      await page.waitForFunction(() => document.getElementById('epoch').textContent === '0');
      await page.getByTestId('play').click();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${s.id}-1-failure.png`) });
      const remedy = s.remedies[0].id;
      await page.getByTestId(`remedy-${remedy}`).check();
      // Half a second for the restarted run's own frames to replace the failure's.
      await page.waitForTimeout(500);
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${s.id}-2-${remedy}.png`) });
      console.log(`${s.id}: ${await page.getByTestId('status').textContent()} at epoch ${await page.getByTestId('epoch').textContent()}`);
    }
  });
})();
