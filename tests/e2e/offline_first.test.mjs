// Offline-first, end to end: the real client in Chromium against the real server. A first visit
// stores the pack, its pictures and the app shell; then the network goes away and the app must
// start from the service worker and IndexedDB, show sign pictures and keep every answer; back
// online it revalidates with a 304 and downloads nothing again; and idle, it stops drawing.
// Each test starts from a fresh browser profile, so each can run alone (one CTest entry each).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, regionColours, saveScreenshot, settleFrames, startServer, watchConsole, openPractice, practiceView, practiceState as clientState, waitForPractice as waitForState, waitForPracticeDrawn } from './harness.mjs';

const PACK_PATH = '/api/v1/packs/umuhanda-default';
let server;
let chromium;

before(async () => {
  server = await startServer();
  chromium = await launchBrowser();
});

after(async () => {
  await chromium?.close();
  await server?.stop();
});

// [SECTION] Steps shared by the tests

// Server log lines (one per request: "GET /path STATUS BYTESB ...") written after `offset`.
const requestsSince = (offset) => server.log().slice(offset).split('\n').filter((line) => / (GET|HEAD) \//.test(line));

// Offline, the browser reports every refused request; those are expected, nothing else is.
const unexpected = (problems) =>
  problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch|ServiceWorker|service worker/i.test(p));

// The right answer to the practice question on screen, from the pack as the server serves it
// (fetched by the test itself, so it works while the browser is offline). Loops that look for a
// kind of question answer right: wrong answers come back a few questions later.
let servedPack;
async function rightChoice(page) {
  servedPack ??= await (await fetch(server.url + PACK_PATH)).json();
  const id = (await clientState(page)).question_id;
  const { correct } = servedPack.questions.find((q) => q.id === id);
  return Array.isArray(correct) ? correct[0] : correct;  // one answer is written as a number
}

const centre = (rect) => ({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });

async function newClient(viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await chromium.browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const problems = watchConsole(page);
  return { context, page, problems };
}

const settled = (s) =>
  (s.phase === 'question' || s.phase === 'ready') && s.content.media.queued === 0 && s.content.media.storing === 0 &&
  s.content.media.held === s.content.media.needed && s.textures.loading === 0 && s.progress.saving === 0;

// Waits until the pack, every picture and the service worker's shell are stored.
async function waitUntilStored(page) {
  const state = await waitForState(page, settled, 'pack, pictures and answers stored', 120000);
  const shellFiles = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 200; i++) {
      const name = (await caches.keys()).find((key) => key.startsWith('umuhanda-shell-'));
      if (name && navigator.serviceWorker.controller) {
        const files = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
        if (files.length >= 3) return files;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  });
  assert.ok(shellFiles.some((f) => /^\/index\.[0-9a-f]{8,}\.wasm$/.test(f)), `the service worker holds the hashed wasm: ${shellFiles}`);
  assert.ok(shellFiles.some((f) => /^\/index\.[0-9a-f]{8,}\.js$/.test(f)), `the service worker holds the hashed js: ${shellFiles}`);
  return state;
}

// Answers the question on screen with `choice` (keyboard), then goes on to the next one.
async function answerByKey(page, choice) {
  const before = await clientState(page);
  await page.keyboard.press(String(choice + 1));
  const answered = await waitForState(page, (s) => s.answered && s.position === before.position, 'the answer');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => !s.answered && s.position === before.position + 1, 'the next question');
  return answered;
}

// Waits until every picture of the question on screen is a texture, then checks the screenshot
// really shows them (many colours inside each picture's rectangle, not a flat placeholder).
async function expectPicturesShown(page, name, scale = 1) {
  await waitForState(page, (s) => s.pictures.length > 0 && s.pictures.every((p) => p.ready), 'the sign pictures', 60000);
  await settleFrames(page);
  const state = practiceView(await waitForPracticeDrawn(page));
  const shot = await saveScreenshot(page, name);
  const rects = state.pictures.map((p) => (p.role === 'prompt' ? state.prompt_picture_rect : state.choice_rects[p.choice]));
  for (const rect of rects) {
    const colours = regionColours(shot.png, rect, scale);
    assert.ok(colours >= 20, `${shot.path}: the picture in ${JSON.stringify(rect)} shows ${colours} colours, a sign has far more`);
  }
  return state;
}

// The same without a service worker (tests that rewrite API answers run without one).
const waitUntilStoredWithoutShell = (page) => waitForState(page, settled, 'pack, pictures and answers stored', 120000);

// A first visit that stores everything and answers `answers` questions (0, 1: text, pictures).
async function firstVisit(page, answers = 1) {
  await page.goto(server.url + '/');
  await openPractice(page);
  await waitForState(page, (s) => s.phase === 'question', 'the first question', 60000);
  for (let i = 0; i < answers; i++) await answerByKey(page, i % 2);
  return waitUntilStored(page);
}

// [SECTION] The tests

test('first visit online: downloads with progress, answers three questions, one with sign pictures', async () => {
  const { context, page, problems } = await newClient();
  try {
    // A slow line (about 3G) so the download progress can be seen and photographed.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 160 * 1024, uploadThroughput: 64 * 1024 });
    const logStart = server.log().length;
    await page.goto(server.url + '/');
    // The status line and the bar under it show the bytes as they arrive.
    const downloading = await waitForState(page, (s) => /^Downloading questions: \d+ KB of \d+ KB$/.test(s.status_line ?? ''),
                                           'the pack download in progress', 60000);
    assert.equal(downloading.content.sync.state, 'downloading');
    assert.ok(downloading.content.sync.bytes_total > 0);
    await saveScreenshot(page, 'offline-first-1-downloading-pack');

    await openPractice(page);
    const first = await waitForState(page, (s) => s.phase === 'question', 'the first question', 60000);
    assert.equal(first.content.pack_source, 'network');
    assert.equal(first.content.sync.state, 'updated');
    assert.match(first.content.sync.etag, /^"[0-9a-f]+"$/, 'the stored ETag is the header value, trimmed');
    assert.ok(first.content.sync.progress_reports >= 2, `the download reported progress: ${JSON.stringify(first.content.sync)}`);

    // Question 1 (text), by keyboard.
    await answerByKey(page, 1);
    // Question 2 shows four signs as picture buttons; the pictures download with a progress line.
    const pictures = await expectPicturesShown(page, 'offline-first-2-sign-choices');
    assert.equal(pictures.pictures.filter((p) => p.role === 'choice').length, pictures.choice_count);
    const during = await clientState(page);
    if (during.content.media.queued > 0) assert.match(during.status_line, /Pictures \d+\/\d+ · [\d.]+\/[\d.]+ (KB|MB)/);
    for (const rect of pictures.choice_rects) assert.ok(rect.width >= 44 && rect.height >= 44, `picture button ${JSON.stringify(rect)}`);
    await page.mouse.click(centre(pictures.choice_rects[1]).x, centre(pictures.choice_rects[1]).y);
    const clicked = await waitForState(page, (s) => s.answered, 'the picture answer');
    assert.equal(clicked.selected, 1);
    await settleFrames(page);
    await saveScreenshot(page, 'offline-first-3-sign-feedback');
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.position === 2 && !s.answered, 'the third question');
    // Question 3, by keyboard.
    await page.keyboard.press('3');
    await waitForState(page, (s) => s.answered, 'the third answer');

    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const stored = await waitUntilStored(page);
    assert.equal(stored.progress.records, 3);
    assert.equal(stored.progress.saved, 3);
    assert.deepEqual(stored.progress.answers.map((a) => a.id.split(':')[1]), ['1', '2', '3'], 'record ids count up per device');
    assert.match(stored.progress.answers[0].id, /^[0-9a-f]{32}:1$/);
    assert.ok(stored.storage.open, 'IndexedDB opened');
    // Every picture was fetched once, by content hash.
    const media = requestsSince(logStart).filter((line) => line.includes('/api/v1/media/'));
    const hashes = media.map((line) => line.match(/media\/([0-9a-f]{64})/)[1]);
    assert.equal(new Set(hashes).size, hashes.length, 'no picture was downloaded twice');
    assert.equal(hashes.length, stored.content.media.needed);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('offline reload: the app starts from the service worker and IndexedDB, with sign pictures', async () => {
  const { context, page, problems } = await newClient();
  try {
    await firstVisit(page, 1);
    await context.setOffline(true);
    const response = await page.reload();
    assert.ok(response.fromServiceWorker(), 'the page came from the service worker');
    await openPractice(page);
    const start = await waitForState(page, (s) => s.phase === 'question', 'the first question, offline', 60000);
    assert.equal(start.content.pack_source, 'storage');
    await waitForState(page, (s) => s.content.sync.state === 'failed', 'the revalidation to fail offline');
    const offline = await clientState(page);
    assert.equal(offline.content.sync.offline, true);
    assert.match(offline.status_line, /^Offline/);
    const events = offline.content.timeline.map((e) => e.event);
    assert.ok(events.indexOf('pack_from_storage') < events.indexOf('pack_revalidate'), `stored pack in use before the network is asked: ${events}`);

    // On to the first question whose answers are signs (the practice queue decides the order).
    let offlineAnswers = 0;
    for (let i = 0; i < 12 && !(await clientState(page)).pictures.some((p) => p.role === 'choice'); i++, offlineAnswers++) await answerByKey(page, await rightChoice(page));
    const pictures = await expectPicturesShown(page, 'offline-first-4-offline-sign-choices');
    assert.ok(pictures.textures.uploaded >= pictures.pictures.length, `textures uploaded: ${JSON.stringify(pictures.textures)}`);
    await page.mouse.click(centre(pictures.choice_rects[0]).x, centre(pictures.choice_rects[0]).y);
    const answered = await waitForState(page, (s) => s.answered && s.progress.saving === 0, 'the offline answer, saved');
    assert.equal(answered.progress.records, 2 + offlineAnswers, 'one answer online, the others offline');
    assert.equal(answered.progress.saved, 1 + offlineAnswers);

    // On to the first question about one sign: its picture stands above the prompt.
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.position === answered.position + 1 && !s.answered, 'the next question');
    for (let i = 0; i < 12 && !(await clientState(page)).pictures.some((p) => p.role === 'prompt'); i++) await answerByKey(page, await rightChoice(page));
    const prompt = await expectPicturesShown(page, 'offline-first-5-offline-sign-prompt');
    assert.ok(prompt.prompt_picture_rect.width >= 120, `the sign above the prompt is large: ${JSON.stringify(prompt.prompt_picture_rect)}`);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await context.close();
  }
});

test('offline reloads keep the progress log', async () => {
  const { context, page, problems } = await newClient({ width: 390, height: 844 }, { deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  try {
    await firstVisit(page, 2);
    await context.setOffline(true);
    await page.reload();
    await openPractice(page);
    await waitForState(page, (s) => s.phase === 'question' && s.progress.loaded, 'the offline start');
    const tap = centre((practiceView(await waitForPracticeDrawn(page))).choice_rects[2]);
    await page.touchscreen.tap(tap.x, tap.y);
    const third = await waitForState(page, (s) => s.answered && s.progress.saving === 0, 'the offline answer, saved');
    assert.equal(third.progress.records, 3);
    const before = third.progress.answers;

    await page.reload();
    await openPractice(page);
    const again = await waitForState(page, (s) => s.phase === 'question' && s.progress.loaded, 'the second offline start');
    assert.equal(again.progress.loaded_records, 3, 'every answer survived the reloads');
    assert.deepEqual(again.progress.answers, before, 'the same records, ids and order');
    assert.equal(again.progress.bad_lines, 0);
    assert.equal(again.progress.device_id, before[0].id.split(':')[0], 'the device id is kept');
    // The next record continues the counter rather than reusing an id.
    await page.keyboard.press('1');
    const fourth = await waitForState(page, (s) => s.progress.records === 4 && s.progress.saving === 0, 'a fourth answer');
    assert.equal(fourth.progress.answers[3].id, `${again.progress.device_id}:4`);
    await settleFrames(page);
    await saveScreenshot(page, 'offline-first-7-phone-offline');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await context.close();
  }
});

test('back online: the pack revalidates with 304 and nothing is downloaded again', async () => {
  const { context, page, problems } = await newClient();
  try {
    const stored = await firstVisit(page, 1);
    await context.setOffline(true);
    await page.reload();
    await openPractice(page);
    await waitForState(page, (s) => s.phase === 'question' && s.content.sync.state === 'failed', 'the offline start');
    await context.setOffline(false);
    const logStart = server.log().length;
    await page.reload();
    await openPractice(page);
    const online = await waitForState(page, (s) => s.phase === 'question' && s.content.sync.state === 'up_to_date', 'the 304', 60000);
    assert.equal(online.content.pack_source, 'storage');
    assert.equal(online.content.sync.etag, stored.content.sync.etag);
    assert.equal(online.content.sync.pack_body_bytes, 0, 'no pack body arrived');
    assert.equal(online.content.media.downloaded, 0);
    assert.equal(online.content.media.held, online.content.media.needed);
    const events = online.content.timeline.map((e) => e.event);
    assert.ok(events.indexOf('pack_from_storage') < events.indexOf('pack_revalidate'), `stored pack in use before the network is asked: ${events}`);
    await settleFrames(page);
    await saveScreenshot(page, 'offline-first-8-online-again');

    // The server's own log: one conditional request answered 304 with no body, no picture.
    for (let i = 0; i < 100 && !requestsSince(logStart).some((l) => l.includes(`GET ${PACK_PATH} `)); i++) await page.waitForTimeout(20);
    const requests = requestsSince(logStart);
    const pack = requests.filter((line) => line.includes(`GET ${PACK_PATH} `));
    assert.equal(pack.length, 1, `one pack request:\n${requests.join('\n')}`);
    assert.match(pack[0], / 304 0B /);
    assert.deepEqual(requests.filter((line) => line.includes('/api/v1/media/')), [], 'no picture downloaded again');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await context.close();
  }
});

test('idle: with no input the app stops drawing', async () => {
  const { context, page, problems } = await newClient();
  try {
    await firstVisit(page, 0);
    await settleFrames(page, 10);
    const start = await clientState(page);
    await page.waitForTimeout(2000);
    const end = await clientState(page);
    assert.ok(end.frames - start.frames <= 3, `drew ${end.frames - start.frames} frames in 2 s of idling`);

    // Input wakes it at once, and it answers.
    await page.keyboard.press('2');
    const answered = await waitForState(page, (s) => s.answered, 'the answer after idling');
    assert.ok(answered.frames > end.frames);
    await page.waitForTimeout(1000);
    const rested = await clientState(page);
    await page.waitForTimeout(2000);
    const after = await clientState(page);
    assert.ok(after.frames - rested.frames <= 3, `drew ${after.frames - rested.frames} frames in 2 s after the answer`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a broken pack download never replaces the stored pack', async () => {
  // No service worker here: the test rewrites API answers, which Playwright sees without one.
  const { context, page, problems } = await newClient({ width: 1280, height: 800 }, { serviceWorkers: 'block' });
  try {
    await page.goto(server.url + '/');
    const stored = await waitUntilStoredWithoutShell(page);
    // The server now "publishes" a new version that arrives as a 200 with a new ETag, but cut short.
    const good = await (await fetch(server.url + PACK_PATH)).text();
    await context.route(`**${PACK_PATH}`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', headers: { ETag: '"0123456789abcdef"', 'Cache-Control': 'no-cache' },
                      body: good.slice(0, Math.floor(good.length / 2)) }));
    await page.reload();
    await openPractice(page);
    const broken = await waitForState(page, (s) => s.phase === 'question' && s.content.sync.state === 'failed' && s.status_line !== s.pack_title,
                                      'the refused download, on screen');
    assert.equal(broken.content.pack_source, 'storage', 'the student keeps practising the stored pack');
    assert.match(broken.content.sync.failure, /cannot use/);
    assert.equal(broken.content.sync.etag, stored.content.sync.etag, 'the stored ETag is unchanged');
    assert.equal(broken.status_line, 'Could not check for new questions');
    await saveScreenshot(page, 'offline-first-10-broken-download');

    // The next start still finds the old pack and its ETag: the server answers 304.
    await context.unroute(`**${PACK_PATH}`);
    await page.reload();
    await openPractice(page);
    const again = await waitForState(page, (s) => s.phase === 'question' && s.content.sync.state === 'up_to_date', 'the 304');
    assert.equal(again.content.sync.etag, stored.content.sync.etag);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('storage full: the app says so, and the questions still work', async () => {
  const { context, page, problems } = await newClient({ width: 1280, height: 800 }, { serviceWorkers: 'block' });
  try {
    // 64 KB for this site: the pack (580 KB) cannot be stored.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.url, quotaSize: 64 * 1024 });
    await page.goto(server.url + '/');
    await openPractice(page);
    const state = await waitForState(page, (s) => s.phase === 'question' && s.content.storage_problem, 'the storage problem', 60000);
    assert.equal(state.content.storage_problem.kind, 'quota_exceeded');
    assert.match(state.content.storage_problem.message, /storage .*is full.*QuotaExceededError/);
    assert.equal(state.content.pack_source, 'network', 'the downloaded pack is used for this visit');
    await page.keyboard.press('1');
    await waitForState(page, (s) => s.answered, 'an answer');
    await settleFrames(page);
    const shot = await saveScreenshot(page, 'offline-first-9-storage-full');
    assert.ok(shot.distinctColours > 8);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
