// Home, Progress and Settings, end to end: the real client in Chromium against the real server.
// Home follows what the student did (readiness, "Continue"); Progress shows the log as topic bars
// and an exam chart; Settings apply at once, survive a reload, and the two deletions ask first and
// delete exactly what they say. Exam attempts are written into IndexedDB as a sync would leave
// them, so the chart is tested without going through the exam screen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answerPractice, clientState, desktop, examAttempt, openClient, phone, pixelAt, press, saveScreenshot, screenState, seedProgress, settleFrames,
  tapTargetProblems, useServerAndBrowser, waitForScreen, waitForState, withClient
} from './harness.mjs';

const env = useServerAndBrowser();

// The app opened on Home, drawn with the progress log loaded.
async function openHome(device) {
  const client = await openClient(device);
  await waitForScreen(client.page, 'home', (home, s) => s.progress.loaded, 'home with the progress log loaded', 60000);
  return client;
}

// Esc from practice (or any screen one level down) back to Home, drawn with the latest log.
async function backHome(page) {
  await page.keyboard.press('Escape');
  const { progress } = await clientState(page);
  return waitForScreen(page, 'home', (home, s) => home.view.revision >= 0 && s.progress.records === progress.records, 'home after Esc');
}

const answeredRecords = (n) => (s) => s.progress.records === n && s.progress.saving === 0;

// [SECTION] Home

test('home: readiness and continue follow what the student did', () => withClient(openHome(phone), async ({ page, touch }) => {
  let state = await clientState(page);
  let home = screenState(state, 'home');
  assert.equal(home.continue.kind, 'start', 'a first visit offers a first step');
  assert.equal(home.readiness.answered, 0);
  assert.deepEqual(tapTargetProblems(state), []);
  await saveScreenshot(page, 'home-1-first-visit-390x844');

  // "Start practising": every topic.
  await press(page, 'home.continue', { screen: 'home', touch });
  state = await waitForScreen(page, 'practice', (p) => p.question_id, 'practice');
  assert.equal(screenState(state, 'practice').mode, 'topic');
  assert.equal(screenState(state, 'practice').topic, '');
  const outcomes = [];
  for (let i = 0; i < 3; i++) outcomes.push((await answerPractice(page, i % 2)).outcome);
  await waitForState(page, answeredRecords(3), 'three answers saved');
  home = screenState(await backHome(page), 'home');
  const right = outcomes.filter((o) => o === 'right').length;
  assert.equal(home.readiness.answered, 3);
  assert.equal(home.readiness.right, right);
  assert.equal(home.readiness.percent, Math.round((right / 3) * 100));
  assert.deepEqual(home.continue, { kind: 'practice', mode: 'topic', topic: '' });
  assert.equal(home.seen, 3);
  assert.equal(home.unseen, home.total - 3);
  assert.equal(home.mistakes, 3 - right);
  await saveScreenshot(page, 'home-2-after-three-answers-390x844');

  // One topic: "By topic" opens the topic rows; the chosen topic is what "Continue" resumes.
  await press(page, 'home.topics', { screen: 'home', touch });
  state = await waitForScreen(page, 'home', (h) => h.view.topics_open && !h.view.scrolling, 'the topic rows, in view');
  const topicNames = Object.keys(state.targets).filter((n) => n.startsWith('home.topic.'));
  assert.ok(topicNames.length >= 2, `topic rows: ${topicNames}`);
  const topic = topicNames.includes('home.topic.lights') ? 'lights' : topicNames[1].slice('home.topic.'.length);
  await saveScreenshot(page, 'home-3-topics-open-390x844');
  await press(page, `home.topic.${topic}`, { screen: 'home', touch });
  await waitForScreen(page, 'practice', (p) => p.topic === topic && p.question_id, 'topic practice');
  await answerPractice(page, 0);
  await waitForState(page, answeredRecords(4), 'the fourth answer saved');
  home = screenState(await backHome(page), 'home');
  assert.deepEqual(home.continue, { kind: 'practice', mode: 'topic', topic });
  assert.equal(home.readiness.answered, 4);

  // The scope is remembered across a restart; Enter (nothing in the focus ring) is "Continue".
  await page.reload();
  state = await waitForScreen(page, 'home', (h, s) => s.progress.loaded && h.continue.topic === topic, 'home after the reload');
  assert.equal(screenState(state, 'home').readiness.answered, 4);
  await page.keyboard.press('Enter');
  state = await waitForScreen(page, 'practice', (p) => p.question_id, 'practice by Enter');
  assert.equal(screenState(state, 'practice').topic, topic);
  await backHome(page);

  // Arrows move the focus ring: Continue, then Practice (every topic); Enter takes the ringed row.
  await page.keyboard.press('ArrowDown');
  await waitForScreen(page, 'home', (h) => h.view.focus === 'home.continue', 'the ring on Continue');
  await page.keyboard.press('ArrowDown');
  await waitForScreen(page, 'home', (h) => h.view.focus === 'home.practice', 'the ring on Practice');
  await settleFrames(page);
  await saveScreenshot(page, 'home-4-focus-ring-390x844');
  await page.keyboard.press('Enter');
  state = await waitForScreen(page, 'practice', (p) => p.question_id, 'practice by the ring');
  assert.equal(screenState(state, 'practice').topic, '');
}));

// [SECTION] Progress

test('progress: topic bars and the exam chart show the log', () => withClient(openHome(desktop), async ({ page }) => {
  const pack = await env.servedPack();
  const topicOf = new Map(pack.questions.map((q) => [q.id, q.topic]));
  await press(page, 'home.practice', { screen: 'home' });
  await waitForScreen(page, 'practice', (p) => p.question_id, 'practice');
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push(await answerPractice(page, i % 3));
  await waitForState(page, answeredRecords(5), 'five answers saved');
  await backHome(page);
  await press(page, 'home.progress', { screen: 'home' });
  let state = await waitForScreen(page, 'progress', (p) => p.totals.answered === 5, 'the progress screen');
  let progress = screenState(state, 'progress');

  // Per topic: what this test answered, and the pack's question counts.
  const expected = new Map(pack.topics.map((t) => [t.id, { answered: 0, right: 0, seen: new Set(), total: 0 }]));
  for (const q of pack.questions) expected.get(q.topic).total += 1;
  for (const a of answers) {
    const e = expected.get(topicOf.get(a.question_id));
    e.answered += 1;
    if (a.outcome === 'right') e.right += 1;
    e.seen.add(a.question_id);
  }
  assert.equal(progress.topics.length, pack.topics.length);
  for (const t of progress.topics) {
    const e = expected.get(t.id);
    assert.deepEqual({ answered: t.answered, right: t.right, seen: t.seen, total: t.total, mastered: t.mastered },
                     { answered: e.answered, right: e.right, seen: e.seen.size, total: e.total, mastered: 0 }, `topic ${t.id}`);
    assert.equal(t.percent, e.answered ? Math.round((e.right / e.answered) * 100) : 0);
  }
  assert.equal(progress.totals.seen, new Set(answers.map((a) => a.question_id)).size);
  assert.equal(progress.totals.total, pack.questions.length);
  // The store's own keys stay where they are, beside the screen's.
  assert.equal(state.progress.records, 5);
  // No exam yet: the empty state, with a way to a first mock exam.
  assert.equal(progress.exam_count, 0);
  assert.deepEqual(progress.chart, []);
  assert.ok(state.targets['progress.exam'], 'the empty state offers a mock exam');
  await saveScreenshot(page, 'progress-1-no-exam-1280x800');

  // Three mock exams in the log (as a sync would bring them): the chart shows them in order.
  const blueprint = pack.exam_blueprints[0];
  const now = Date.now();
  const scores = [blueprint.pass_mark - 3, blueprint.pass_mark + 2, blueprint.question_count - 1];
  await seedProgress(page, scores.map((score, i) => examAttempt(pack, `e2e-seed:${i + 1}`, score, now - (3 - i) * 3600000)));
  await page.reload();
  state = await waitForScreen(page, 'home', (h, s) => s.progress.loaded && s.progress.records === 8, 'home with the exams');
  assert.deepEqual(screenState(state, 'home').readiness.exams.map((e) => [e.score, e.passed]), scores.map((s) => [s, s >= blueprint.pass_mark]));
  await saveScreenshot(page, 'progress-2-home-with-exams-1280x800');
  await press(page, 'home.progress', { screen: 'home' });
  state = await waitForScreen(page, 'progress', (p) => p.exam_count === 3, 'the exam chart');
  progress = screenState(state, 'progress');
  assert.deepEqual(progress.chart.map((e) => e.score), scores);
  assert.ok(progress.chart.every((e) => e.pass_mark === blueprint.pass_mark && e.question_count === blueprint.question_count));
  assert.deepEqual(progress.chart.map((e) => e.passed), [false, true, true]);
  assert.equal(progress.totals.answered, 5, 'the exams carry no answers of their own here');
  assert.equal(state.targets['progress.exam'], undefined, 'no empty state');
  await saveScreenshot(page, 'progress-3-chart-1280x800');
}));

// [SECTION] Settings

const firstPixel = (png) => pixelAt(png, { x: 0, y: 0 });

test('settings: theme, text size and language apply at once and survive a reload', () => withClient(openHome(phone), async ({ page, touch }) => {
  await press(page, 'home.settings', { screen: 'home', touch });
  let state = await waitForScreen(page, 'settings', (own) => own.view.estimate || own.storage_unknown, 'settings with the estimate');
  assert.equal(state.settings.theme, 'dark');
  assert.ok(screenState(state, 'settings').storage.usage_bytes > 0, 'the app stores something');
  assert.deepEqual(tapTargetProblems(state), []);
  const dark = await saveScreenshot(page, 'settings-1-dark-390x844');

  await press(page, 'settings.theme.light', { screen: 'settings', touch });
  state = await waitForScreen(page, 'settings', (own, s) => s.settings.theme === 'light', 'the light theme');
  await settleFrames(page);
  const light = await saveScreenshot(page, 'settings-2-light-390x844');
  assert.notDeepEqual(firstPixel(light.png), firstPixel(dark.png), 'the background changed at once');
  assert.ok(firstPixel(light.png).every((c) => c > 200), `a light background: ${firstPixel(light.png)}`);

  const clearBefore = state.targets['settings.clear_cache'];
  await press(page, 'settings.text_size.large', { screen: 'settings', touch });
  state = await waitForScreen(page, 'settings', (own, s) => s.settings.text_size === 'large' && s.targets['settings.clear_cache'].y > clearBefore.y,
                              'larger text pushes the content down');

  await press(page, 'settings.language.fr', { screen: 'settings', touch });
  state = await waitForScreen(page, 'settings', (own, s) => s.language === 'fr', 'French');
  assert.match(state.pack_title, /Code de la route/);
  await settleFrames(page);
  await saveScreenshot(page, 'settings-3-light-large-fr-390x844');

  await press(page, 'settings.theme.high_contrast', { screen: 'settings', touch });
  state = await waitForScreen(page, 'settings', (own, s) => s.settings.theme === 'high_contrast', 'high contrast');
  await settleFrames(page);
  const contrast = await saveScreenshot(page, 'settings-4-high-contrast-390x844');
  assert.deepEqual(firstPixel(contrast.png), [0, 0, 0], 'a black background');

  await page.reload();
  state = await waitForScreen(page, 'home', (h, s) => s.settings_loaded && s.phase === 'ready', 'home after the reload');
  assert.deepEqual({ theme: state.settings.theme, text_size: state.settings.text_size, language: state.settings.language },
                   { theme: 'high_contrast', text_size: 'large', language: 'fr' });
  assert.equal(state.language, 'fr');
  await settleFrames(page);
  assert.deepEqual(firstPixel((await saveScreenshot(page, 'settings-5-home-after-reload-390x844')).png), [0, 0, 0]);
}));

test('settings: reset progress asks first, then starts again from zero', () => withClient(openHome(desktop), async ({ page }) => {
  await press(page, 'home.practice', { screen: 'home' });
  await waitForScreen(page, 'practice', (p) => p.question_id, 'practice');
  for (let i = 0; i < 3; i++) await answerPractice(page, i % 2);
  await waitForState(page, answeredRecords(3), 'three answers saved');
  await backHome(page);
  await press(page, 'home.settings', { screen: 'home' });
  let state = await waitForScreen(page, 'settings', (own) => own.answers === 3, 'settings');

  // The first press only asks, and says what would be lost; Esc closes the question.
  await press(page, 'settings.reset', { screen: 'settings' });
  state = await waitForScreen(page, 'settings', (own) => own.confirm === 'reset' && !own.view.scrolling, 'the confirmation, in view');
  assert.equal(state.progress.records, 3, 'nothing deleted yet');
  assert.ok(state.targets['settings.reset.confirm'] && state.targets['settings.reset.cancel']);
  assert.deepEqual(tapTargetProblems(state), []);
  await settleFrames(page);
  await saveScreenshot(page, 'settings-reset-confirm-1280x800');
  await page.keyboard.press('Escape');
  state = await waitForScreen(page, 'settings', (own) => own.confirm === 'none', 'the confirmation closed by Esc');
  assert.equal(state.progress.records, 3);

  await press(page, 'settings.reset', { screen: 'settings' });
  await waitForScreen(page, 'settings', (own) => own.confirm === 'reset' && !own.view.scrolling, 'the confirmation again');
  await press(page, 'settings.reset.confirm', { screen: 'settings' });
  state = await waitForScreen(page, 'settings', (own, s) => own.answers === 0 && own.notice !== '', 'the progress cleared');
  assert.equal(state.progress.records, 4, 'nothing is deleted: a reset record is added (it syncs to the other devices)');
  assert.equal(typeof state.progress.last_reset_ms, 'number');
  assert.equal(screenState(state, 'settings').confirm, 'none');
  await settleFrames(page);
  await saveScreenshot(page, 'settings-reset-done-1280x800');

  await page.reload();
  state = await waitForScreen(page, 'home', (h, s) => s.progress.loaded, 'home after the reload');
  assert.equal(state.progress.loaded_records, 4, 'the answers and the reset, stored');
  assert.equal(screenState(state, 'home').continue.kind, 'start');
  assert.equal(screenState(state, 'home').readiness.answered, 0);
}));

test('settings: clear cached data keeps progress and downloads the pack again', () => withClient(openHome(desktop), async ({ page }) => {
  await press(page, 'home.practice', { screen: 'home' });
  await waitForScreen(page, 'practice', (p) => p.question_id, 'practice');
  for (let i = 0; i < 2; i++) await answerPractice(page, i);
  await waitForState(page, (s) => answeredRecords(2)(s) && s.content.media.held === s.content.media.needed && s.content.media.storing === 0,
                     'answers, pack and pictures stored', 120000);
  await backHome(page);
  await press(page, 'home.settings', { screen: 'home' });
  await press(page, 'settings.theme.light', { screen: 'settings' });
  await waitForScreen(page, 'settings', (own, s) => s.settings.theme === 'light', 'the light theme');

  await press(page, 'settings.clear_cache', { screen: 'settings' });
  let state = await waitForScreen(page, 'settings', (own) => own.confirm === 'clear_cache' && !own.view.scrolling, 'the confirmation, in view');
  assert.ok(state.targets['settings.clear_cache.confirm'] && state.targets['settings.clear_cache.cancel']);
  await settleFrames(page);
  await saveScreenshot(page, 'settings-clear-cache-confirm-1280x800');
  const logStart = env.server.log().length;
  // Confirming deletes, then reloads the page: the app starts with nothing cached.
  await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 30000 }), press(page, 'settings.clear_cache.confirm', { screen: 'settings' })]);
  state = await waitForScreen(page, 'home', (h, s) => s.phase === 'ready' && s.progress.loaded, 'home after the restart', 60000);
  assert.equal(state.content.pack_source, 'network', 'the pack came from the server again');
  assert.equal(state.progress.loaded_records, 2, 'the answers stayed');
  assert.equal(state.settings.theme, 'light', 'the settings stayed');
  const events = state.content.timeline.map((e) => e.event);
  assert.ok(events.includes('no_stored_pack') && events.includes('pack_200'), `nothing stored, the pack fetched whole: ${events}`);
  // (The browser's own HTTP cache may revalidate it with the server: a 304 there still hands the
  // app the whole body.)
  const requests = env.server.log().slice(logStart).split('\n').filter((line) => /GET \/api\/v1\/packs\/umuhanda-default /.test(line));
  assert.ok(requests.length >= 1, 'the pack was asked for again');
  await waitForState(page, (s) => s.content.media.held === s.content.media.needed && s.content.media.downloaded > 0, 'the pictures again', 120000);
}, { expected: /ServiceWorker|service worker/i.test }));

// [SECTION] Screenshots: every theme, phone and desktop

test('screens: home, progress and settings at phone and desktop sizes in every theme', async () => {
  for (const [size, device] of [['390x844', phone], ['1280x800', desktop]]) {
    const { context, page, problems, touch } = await openHome(device);
    try {
      const pack = await env.servedPack();
      await press(page, 'home.practice', { screen: 'home', touch });
      await waitForScreen(page, 'practice', (p) => p.question_id, 'practice');
      for (let i = 0; i < 6; i++) await answerPractice(page, i % 3);
      await waitForState(page, answeredRecords(6), 'six answers saved');
      const now = Date.now();
      const scores = [9, 13, 11, 15, 17];
      await seedProgress(page, scores.map((score, i) => examAttempt(pack, `e2e-seed:${i + 1}`, score, now - (5 - i) * 3600000)));
      await page.reload();
      await waitForScreen(page, 'home', (h, s) => s.progress.loaded && s.progress.records === 11, 'home with answers and exams');
      for (const theme of ['dark', 'light', 'high_contrast']) {
        await press(page, 'home.settings', { screen: 'home', touch });
        await press(page, `settings.theme.${theme}`, { screen: 'settings', touch });
        let state = await waitForScreen(page, 'settings', (own, s) => s.settings.theme === theme && own.view.estimate, `settings in ${theme}`);
        assert.deepEqual(tapTargetProblems(state), [], `settings targets in ${theme}`);
        await settleFrames(page);
        await saveScreenshot(page, `screens-settings-${theme}-${size}`);
        await page.keyboard.press('Escape');
        state = await waitForScreen(page, 'home', () => true, 'home');
        assert.deepEqual(tapTargetProblems(state), [], `home targets in ${theme}`);
        if (size === '390x844') {
          // A phone shows "Continue", the readiness and the main rows without scrolling far.
          const exam = state.targets['home.exam'];
          assert.ok(exam.y + exam.height <= 844, `the mock exam row is on the first screen: ${JSON.stringify(exam)}`);
        }
        await settleFrames(page);
        await saveScreenshot(page, `screens-home-${theme}-${size}`);
        await press(page, 'home.progress', { screen: 'home', touch });
        state = await waitForScreen(page, 'progress', (p) => p.exam_count === 5, 'progress');
        await settleFrames(page);
        await saveScreenshot(page, `screens-progress-${theme}-${size}`);
        await page.keyboard.press('Escape');
        await waitForScreen(page, 'home', () => true, 'home');
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});
