// Same link, same run: a link copied from the page, opened in a fresh browser, trains
// epoch for epoch what `nnlab run --link` trains; the page's downloads (history CSV/JSON,
// run bundle, plots PNG) hold that run; the page obeys its CSP and, once loaded, asks the
// network for nothing.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { open, shot } = require('./helpers');

const NNLAB = path.join(__dirname, '..', '..', 'target', 'release', 'nnlab');

/** `nnlab run ... --json`, parsed. */
function cli(args) {
  const out = execFileSync(NNLAB, ['run', ...args, '--json'], { maxBuffer: 64 << 20 });
  return JSON.parse(out.toString());
}

/** Trains `link` to epoch `until` in the page and downloads its history as JSON. */
async function pageHistory(page, link, until) {
  await page.goto(`/index.html${link}&until=${until}&autoplay=1`);
  await expect(page.getByTestId('status')).toHaveText(/finished|diverged|stopped early/, { timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.getByTestId('export-history-json').click();
  const file = await (await download).path();
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const FIELDS = ['epoch', 'learning_rate', 'train_loss', 'test_loss', 'train_accuracy', 'test_accuracy', 'test_precision', 'test_recall'];

/** Every epoch's numbers, exactly (both sides print shortest round-trip decimals). */
function sameRun(pageDoc, cliDoc, label) {
  expect(pageDoc.epochs.length, label).toBe(cliDoc.epochs.length);
  pageDoc.epochs.forEach((e, i) => {
    for (const f of FIELDS) expect(e[f], `${label}: epoch ${i} ${f}`).toBe(cliDoc.epochs[i][f]);
  });
  expect(pageDoc.status, label).toBe(cliDoc.status);
}

test('links run bit for bit the same in the page and in the CLI', async ({ page }) => {
  const links = [
    ['?v=1&s=sigmoid-stack&r=relu&seed=3', 120],
    ['?v=1&s=tiny-dataset&r=dropout,augment&seed=11', 80],
    ['?v=1&s=noisy-labels&r=early-stop&seed=2&lr=0.02', 150],
    // MSE on a linear output at rate 4 climbs for 11 epochs, then overflows.
    ['?v=1&s=lr-too-high&seed=5&hidden=8,8&act=relu&loss=mse&out=linear&lr=4', 30],
  ];
  for (const [link, until] of links) {
    const fromPage = await pageHistory(page, link, until);
    const fromCli = cli(['--link', link, '--epochs', String(until)]);
    expect(fromPage.epochs.length, link).toBeGreaterThan(10);
    sameRun(fromPage, fromCli, link);
  }
});

test('a link copied from the page reproduces its run in a fresh browser', async ({ page, browser }) => {
  await open(page, '');
  await page.getByTestId('scenario').selectOption('dead-relu');
  await page.getByTestId('remedy-he-init').check();
  await page.getByTestId('seed').fill('77');
  await page.getByTestId('seed').dispatchEvent('change');
  await expect(page.getByTestId('share-link')).toHaveValue(/seed=77/);
  const copied = new URL(await page.getByTestId('share-link').inputValue());
  expect(copied.search).toContain('s=dead-relu');
  expect(copied.search).toContain('r=he-init');

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const fromFresh = await pageHistory(other, copied.search, 60);
  await fresh.close();
  const fromHere = await pageHistory(page, copied.search, 60);
  sameRun(fromFresh, fromHere, 'two browsers');
  sameRun(fromFresh, cli(['--link', copied.href, '--epochs', '60']), 'page vs CLI');
});

test('downloads: history as CSV and JSON, the run bundle, the plots as PNG', async ({ page }) => {
  const link = '?v=1&s=wrong-loss&r=cross-entropy&seed=4';
  const json = await pageHistory(page, link, 25);
  expect(json.scenario).toBe('wrong-loss');
  // Epoch 0 (the untrained network) and 25 trained epochs.
  expect(json.epochs).toHaveLength(26);
  expect(json.epochs[0].epoch).toBe(0);

  const save = async (testId) => {
    const download = page.waitForEvent('download');
    await page.getByTestId(testId).click();
    const d = await download;
    return { name: d.suggestedFilename(), body: fs.readFileSync(await d.path()) };
  };
  const csv = await save('export-history-csv');
  expect(csv.name).toBe('nnlab-wrong-loss-seed4-history.csv');
  const rows = csv.body.toString().trim().split('\n');
  expect(rows[0]).toBe(FIELDS.join(','));
  expect(rows).toHaveLength(27);
  rows.slice(1).forEach((row, i) => {
    const cells = row.split(',').map(Number);
    FIELDS.forEach((f, k) => expect(cells[k], `csv epoch ${i} ${f}`).toBe(json.epochs[i][f]));
  });

  // The bundle replays in the CLI to the same run.
  const bundle = await save('export-bundle');
  expect(bundle.name).toBe('nnlab-wrong-loss-seed4-bundle.json');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnlab-e2e-')), bundle.name);
  fs.writeFileSync(file, bundle.body);
  sameRun(json, cli(['--bundle', file, '--epochs', '25']), 'bundle replay');

  const png = await save('export-png');
  expect(png.name).toBe('nnlab-wrong-loss-seed4-epoch25-plots.png');
  expect(png.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.body.length).toBeGreaterThan(20_000);
  const shots = path.join(__dirname, '..', '..', 'test-output', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  fs.writeFileSync(path.join(shots, '13-exported-plots.png'), png.body);
});

test('the CSP forbids inline script and eval; after load the page asks the network for nothing', async ({ page }) => {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await open(page, '');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  expect(await page.locator('script:not([src])').count()).toBe(0);
  // Code the test runner evaluates is exempt from the page's CSP, so the probes below
  // hand the page strings to compile itself: an inline script, and a string timer (eval).
  const violations = await page.evaluate(() => new Promise((resolve) => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    const s = document.createElement('script');
    s.textContent = 'window.injected = 1';
    document.body.appendChild(s);
    setTimeout('window.evaluated = 1', 0);
    setTimeout(() => resolve({ seen, injected: window.injected, evaluated: window.evaluated }), 300);
  }));
  expect(violations.injected).toBeUndefined();
  expect(violations.evaluated).toBeUndefined();
  expect(violations.seen).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src/)]));
  expect(violations.seen.length).toBeGreaterThanOrEqual(2);

  await page.waitForLoadState('networkidle');
  const loaded = requests.length;
  await page.getByTestId('play').click();
  await page.getByTestId('scenario').selectOption('lr-too-low');
  await page.getByTestId('remedy-adam').check();
  await page.getByTestId('new-seed').click();
  await page.getByTestId('embed').click();
  await expect(page.getByTestId('embed-code')).toHaveValue(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/index\.html\?v=5&amp;s=lr-too-low&amp;r=adam&amp;seed=\d+&amp;embed=1" /);
  await page.getByTestId('export-history-csv').click();
  await page.waitForTimeout(2000);
  const after = requests.slice(loaded).filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'));
  expect(after).toEqual([]);
  await shot(page, '14-embed-snippet');
});
