// The trainer stays answerable whatever it is asked, and the page notices when it is gone:
// a long `step` and a flood of bad messages leave Pause effective within 100 ms, and a
// worker that stops shows a message whose Restart brings the same run back.
const { test, expect } = require('@playwright/test');
const { open, epoch, pickScenario, setSpeed } = require('./helpers');

/** Opens the example lesson (it embeds the playground and listens to its events). */
async function openLesson(page) {
  await page.goto('/embed-example.html');
  await page.waitForFunction(() => window.nnlabEvents.some((e) => e.type === 'ready'));
  return page.frameLocator('#playground');
}

const post = (page, message) =>
  page.evaluate((m) => document.getElementById('playground').contentWindow.postMessage(m, '*'), message);

/** Pause, then the epoch readout holds still from 100 ms on. */
async function pauseHolds(page, frame) {
  await post(page, { type: 'pause', version: 1 });
  await page.waitForTimeout(100);
  const at = await epoch(frame);
  await page.waitForTimeout(1000);
  expect(await epoch(frame)).toBe(at);
  return at;
}

test('a step of 100,000 epochs trains in slices and a pause stops it within 100 ms', async ({ page }) => {
  const frame = await openLesson(page);
  await post(page, { type: 'step', version: 1, epochs: 100000 });
  // The readout shows the step's progress while it runs.
  await expect.poll(() => epoch(frame), { timeout: 10_000 }).toBeGreaterThan(50);
  const at = await pauseHolds(page, frame);
  expect(at).toBeLessThan(100000);
});

test('a flood of malformed messages neither starves the page nor stops a pause', async ({ page }) => {
  const frame = await openLesson(page);
  await post(page, { type: 'play', version: 1 });
  await expect.poll(() => epoch(frame)).toBeGreaterThan(5);
  await page.evaluate(() => {
    const w = document.getElementById('playground').contentWindow;
    const big = 'x'.repeat(20_000);
    for (let i = 0; i < 2486; i++) w.postMessage({ type: 'nonsense', version: 1, pad: big }, '*');
  });
  await pauseHolds(page, frame);
  // The page's own Play still answers at once, and the flood was reported, once.
  await frame.getByTestId('play').click();
  const before = await epoch(frame);
  await expect.poll(() => epoch(frame), { timeout: 1_000 }).toBeGreaterThan(before);
  const errors = await page.evaluate(() => window.nnlabEvents.filter((e) => e.type === 'error').map((e) => e.message));
  expect(errors.filter((m) => m.includes('go unanswered'))).toHaveLength(1);
  expect(errors.length).toBeLessThanOrEqual(21);
});

test('a worker that stops is noticed, and Restart brings the same run back', async ({ page, baseURL }) => {
  await open(page, baseURL);
  await pickScenario(page, 'sigmoid-stack');
  await setSpeed(page, 'normal');
  await page.getByTestId('play').click();
  await expect.poll(() => epoch(page)).toBeGreaterThan(5);
  const link = await page.getByTestId('share-link').inputValue();
  const [worker] = page.workers();
  await worker.evaluate(() => self.close());
  await expect(page.getByTestId('error')).toContainText('The trainer has not answered', { timeout: 10_000 });
  await expect(page.getByTestId('restart')).toBeVisible();
  await page.getByTestId('restart').click();
  await expect(page.getByTestId('error')).toBeHidden();
  await expect(page.getByTestId('status')).toHaveText('running');
  const restarted = await epoch(page);
  await expect.poll(() => epoch(page), { timeout: 2_000 }).toBeGreaterThan(restarted);
  expect(await page.getByTestId('share-link').inputValue()).toBe(link);
});

test('an error event quotes at most a short piece of a huge message', async ({ page }) => {
  await openLesson(page);
  await post(page, { type: 'y'.repeat(70_000), version: 1 });
  await post(page, { type: 'set', version: 1, key: 'lr', value: '9'.repeat(60_000) });
  await expect.poll(async () => (await page.evaluate(() => window.nnlabEvents.filter((e) => e.type === 'error'))).length).toBe(2);
  const errors = await page.evaluate(() => window.nnlabEvents.filter((e) => e.type === 'error'));
  for (const e of errors) {
    expect(e.message.length).toBeLessThanOrEqual(420);
    expect((e.command || '').length).toBeLessThanOrEqual(81);
  }
});
