// The embed mode and its postMessage API, driven from a parent page on 127.0.0.1: the
// example lesson (www/embed-example.html), malformed commands, origin restriction, and the
// compact layout in a 320×240 iframe.
const { test, expect } = require('@playwright/test');
const { shot } = require('./helpers');

/** Opens the example lesson and waits for the playground's `ready` event. */
async function openLesson(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/embed-example.html');
  await page.waitForFunction(() => window.nnlabEvents.some((e) => e.type === 'ready'));
  return errors;
}

const events = (page, type) =>
  page.evaluate((t) => window.nnlabEvents.filter((e) => e.type === t), type);

/** Sends a raw message from the parent page to the playground's window. */
const post = (page, message) =>
  page.evaluate((m) => document.getElementById('playground').contentWindow.postMessage(m, '*'), message);

test('the example lesson drives sigmoid-stack, then relu + play, and accuracy rises', async ({ page }) => {
  const errors = await openLesson(page);
  const [ready] = await events(page, 'ready');
  expect(ready).toMatchObject({ source: 'nnlab', version: 1 });
  expect(ready.link).toContain('s=sigmoid-stack');

  await page.getByTestId('lesson-fail').click();
  await expect.poll(async () => (await events(page, 'epoch')).some((e) => e.epoch === 300)).toBe(true);
  const failed = (await events(page, 'epoch')).find((e) => e.epoch === 300);
  expect(failed.status).toBe('paused');
  expect(failed.testAccuracy).toBeLessThan(0.65);
  await shot(page, '10-lesson-failed');

  const before = (await events(page, 'epoch')).length;
  await page.getByTestId('lesson-fix').click();
  await expect.poll(async () => {
    const after = (await events(page, 'epoch')).slice(before);
    return after.some((e) => e.status === 'running' && e.testAccuracy > 0.9);
  }, { timeout: 60_000 }).toBe(true);
  const after = (await events(page, 'epoch')).slice(before);
  // The run restarted (epochs count up from the start again) and accuracy rose.
  expect(after[0].epoch).toBeLessThan(300);
  expect(Math.max(...after.map((e) => e.testAccuracy))).toBeGreaterThan(failed.testAccuracy + 0.3);
  for (const e of after) {
    expect(Object.keys(e).sort()).toEqual(
      ['epoch', 'source', 'status', 'testAccuracy', 'testLoss', 'trainAccuracy', 'trainLoss', 'type', 'version']);
  }
  await expect(page.frameLocator('#playground').getByTestId('remedy-relu')).toBeChecked();
  await shot(page, '11-lesson-fixed');
  expect(errors).toEqual([]);
});

test('bad commands are answered with an error event and change nothing', async ({ page }) => {
  await openLesson(page);
  const bad = [
    ['not an object', 'not an object'],
    [{ type: 'play' }, "no numeric 'version'"],
    [{ type: 'play', version: 2 }, 'version 2 is not spoken'],
    [{ type: 'eval', version: 1, code: 'alert(1)' }, "unknown message type 'eval'"],
    [{ type: 'step', version: 1, epochs: -3 }, 'from 1 to'],
    [{ type: 'setRemedy', version: 1, id: 'no-such-remedy' }, 'no-such-remedy'],
    [{ type: 'set', version: 1, key: 'lr', value: 'abc' }, 'train.learning_rate'],
    [{ type: 'load', version: 1, scenario: '<img src=x onerror=alert(1)>' }, 'unknown scenario'],
  ];
  for (const [message] of bad) await post(page, message);
  await expect.poll(async () => (await events(page, 'error')).length).toBe(bad.length);
  const answered = await events(page, 'error');
  bad.forEach(([, words], i) => expect(answered[i].message).toContain(words));
  expect(answered[3].command).toBe('eval');
  const frame = page.frameLocator('#playground');
  await expect(frame.getByTestId('epoch')).toHaveText('0');
  await expect(frame.getByTestId('scenario')).toHaveValue('sigmoid-stack');
  // Nothing received became markup.
  expect(await frame.locator('img').count()).toBe(0);
  // A good command after the bad ones still works: the API was not knocked over.
  await post(page, { type: 'step', version: 1, epochs: 7 });
  await expect(frame.getByTestId('epoch')).toHaveText('7');
});

test('an embed restricted to another origin ignores this parent and tells it nothing', async ({ page }) => {
  await page.goto('/embed-example.html');
  await page.evaluate(() => {
    window.seen = [];
    window.addEventListener('message', (e) => window.seen.push(e.data));
    const f = document.createElement('iframe');
    f.id = 'stranger';
    f.src = 'index.html?v=1&s=zero-init&embed=1&origin=https://tutorial.example';
    document.body.appendChild(f);
  });
  const stranger = page.frameLocator('#stranger');
  await expect(stranger.getByTestId('epoch')).toHaveText('0');
  await page.evaluate(() => document.getElementById('stranger').contentWindow.postMessage({ type: 'step', version: 1, epochs: 5 }, '*'));
  await page.waitForTimeout(1500);
  await expect(stranger.getByTestId('epoch')).toHaveText('0');
  const fromStranger = await page.evaluate(() => window.seen.filter((m) => m && m.source === 'nnlab' && m.link && m.link.includes('zero-init')));
  expect(fromStranger).toEqual([]);
});

test('an origin list with nothing usable in it obeys no parent and tells it nothing', async ({ page }) => {
  await page.goto('/embed-example.html');
  const lists = ['*', '127.0.0.1:9999', 'null', 'javascript:alert(1)', ''];
  await page.evaluate((lists) => {
    window.seen = [];
    window.addEventListener('message', (e) => window.seen.push(e.data));
    lists.forEach((list, i) => {
      const f = document.createElement('iframe');
      f.id = `closed-${i}`;
      f.src = `index.html?v=5&s=zero-init&embed=1&origin=${encodeURIComponent(list)}`;
      document.body.appendChild(f);
    });
  }, lists);
  for (let i = 0; i < lists.length; i++) {
    const frame = page.frameLocator(`#closed-${i}`);
    await expect(frame.getByTestId('epoch')).toHaveText('0');
    await expect(frame.getByTestId('notices')).toContainText('obeys no parent');
    await page.evaluate((id) => document.getElementById(id).contentWindow.postMessage({ type: 'step', version: 1, epochs: 5 }, '*'), `closed-${i}`);
  }
  await page.waitForTimeout(1500);
  for (let i = 0; i < lists.length; i++) {
    await expect(page.frameLocator(`#closed-${i}`).getByTestId('epoch')).toHaveText('0');
  }
  const fromClosed = await page.evaluate(() => window.seen.filter((m) => m && m.source === 'nnlab' && m.link && m.link.includes('zero-init')));
  expect(fromClosed).toEqual([]);
});

test('a 320×240 embed shows the boundary, the loss, playback and remedies, and nothing wider', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 240 });
  await page.goto('/index.html?v=1&s=sigmoid-stack&embed=1&caption=Four+sigmoid+layers');
  await expect(page.getByTestId('epoch')).toHaveText('0');
  for (const id of ['boundary', 'loss-chart', 'play', 'pause', 'reset', 'remedy-relu', 'caption']) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  for (const id of ['grad-chart', 'health-chart', 'scenario', 'seed', 'share-link', 'export-png']) {
    await expect(page.getByTestId(id)).toBeHidden();
  }
  await expect(page.locator('#settings')).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await shot(page, '12-embed-320x240');
  // Options in the link choose other panels and controls.
  await page.goto('/index.html?v=1&s=sigmoid-stack&embed=1&panels=gradients&controls=scenario,seed');
  await expect(page.getByTestId('grad-chart')).toBeVisible();
  await expect(page.getByTestId('scenario')).toBeVisible();
  await expect(page.getByTestId('seed')).toBeVisible();
  await expect(page.getByTestId('boundary')).toBeHidden();
  await expect(page.getByTestId('play')).toBeHidden();
});

test('autoplay and an epoch limit: the embed trains to the limit and reports finished', async ({ page }) => {
  await page.goto('/embed-example.html');
  await page.evaluate(() => {
    window.seen = [];
    window.addEventListener('message', (e) => { if (e.data && e.data.source === 'nnlab') window.seen.push(e.data); });
    const f = document.createElement('iframe');
    f.id = 'limited';
    f.src = 'index.html?v=1&s=zero-init&embed=1&autoplay=1&until=45';
    document.body.appendChild(f);
  });
  await page.waitForFunction(() => window.seen.some((m) => m.type === 'finished' && m.link === undefined));
  const finished = await page.evaluate(() => window.seen.filter((m) => m.type === 'finished'));
  expect(finished[0]).toMatchObject({ epoch: 45, reason: 'epoch-limit' });
  await expect(page.frameLocator('#limited').getByTestId('epoch')).toHaveText('45');
  await expect(page.frameLocator('#limited').getByTestId('status')).toHaveText('finished');
});
