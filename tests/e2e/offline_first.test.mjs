// Offline-first, end to end: the real client in Chromium against the real server. A first visit
// stores the pack, its pictures and the app shell; then the network goes away and the app must
// start from the service worker and IndexedDB, show sign pictures and keep every answer; back
// online it revalidates with a 304 and downloads nothing again; and idle, it stops drawing.
// Each test starts from a fresh browser profile, so each can run alone (one CTest entry each).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  PACK_PATH, answerPractice, answerRightUntil, centre, desktop, expectPictures, isExpectedOfflineError, newClient, openPractice, phone,
  practiceState, practiceView, saveScreenshot, settleFrames, useServerAndBrowser, waitForPractice, waitForScreen, waitUntilOfflineReady, withClient
} from './harness.mjs';

const env = useServerAndBrowser();

// [SECTION] Steps shared by the tests

// Server log lines (one per request: "GET /path STATUS BYTESB ...") written after `offset`.
const requestsSince = (offset) => env.server.log().slice(offset).split('\n').filter((line) => / (GET|HEAD) \//.test(line));

// Waits until every picture of the question on screen is a texture, then checks the screenshot
// really shows them (many colours inside each picture's rectangle, not a flat placeholder).
async function expectPicturesShown(page, name, scale = 1) {
  await waitForPractice(page, (s) => s.pictures.length > 0 && s.pictures.every((p) => p.ready), 'the sign pictures', 60000);
  await settleFrames(page);
  const state = practiceView(await waitForScreen(page, 'practice'));
  const shot = await saveScreenshot(page, name);
  expectPictures(shot, state.pictures.map((p) => (p.role === 'prompt' ? state.prompt_picture_rect : state.choice_rects[p.choice])), scale);
  return state;
}

// A first visit that stores everything and answers `answers` questions (0, 1: text, pictures).
async function firstVisit(page, answers = 1) {
  await page.goto(env.server.url + '/');
  await openPractice(page);
  await waitForPractice(page, (s) => s.phase === 'question', 'the first question', 60000);
  for (let i = 0; i < answers; i++) await answerPractice(page, i % 2);
  return waitUntilOfflineReady(page);
}

// [SECTION] The tests

test('first visit online: downloads with progress, answers three questions, one with sign pictures', () => withClient(newClient(), async ({ context, page }) => {
  // A slow line (about 3G) so the download progress can be seen and photographed.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 160 * 1024, uploadThroughput: 64 * 1024 });
  const logStart = env.server.log().length;
  await page.goto(env.server.url + '/');
  // The status line and the bar under it show the bytes as they arrive.
  const downloading = await waitForPractice(page, (s) => /^Downloading questions: \d+ KB of \d+ KB$/.test(s.status_line ?? ''),
                                         'the pack download in progress', 60000);
  assert.equal(downloading.content.sync.state, 'downloading');
  assert.ok(downloading.content.sync.bytes_total > 0);
  await saveScreenshot(page, 'offline-first-1-downloading-pack');

  await openPractice(page);
  const first = await waitForPractice(page, (s) => s.phase === 'question', 'the first question', 60000);
  assert.equal(first.content.pack_source, 'network');
  assert.equal(first.content.sync.state, 'updated');
  assert.match(first.content.sync.etag, /^"[0-9a-f]+"$/, 'the stored ETag is the header value, trimmed');
  assert.ok(first.content.sync.progress_reports >= 2, `the download reported progress: ${JSON.stringify(first.content.sync)}`);

  // Question 1 (text), by keyboard.
  await answerPractice(page, 1);
  // Question 2 shows four signs as picture buttons; the pictures download with a progress line.
  const pictures = await expectPicturesShown(page, 'offline-first-2-sign-choices');
  assert.equal(pictures.pictures.filter((p) => p.role === 'choice').length, pictures.choice_count);
  const during = await practiceState(page);
  if (during.content.media.queued > 0) assert.match(during.status_line, /Pictures \d+\/\d+ · [\d.]+\/[\d.]+ (KB|MB)/);
  for (const rect of pictures.choice_rects) assert.ok(rect.width >= 44 && rect.height >= 44, `picture button ${JSON.stringify(rect)}`);
  await page.mouse.click(centre(pictures.choice_rects[1]).x, centre(pictures.choice_rects[1]).y);
  const clicked = await waitForPractice(page, (s) => s.answered, 'the picture answer');
  assert.equal(clicked.selected, 1);
  await settleFrames(page);
  await saveScreenshot(page, 'offline-first-3-sign-feedback');
  await page.keyboard.press('Enter');
  await waitForPractice(page, (s) => s.position === 2 && !s.answered, 'the third question');
  // Question 3, by keyboard.
  await page.keyboard.press('3');
  await waitForPractice(page, (s) => s.answered, 'the third answer');

  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const stored = await waitUntilOfflineReady(page);
  assert.equal(stored.progress.records, 3);
  assert.equal(stored.progress.saved, 3);
  assert.deepEqual(stored.progress.answers.map((a) => a.id.split(':')[1]), ['1', '2', '3'], 'record ids count up per device');
  assert.match(stored.progress.answers[0].id, /^[0-9a-f]{32}\.[0-9a-f]{12}:1$/, "<device>.<instance>:<counter>");
  assert.ok(stored.storage.open, 'IndexedDB opened');
  // Every picture was fetched once, by content hash.
  const media = requestsSince(logStart).filter((line) => line.includes('/api/v1/media/'));
  const hashes = media.map((line) => line.match(/media\/([0-9a-f]{64})/)[1]);
  assert.equal(new Set(hashes).size, hashes.length, 'no picture was downloaded twice');
  assert.equal(hashes.length, stored.content.media.needed);
}));

test('offline reload: the app starts from the service worker and IndexedDB, with sign pictures', () => withClient(newClient(), async ({ context, page }) => {
  await firstVisit(page, 1);
  await context.setOffline(true);
  const response = await page.reload();
  assert.ok(response.fromServiceWorker(), 'the page came from the service worker');
  await openPractice(page);
  const start = await waitForPractice(page, (s) => s.phase === 'question', 'the first question, offline', 60000);
  assert.equal(start.content.pack_source, 'storage');
  await waitForPractice(page, (s) => s.content.sync.state === 'failed', 'the revalidation to fail offline');
  const offline = await practiceState(page);
  assert.equal(offline.content.sync.offline, true);
  assert.match(offline.status_line, /^Offline/);
  const events = offline.content.timeline.map((e) => e.event);
  assert.ok(events.indexOf('pack_from_storage') < events.indexOf('pack_revalidate'), `stored pack in use before the network is asked: ${events}`);

  // On to the first question whose answers are signs (the practice queue decides the order).
  const pack = await env.servedPack();
  const offlineAnswers = await answerRightUntil(page, pack, (p) => p.pictures?.some((picture) => picture.role === 'choice'));
  const pictures = await expectPicturesShown(page, 'offline-first-4-offline-sign-choices');
  assert.ok(pictures.textures.uploaded >= pictures.pictures.length, `textures uploaded: ${JSON.stringify(pictures.textures)}`);
  await page.mouse.click(centre(pictures.choice_rects[0]).x, centre(pictures.choice_rects[0]).y);
  const answered = await waitForPractice(page, (s) => s.answered && s.progress.saving === 0, 'the offline answer, saved');
  assert.equal(answered.progress.records, 2 + offlineAnswers, 'one answer online, the others offline');
  assert.equal(answered.progress.saved, 1 + offlineAnswers);

  // On to the first question about one sign: its picture stands above the prompt.
  await page.keyboard.press('Enter');
  await waitForPractice(page, (s) => s.position === answered.position + 1 && !s.answered, 'the next question');
  await answerRightUntil(page, pack, (p) => p.pictures?.some((picture) => picture.role === 'prompt'));
  const prompt = await expectPicturesShown(page, 'offline-first-5-offline-sign-prompt');
  assert.ok(prompt.prompt_picture_rect.width >= 120, `the sign above the prompt is large: ${JSON.stringify(prompt.prompt_picture_rect)}`);
}, { expected: isExpectedOfflineError }));

test('offline reloads keep the progress log', () => withClient(newClient(phone), async ({ context, page }) => {
  await firstVisit(page, 2);
  await context.setOffline(true);
  await page.reload();
  await openPractice(page);
  await waitForPractice(page, (s) => s.phase === 'question' && s.progress.loaded, 'the offline start');
  const tap = centre(practiceView(await waitForScreen(page, 'practice')).choice_rects[2]);
  await page.touchscreen.tap(tap.x, tap.y);
  const third = await waitForPractice(page, (s) => s.answered && s.progress.saving === 0, 'the offline answer, saved');
  assert.equal(third.progress.records, 3);
  const before = third.progress.answers;

  await page.reload();
  await openPractice(page);
  const again = await waitForPractice(page, (s) => s.phase === 'question' && s.progress.loaded, 'the second offline start');
  assert.equal(again.progress.loaded_records, 3, 'every answer survived the reloads');
  assert.deepEqual(again.progress.answers, before, 'the same records, ids and order');
  assert.equal(again.progress.bad_lines, 0);
  // Ids are "<device>.<instance>:<counter>": the device is kept, each start is a new instance
  // (two tabs never write the same id), so no id is ever reused.
  assert.equal(again.progress.writer_id.split('.')[0], before[0].id.split('.')[0], 'the device id is kept');
  assert.notEqual(again.progress.writer_id, before[0].id.split(':')[0], 'this start writes as a new instance');
  await page.keyboard.press('1');
  const fourth = await waitForPractice(page, (s) => s.progress.records === 4 && s.progress.saving === 0, 'a fourth answer');
  assert.equal(fourth.progress.answers[3].id, `${again.progress.writer_id}:1`);
  assert.equal(new Set(fourth.progress.answers.map((a) => a.id)).size, 4, 'four different ids');
  await settleFrames(page);
  await saveScreenshot(page, 'offline-first-7-phone-offline');
}, { expected: isExpectedOfflineError }));

test('back online: the pack revalidates with 304 and nothing is downloaded again', () => withClient(newClient(), async ({ context, page }) => {
  const stored = await firstVisit(page, 1);
  await context.setOffline(true);
  await page.reload();
  await openPractice(page);
  await waitForPractice(page, (s) => s.phase === 'question' && s.content.sync.state === 'failed', 'the offline start');
  await context.setOffline(false);
  const logStart = env.server.log().length;
  await page.reload();
  await openPractice(page);
  const online = await waitForPractice(page, (s) => s.phase === 'question' && s.content.sync.state === 'up_to_date', 'the 304', 60000);
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
}, { expected: isExpectedOfflineError }));

test('idle: with no input the app stops drawing', () => withClient(newClient(), async ({ page }) => {
  await firstVisit(page, 0);
  await settleFrames(page, 10);
  const start = await practiceState(page);
  await page.waitForTimeout(2000);
  const end = await practiceState(page);
  assert.ok(end.frames - start.frames <= 3, `drew ${end.frames - start.frames} frames in 2 s of idling`);

  // Input wakes it at once, and it answers.
  await page.keyboard.press('2');
  const answered = await waitForPractice(page, (s) => s.answered, 'the answer after idling');
  assert.ok(answered.frames > end.frames);
  await page.waitForTimeout(1000);
  const rested = await practiceState(page);
  await page.waitForTimeout(2000);
  const after = await practiceState(page);
  assert.ok(after.frames - rested.frames <= 3, `drew ${after.frames - rested.frames} frames in 2 s after the answer`);
}));

test('a broken pack download never replaces the stored pack', async () => {
  // No service worker here: the test rewrites API answers, which Playwright sees without one.
  const { context, page, problems } = await newClient({ ...desktop, serviceWorkers: 'block' });
  try {
    await page.goto(env.server.url + '/');
    const stored = await waitUntilOfflineReady(page, { shell: false });
    // The server now "publishes" a new version that arrives as a 200 with a new ETag, but cut short.
    const good = await (await fetch(env.server.url + PACK_PATH)).text();
    await context.route(`**${PACK_PATH}`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', headers: { ETag: '"0123456789abcdef"', 'Cache-Control': 'no-cache' },
                      body: good.slice(0, Math.floor(good.length / 2)) }));
    await page.reload();
    await openPractice(page);
    const broken = await waitForPractice(page, (s) => s.phase === 'question' && s.content.sync.state === 'failed' && s.status_line !== s.pack_title,
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
    const again = await waitForPractice(page, (s) => s.phase === 'question' && s.content.sync.state === 'up_to_date', 'the 304');
    assert.equal(again.content.sync.etag, stored.content.sync.etag);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('storage full: the app says so, and the questions still work', () => withClient(newClient({ ...desktop, serviceWorkers: 'block' }), async ({ context, page }) => {
  // 64 KB for this site: the pack (580 KB) cannot be stored.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: env.server.url, quotaSize: 64 * 1024 });
  await page.goto(env.server.url + '/');
  await openPractice(page);
  const state = await waitForPractice(page, (s) => s.phase === 'question' && s.content.storage_problem, 'the storage problem', 60000);
  assert.equal(state.content.storage_problem.kind, 'quota_exceeded');
  assert.match(state.content.storage_problem.message, /storage .*is full.*QuotaExceededError/);
  assert.equal(state.content.pack_source, 'network', 'the downloaded pack is used for this visit');
  await page.keyboard.press('1');
  await waitForPractice(page, (s) => s.answered, 'an answer');
  await settleFrames(page);
  const shot = await saveScreenshot(page, 'offline-first-9-storage-full');
  assert.ok(shot.distinctColours > 8);
}));
