const { test, expect } = require('@playwright/test');
const { open, epoch, percent, pickScenario, setSpeed, runTo, shot, canvasDigest } = require('./helpers');

test('loads cleanly, talks to no other host, and trains after play', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  await shot(page, '01-loaded');
  await page.getByTestId('play').click();
  await expect.poll(() => epoch(page)).toBeGreaterThan(5);
  await expect(page.getByTestId('status')).toHaveText(/running|diverged/);
  await shot(page, '02-training');
  expect(problems.errors).toEqual([]);
  expect(problems.foreign).toEqual([]);
});

test('sigmoid-stack stalls near chance; relu + he-init learns', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  await pickScenario(page, 'sigmoid-stack');
  await setSpeed(page, 'max');
  await runTo(page, 300);
  const stalled = await percent(page, 'test-accuracy');
  expect(stalled).toBeLessThan(65);
  await expect(page.getByTestId('diagnosis')).toContainText('gradient');
  await shot(page, '03-sigmoid-stack-stalled');
  await page.getByTestId('remedy-relu').check();
  await page.getByTestId('remedy-he-init').check();
  await expect(page.getByTestId('epoch')).toHaveText('0');
  await runTo(page, 300);
  expect(await percent(page, 'test-accuracy')).toBeGreaterThan(90);
  await shot(page, '04-sigmoid-stack-relu-he');
  expect(problems.errors).toEqual([]);
});

test('lr-too-high diverges with a message; lower-lr does not', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  await pickScenario(page, 'lr-too-high');
  await setSpeed(page, 'max');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('status')).toHaveText('diverged');
  await expect(page.getByTestId('message')).toContainText(/Training diverged at epoch \d+: the .* became NaN \/ infinite/);
  await expect(page.getByTestId('message')).toContainText('Try:');
  // A blown-up loss still fits its readout: the page does not grow sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  // The readouts agree with the message: no finite loss beside "became NaN".
  await expect(page.getByTestId('train-loss')).toHaveText('NaN');
  const diverged = Number((await page.getByTestId('message').textContent()).match(/epoch (\d+)/)[1]);
  expect(await epoch(page)).toBe(diverged);
  await shot(page, '05-lr-too-high-diverged');
  // The learner never paused: the remedy restarts the run, and it plays on by itself.
  await page.getByTestId('remedy-lower-lr').check();
  await expect(page.getByTestId('status')).toHaveText('running');
  // At full speed the run would be thousands of epochs on in a second: it pauses by itself
  // at the lesson's 100 epochs, where the remedy is judged, and Play trains on past them.
  await expect(page.getByTestId('status')).toHaveText("paused at epoch 100, the lesson's end: Play trains on");
  await expect(page.getByTestId('epoch')).toHaveText('100');
  await expect(page.getByTestId('message')).toBeHidden();
  await shot(page, '06-lr-too-high-lower-lr');
  await page.getByTestId('play').click();
  await expect.poll(() => epoch(page)).toBeGreaterThan(200);
  await expect(page.getByTestId('status')).toHaveText('running');
  expect(problems.errors).toEqual([]);
});

test('pause stops the epoch counter and reset returns it to 0', async ({ page, baseURL }) => {
  await open(page, baseURL);
  await pickScenario(page, 'zero-init');
  await page.getByTestId('play').click();
  await expect.poll(() => epoch(page)).toBeGreaterThan(10);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  const paused = await epoch(page);
  await page.waitForTimeout(1000);
  expect(await epoch(page)).toBe(paused);
  await page.getByTestId('step').click();
  await expect.poll(() => epoch(page)).toBe(paused + 1);
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('epoch')).toHaveText('0');
  await shot(page, '07-reset');
});

test('the heatmap is drawn and changes as training proceeds', async ({ page, baseURL }) => {
  await open(page, baseURL);
  await pickScenario(page, 'too-small-model');
  await page.getByTestId('remedy-bigger-model').check();
  await expect(page.getByTestId('epoch')).toHaveText('0');
  // The new run's first frame is drawn once the worker has answered the restart.
  await expect.poll(async () => (await canvasDigest(page, 'boundary')).colours).toBeGreaterThan(8);
  const before = await canvasDigest(page, 'boundary');
  await runTo(page, 60);
  const after = await canvasDigest(page, 'boundary');
  expect(after.colours).toBeGreaterThan(8);
  expect(after.hash).not.toBe(before.hash);
  await shot(page, '08-heatmap');
});

test('a bad setting is refused with a message naming it, and nothing is lost', async ({ page, baseURL }) => {
  await open(page, baseURL);
  await pickScenario(page, 'lr-too-low');
  const field = page.locator('#set-train-learning_rate');
  const before = await field.inputValue();
  await field.fill('-3');
  await field.press('Enter');
  await field.blur();
  await expect(page.getByTestId('error')).toContainText('train.learning_rate');
  await expect(field).toHaveValue(before);
  await shot(page, '09-bad-setting');
});

test('the layout fits a 360 px phone', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await open(page, baseURL);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, '10-phone');
});

test('a link restores the run, the URL follows the controls, and bad parts are named', async ({ page, baseURL }) => {
  await page.goto('/index.html?v=1&s=sigmoid-stack&r=relu&seed=5&lr=abc');
  await expect(page.getByTestId('scenario')).toHaveValue('sigmoid-stack');
  await expect(page.getByTestId('remedy-relu')).toBeChecked();
  await expect(page.getByTestId('remedy-he-init')).not.toBeChecked();
  await expect(page.getByTestId('seed')).toHaveValue('5');
  await expect(page.getByTestId('notices')).toContainText('abc');
  await page.getByTestId('remedy-he-init').check();
  await expect.poll(() => page.url()).toContain('he-init');
  expect(page.url()).toContain('seed=5');
  await expect(page.getByTestId('share-link')).toHaveValue(page.url());
  await shot(page, '11-link-restored');
});

test('a caption from a link is shown as text, never markup', async ({ page }) => {
  const caption = encodeURIComponent('<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">');
  await page.goto(`/index.html?v=1&s=zero-init&caption=${caption}`);
  await expect(page.getByTestId('caption')).toContainText('<script>');
  await expect(page.getByTestId('caption')).toContainText('onerror');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.locator('#caption img').count()).toBe(0);
});

test('early stopping stops on its validation split; a v=1 link is shared again as v=2', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  // tiny-dataset changed at v=2; the v=1 link keeps its old settings, restated as v=2.
  await page.goto('/index.html?v=1&s=tiny-dataset&r=early-stop&seed=2');
  await expect(page.getByTestId('scenario')).toHaveValue('tiny-dataset');
  await expect(page.getByTestId('remedy-early-stop')).toBeChecked();
  await expect(page.getByTestId('share-link')).toHaveValue(/\?v=5&s=tiny-dataset&r=early-stop&seed=2&.*ds=circle/);
  await expect(page.getByTestId('notices')).toBeEmpty();
  await page.goto('/index.html?v=2&s=noisy-labels&r=early-stop&seed=1');
  await setSpeed(page, 'max');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('status')).toHaveText(/^stopped early at epoch \d+ \(best epoch \d+\)$/, { timeout: 60000 });
  await expect(page.getByTestId('message')).toContainText('the validation loss had not improved');
  await expect(page.getByTestId('message')).toHaveClass(/success/);
  // The failure's diagnosis gives way to what the remedy achieved.
  await expect(page.getByTestId('diagnosis')).toHaveClass(/success/);
  await expect(page.getByTestId('diagnosis')).toContainText('The remedy worked. Early stopping: the failure');
  await shot(page, '15-early-stop-validation');
  expect(problems.errors).toEqual([]);
});

test('unscaled inputs: a note gives the raw range; the per-layer chart switches to update ratios', async ({ page, baseURL }) => {
  const problems = await open(page, baseURL);
  await expect(page.getByTestId('raw-inputs')).toBeHidden();
  await pickScenario(page, 'unscaled-inputs');
  await expect(page.getByTestId('raw-inputs')).toContainText('x × 1000 + 500');
  await expect(page.getByTestId('raw-inputs')).toContainText('from -5500 to 6500');
  await page.getByTestId('remedy-standardize').check();
  await expect(page.getByTestId('raw-inputs')).toContainText('standardised');
  // lr-too-low tells the learner to watch the update ratio: the chart opens on it.
  await pickScenario(page, 'lr-too-low');
  await expect(page.getByTestId('layer-metric')).toHaveValue('updates');
  await runTo(page, 40);
  const updates = await canvasDigest(page, 'grad-chart');
  await page.getByTestId('layer-metric').selectOption('gradients');
  await expect.poll(async () => (await canvasDigest(page, 'grad-chart')).hash).not.toBe(updates.hash);
  await page.getByTestId('layer-metric').selectOption('updates');
  await shot(page, '16-lr-too-low-update-ratio');
  expect(problems.errors).toEqual([]);
});
