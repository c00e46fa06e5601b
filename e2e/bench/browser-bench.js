// Browser benchmark (run by hand, not a test): `make browser-bench` after `make dist`.
// For the canonical runs (a), (b), (c) it measures, at full speed in the worker while the
// page draws at display rate: epochs per second, worker milliseconds per boundary update
// (decision grid + predictions + curves), page milliseconds per frame drawn, and the number
// of main-thread long tasks (> 50 ms, PerformanceObserver) during 10 s of training.
const { withBrowser } = require('./launch');

const PORT = 8282;
const SECONDS = 10;
const CANONICAL = {
  'a: spiral, [8, 8] tanh': { 'data.dataset': 'spiral', 'model.hidden_layers': '8,8', 'model.activation': 'tanh' },
  'b: spiral, [8,8,8,8,8,8] sigmoid': { 'data.dataset': 'spiral', 'model.hidden_layers': '8,8,8,8,8,8', 'model.activation': 'sigmoid' },
  'c: circle, [4, 2] tanh': { 'data.dataset': 'circle', 'model.hidden_layers': '4,2', 'model.activation': 'tanh' },
};
const COMMON = {
  'data.train_size': '250', 'train.batch_size': '10', 'train.learning_rate': '0.03',
  'train.loss': 'mse', 'model.output_activation': 'tanh',
};

async function setField(page, pathKey, value) {
  const id = '#set-' + pathKey.replaceAll('.', '-');
  const el = page.locator(id);
  const tag = await el.evaluate((e) => e.tagName);
  if (tag === 'SELECT') await el.selectOption(value);
  else { await el.fill(value); await el.press('Enter'); await el.blur(); }
  await page.waitForTimeout(150);
}

async function measure(page, settings) {
  await page.getByTestId('scenario').selectOption('');
  // Loss first: cross-entropy refuses a tanh output, MSE accepts both.
  for (const [k, v] of Object.entries({ 'train.loss': 'mse', ...COMMON, ...settings })) await setField(page, k, v);
  await page.getByTestId('speed').selectOption('max');
  await page.evaluate(() => {
    window.__longTasks = 0;
    window.__samples = [];
    new PerformanceObserver((list) => { window.__longTasks += list.getEntries().length; })
      .observe({ type: 'longtask', buffered: false });
  });
  await page.getByTestId('play').click();
  const samples = [];
  for (let s = 0; s < SECONDS * 4; s++) {
    await page.waitForTimeout(250);
    samples.push(await page.evaluate(() => {
      const b = document.getElementById('boundary');
      return {
        eps: Number(document.getElementById('eps').textContent),
        epoch: Number(document.getElementById('epoch').textContent),
        snapshot: Number(b.dataset.snapshotMs || 0),
        draw: Number(b.dataset.drawMs || 0),
      };
    }));
  }
  await page.getByTestId('pause').click();
  const longTasks = await page.evaluate(() => window.__longTasks);
  const steady = samples.slice(8); // skip the first two seconds (warm-up)
  const median = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return {
    epochsPerSecond: median(steady.map((s) => s.eps)),
    epochsIn10s: samples[samples.length - 1].epoch,
    snapshotMs: median(steady.map((s) => s.snapshot)),
    drawMs: median(steady.map((s) => s.draw)),
    longTasks,
  };
}

withBrowser(PORT, async (browser, base) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${base}/index.html`);
  await page.getByTestId('epoch').waitFor();
  console.log('run | epochs/s (worker, median) | epochs in 10 s | worker ms per boundary update | page ms per frame | long tasks');
  for (const [name, settings] of Object.entries(CANONICAL)) {
    const r = await measure(page, settings);
    console.log(`${name} | ${r.epochsPerSecond} | ${r.epochsIn10s} | ${r.snapshotMs} | ${r.drawMs} | ${r.longTasks}`);
  }
});
