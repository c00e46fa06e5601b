// Memory soak (run by hand, not a test): `make soak MINUTES=30` after `make dist`.
// Plays too-small-model as fast as possible for MINUTES minutes and prints, every minute,
// the epoch reached and the resident memory of all the browser's processes (renderer and
// worker included), so a history that grows without bound shows as a steady climb.
const { execFileSync } = require('child_process');
const { readFileSync } = require('fs');
const { withBrowser } = require('./launch');

const PORT = 8285;
const MINUTES = Number(process.env.MINUTES || 30);

/** The processes whose parent chain leads to `root`: [pid, ppid, rss KB]. */
function family(root) {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=']).toString().trim().split('\n');
  const procs = rows.map((r) => r.trim().split(/\s+/).map(Number));
  const members = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of procs) {
      if (members.has(ppid) && !members.has(pid)) { members.add(pid); grew = true; }
    }
  }
  return procs.filter(([pid]) => members.has(pid));
}

/** Resident memory of the whole family, in MB. */
function residentMb(root) {
  return family(root).reduce((sum, [, , rss]) => sum + rss, 0) / 1024;
}

/** Resident MB per Chromium process type (browser, renderer, gpu-process, utility...),
 * so a climb can be traced to the process that makes it. */
function byType(root) {
  const sums = {};
  for (const [pid, , rss] of family(root)) {
    let type = 'other';
    try {
      // Chromium rewrites its command line as one space-separated string.
      const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const flag = line.match(/--type=([\w-]+)/);
      type = flag ? flag[1] : (line.includes('chrom') ? 'browser' : 'other');
      // A utility process says what it serves (network, storage, audio...).
      const sub = line.match(/--utility-sub-type=([\w.-]+)/);
      if (sub) type += `(${sub[1].split('.').pop()})`;
    } catch (_) { /* the process has gone */ }
    sums[type] = (sums[type] || 0) + rss / 1024;
  }
  return Object.entries(sums).map(([t, mb]) => `${t} ${mb.toFixed(0)}`).join(', ');
}

withBrowser(PORT, async (browser, base, root) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The page's own wasm memory (the charts are drawn there), kept from Trunk's start event.
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => {
    window.soakWasm = e.detail.wasm;
  }));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const pageMb = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value / 2 ** 20;
    const wasm = await page.evaluate(() => window.soakWasm.memory.buffer.byteLength / 2 ** 20);
    return `page JS heap ${heap.toFixed(0)}, page wasm ${wasm.toFixed(0)}`;
  };
  await page.goto(`${base}/index.html`);
  await page.getByTestId('scenario').selectOption('too-small-model');
  await page.getByTestId('speed').selectOption('max');
  await page.getByTestId('play').click();
  // The lesson pauses at its 200 epochs; a learner who leaves the tab training presses
  // Play once more, and it trains on from there.
  await page.waitForFunction(() => /lesson's end/.test(document.getElementById('status').textContent));
  await page.getByTestId('play').click();
  console.log('minute | epoch | resident MB (all browser processes) | by process type | page MB');
  for (let m = 0; m <= MINUTES; m++) {
    if (m > 0) await page.waitForTimeout(60_000);
    const epoch = await page.getByTestId('epoch').textContent();
    console.log(`${m} | ${epoch} | ${residentMb(root).toFixed(0)} | ${byType(root)} | ${await pageMb()}`);
  }
  // The exports of a long run still work, and leave the page usable.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-history-json').click();
  console.log(`history JSON export: ${(await download).suggestedFilename()}`);
  console.log(`note: ${await page.getByTestId('export-note').textContent()}`);
});
