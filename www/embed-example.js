// A tutorial page driving an embedded nnlab playground through its postMessage API.
// Commands: {type, version: 1, ...}; events come back with source "nnlab", a type and a
// version. The iframe's link names this page's origin (origin=...), so the playground obeys
// only this page and reports only to it.
(function () {
  'use strict';
  const API = 1;
  const frame = document.getElementById('playground');
  const playground = new URL('index.html', location.href);
  playground.search = new URLSearchParams({
    v: '1', s: 'sigmoid-stack', seed: '1', embed: '1', origin: location.origin,
    caption: 'Four sigmoid layers: watch the test accuracy.',
  }).toString();
  frame.src = playground.href;
  const target = playground.origin;

  // Every event, kept for readers (and tests) of this page.
  const events = [];
  window.nnlabEvents = events;

  function send(message) {
    frame.contentWindow.postMessage(Object.assign({ version: API }, message), target);
    log('→ ' + JSON.stringify(message));
  }

  // The last lines only: a chatty playground must not slow this page down.
  const LOG_LINES = 200;
  const lines = [];
  function log(line) {
    lines.push(line);
    if (lines.length > LOG_LINES) lines.shift();
    const box = document.getElementById('log');
    box.textContent = lines.join('\n') + '\n';
    box.scrollTop = box.scrollHeight;
  }

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  window.addEventListener('message', (e) => {
    if (e.source !== frame.contentWindow || e.origin !== target) return;
    const m = e.data;
    if (!m || m.source !== 'nnlab' || m.version !== API) return;
    events.push(m);
    switch (m.type) {
      case 'ready':
        text('status', 'ready');
        for (const b of document.querySelectorAll('button')) b.disabled = false;
        log('← ready');
        break;
      case 'epoch':
        text('epoch', String(m.epoch));
        text('accuracy', m.testAccuracy == null ? '–' : (100 * m.testAccuracy).toFixed(1) + '%');
        text('status', m.status);
        break;
      case 'diverged':
      case 'finished':
      case 'error':
        log('← ' + JSON.stringify(m));
        break;
    }
  });

  document.getElementById('step-fail').addEventListener('click', () => {
    text('progress', '');
    send({ type: 'load', scenario: 'sigmoid-stack', remedies: [], seed: 1 });
    send({ type: 'step', epochs: 300 });
  });
  document.getElementById('step-fix').addEventListener('click', () => {
    send({ type: 'setRemedy', id: 'relu', on: true });
    send({ type: 'play' });
  });
  document.getElementById('pause').addEventListener('click', () => send({ type: 'pause' }));
})();
