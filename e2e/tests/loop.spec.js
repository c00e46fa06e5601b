// The loop a learner runs: press Play once, then keep editing while it plays. Every edit
// (a remedy, a "Try" offer after a divergence, another scenario, a setting, a seed, a new
// seed) restarts the run on the edited config and keeps it playing; Play is never pressed
// again. The edits come at seeded random delays, so the timing of each edit against the
// worker's frames varies from edit to edit but not from run to run.
const { test, expect } = require('@playwright/test');
const { open, epoch, pickScenario } = require('./helpers');

/** A small seeded generator (Park–Miller), so the delays are the same on every run. */
function delays(seed) {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return 50 + Math.floor((state / 2147483647) * 1950); // 50 ms to 2 s
  };
}

/** Within a second of an edit, the status reads running and the epoch counter rises. */
async function keepsPlaying(page, what) {
  await expect.poll(async () => {
    const before = await epoch(page);
    await page.waitForTimeout(120);
    const status = await page.getByTestId('status').textContent();
    return status === 'running' && (await epoch(page)) > before;
  }, { timeout: 1_000, intervals: [0], message: `still playing after: ${what}` }).toBe(true);
}

async function toggleRemedy(page, id) {
  const box = page.getByTestId(`remedy-${id}`);
  if (await box.isChecked()) await box.uncheck(); else await box.check();
}

async function setField(page, selector, value) {
  const field = page.locator(selector);
  await field.fill(value);
  await field.press('Enter');
}

test('edits while playing restart the run and keep it playing', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const problems = await open(page, baseURL);
  await pickScenario(page, 'lr-too-low');
  await page.getByTestId('play').click();
  const wait = delays(20261201);
  let seedValue = 11;
  const edits = [
    ['tick Raise the learning rate', () => toggleRemedy(page, 'raise-lr')],
    ['tick Use Adam', () => toggleRemedy(page, 'adam')],
    ['untick Raise the learning rate', () => toggleRemedy(page, 'raise-lr')],
    ['set the learning rate', () => setField(page, '#set-train-learning_rate', '0.02')],
    ['type a seed', () => setField(page, '#seed', String(seedValue++))],
    ['try an offer after a divergence', 'try'],
    ['choose sigmoid-stack', () => page.getByTestId('scenario').selectOption('sigmoid-stack')],
    ['tick Use ReLU', () => toggleRemedy(page, 'relu')],
    ['press New seed', () => page.getByTestId('new-seed').click()],
    ['set the batch size', () => setField(page, '#set-train-batch_size', '25')],
    ['tick Batch normalisation', () => toggleRemedy(page, 'batch-norm')],
    ['choose noisy-labels', () => page.getByTestId('scenario').selectOption('noisy-labels')],
    ['tick L2 weight decay', () => toggleRemedy(page, 'l2')],
    ['type a seed', () => setField(page, '#seed', String(seedValue++))],
    ['press New seed', () => page.getByTestId('new-seed').click()],
    ['choose class-imbalance', () => page.getByTestId('scenario').selectOption('class-imbalance')],
    ['tick Weight the classes', () => toggleRemedy(page, 'class-weights')],
    ['set the learning rate', () => setField(page, '#set-train-learning_rate', '0.05')],
    ['choose dead-relu', () => page.getByTestId('scenario').selectOption('dead-relu')],
    ['tick Leaky ReLU', () => toggleRemedy(page, 'leaky-relu')],
  ];
  expect(edits.length).toBe(20);
  for (const [what, act] of edits) {
    await page.waitForTimeout(wait());
    if (act === 'try') {
      // The learner picks a scenario that blows up, watches it diverge, and takes an offer.
      await page.getByTestId('scenario').selectOption('lr-too-high');
      await expect(page.getByTestId('status')).toHaveText('diverged', { timeout: 10_000 });
      await page.waitForTimeout(wait());
      await page.getByTestId('message').getByRole('button', { name: /^Try: / }).first().click();
    } else {
      await act();
    }
    await keepsPlaying(page, what);
  }
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('epoch')).toHaveText('0');
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.getByTestId('remedy-leaky-relu').uncheck();
  await page.waitForTimeout(500);
  await expect(page.getByTestId('epoch')).toHaveText('0');
  await expect(page.getByTestId('status')).toHaveText('paused');
  expect(problems.errors).toEqual([]);
});
