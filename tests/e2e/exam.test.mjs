// The mock exam, end to end: drawn from the pack's blueprint, answered by taps and keys, flagged,
// jumped around with the grid, submitted and reviewed; its countdown runs to a stored end time
// through reloads and offline, and the exam submits itself when the time is over.
// Each test starts from a fresh browser profile, so each can run alone (one CTest entry each).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clientState, expectPictures, isExpectedOfflineError, newClient, phone, press, saveScreenshot, screenState, scrollIntoView, settleFrames,
  tapTargetProblems, useServerAndBrowser, waitForScreen, waitForState, waitUntilOfflineReady, withClient
} from './harness.mjs';

const MINUTE = 60 * 1000;
const env = useServerAndBrowser();

// [SECTION] Steps shared by the tests

// The same layout as the phone at one device pixel per CSS pixel: SwiftShader draws it 9 times
// faster, for the long walk through a whole exam.
const phoneAt1x = { ...phone, deviceScaleFactor: 1 };

// Waits until the exam screen's last frame shows a state where `predicate(exam, state)` holds.
const waitForExam = async (page, predicate, what, timeoutMs = 30000) =>
  screenState(await waitForScreen(page, 'exam', predicate, what, timeoutMs), 'exam');

// Presses exam target `name` once the frame shows the current state, scrolling it into view first.
async function pressExam(page, name, options = {}) {
  await scrollIntoView(page, name, { screen: 'exam' });
  return press(page, name, { screen: 'exam', ...options });
}

async function openIntro(page, options = {}) {
  await waitForState(page, (s) => s.phase === 'ready' && s.progress.loaded, 'the pack and the progress log loaded', 60000);
  await press(page, 'home.exam', { screen: 'home', ...options });
  return waitForExam(page, (e) => e.phase === 'intro', 'the exam intro');
}

// The choice to give to the question on screen: its right answer, or a wrong one on purpose.
const pick = (exam, right) => (right ? exam.correct[0] : (exam.correct[0] + 1) % exam.choice_count);

// Answers the question on screen with `choice`: by digit key, letter key, or a tap on the choice.
async function answer(page, choice, how, options = {}) {
  const { index } = await waitForExam(page, () => true, 'the question');
  if (how === 'digit') await page.keyboard.press(String(choice + 1));
  else if (how === 'letter') await page.keyboard.press('abcde'[choice]);
  else await pressExam(page, `choice.${choice}`, options);
  return waitForExam(page, (e) => e.index === index && e.selected === choice, `answer ${choice} to question ${index + 1}`);
}

const storedExam = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('umuhanda');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const get = open.result.transaction('meta').objectStore('meta').get('exam:current');
    get.onsuccess = () => { resolve(get.result === undefined ? null : 'stored'); open.result.close(); };
    get.onerror = () => reject(get.error);
  };
}));

// The page's wall clock, moved for a test: Date.now (what the wasm reads as the time) is shifted by
// an offset kept in sessionStorage, so it holds across reloads. Timers and performance.now are left
// alone, so the app's redraw timers run as they would (playwright's page.clock fakes those too).
const CLOCK_SHIFT_KEY = 'umuhanda-test-clock-shift';
const installClockShift = (context) => context.addInitScript((key) => {
  const realNow = Date.now.bind(Date);
  // A time set for the next load takes effect here, before the app's first line runs.
  const nextLoad = sessionStorage.getItem(key + ':next-load');
  if (nextLoad !== null) {
    sessionStorage.removeItem(key + ':next-load');
    sessionStorage.setItem(key, String(Number(nextLoad) - realNow()));
  }
  Date.now = () => realNow() + Number(sessionStorage.getItem(key) || 0);
}, CLOCK_SHIFT_KEY);
// Moves the page's clock to `ms` (and on from there, in real time).
const setPageTime = (page, ms) => page.evaluate(([key, target]) => {
  const real = Date.now() - Number(sessionStorage.getItem(key) || 0);
  sessionStorage.setItem(key, String(target - real));
}, [CLOCK_SHIFT_KEY, ms]);
// The page's clock reads `ms` when the next load starts; the page now open keeps its time, so its
// own countdown cannot act on the new time before the reload does.
const setPageTimeOnNextLoad = (page, ms) => page.evaluate(([key, target]) => {
  sessionStorage.setItem(key + ':next-load', String(target));
}, [CLOCK_SHIFT_KEY, ms]);

// There are targets `prefix`..., each at least 44 CSS px both ways.
function expectTargetSizes(state, prefix) {
  assert.ok(Object.keys(state.targets).some((n) => n.startsWith(prefix)), `targets ${prefix}*`);
  assert.deepEqual(tapTargetProblems(state, { prefix }), []);
}

// [SECTION] The tests

test('mock exam: a whole exam answered by taps and keys, flagged, submitted, scored and reviewed', () => withClient(newClient(), async ({ page }) => {
  await page.goto(env.server.url + '/');
  const intro = await openIntro(page);
  const pack = await env.servedPack();
  const blueprint = pack.exam_blueprints[0];
  assert.deepEqual(intro.blueprint, { id: blueprint.id, question_count: blueprint.question_count,
                                      time_limit_minutes: blueprint.time_limit_minutes, pass_mark: blueprint.pass_mark });
  assert.deepEqual(intro.exam_sets, pack.exam_sets.map((s) => s.id));
  const introState = await clientState(page);
  for (const set of pack.exam_sets) assert.ok(introState.targets[`exam.set.${set.id}`], `a row for ${set.id}`);
  expectTargetSizes(introState, 'exam.');
  await settleFrames(page);
  await saveScreenshot(page, 'exam-1-intro-desktop');

  // A random paper that honours the blueprint: 20 distinct questions, every topic quota met.
  await pressExam(page, 'exam.start');
  let exam = await waitForExam(page, (e) => e.phase === 'running', 'the first question');
  const count = blueprint.question_count;
  assert.equal(exam.question_count, count);
  assert.equal(new Set(exam.question_ids).size, count, 'no question twice');
  const topicOf = new Map(pack.questions.map((q) => [q.id, q.topic]));
  for (const quota of blueprint.quotas) {
    const drawn = exam.question_ids.filter((id) => topicOf.get(id) === quota.topic).length;
    assert.ok(drawn >= quota.count, `topic ${quota.topic}: ${drawn} questions, the quota is ${quota.count}`);
  }
  assert.equal(exam.ends_at_ms - exam.started_at_ms, blueprint.time_limit_minutes * MINUTE);
  assert.ok(exam.remaining_ms > (blueprint.time_limit_minutes - 1) * MINUTE && exam.remaining_ms <= blueprint.time_limit_minutes * MINUTE);
  assert.equal(exam.index, 0);
  assert.equal(exam.answered, 0);
  assert.equal(exam.exam_set_id, null);
  const running = await clientState(page);
  expectTargetSizes(running, 'exam.grid.');
  expectTargetSizes(running, 'exam.');
  assert.equal(Object.keys(running.targets).filter((n) => n.startsWith('exam.grid.')).length, count);

  // The first 13 right, the next 5 wrong, the last 2 left unanswered: the score must be 13.
  const RIGHT = 13, WRONG = 5;
  const ways = ['digit', 'tap', 'letter'];
  for (let i = 0; i < RIGHT + WRONG; i++) {
    exam = await waitForExam(page, (e) => e.index === i, `question ${i + 1}`);
    if (i === 0) {
      // Another tap changes the answer: no right or wrong is shown yet.
      await answer(page, pick(exam, false), 'tap');
      const changed = await answer(page, pick(exam, true), 'digit');
      assert.equal(changed.answered, 1);
    } else {
      await answer(page, pick(exam, i < RIGHT), ways[i % 3]);
    }
    if (i === 3) {
      await page.keyboard.press('f');
      await waitForExam(page, (e) => e.flagged.includes(3), 'question 4 flagged by F');
      await settleFrames(page);
      await saveScreenshot(page, 'exam-2-running-desktop');
    }
    if (i === 5) {
      await pressExam(page, 'exam.flag');
      await waitForExam(page, (e) => e.flagged.includes(5), 'question 6 flagged by tap');
    }
    if (i === 7) {
      await page.keyboard.press('f');
      await waitForExam(page, (e) => e.flagged.includes(7), 'question 8 flagged');
      await page.keyboard.press('f');
      await waitForExam(page, (e) => !e.flagged.includes(7), 'question 8 unflagged');
    }
    // On: by Enter, the right arrow, or the Next button.
    if (i % 3 === 0) await page.keyboard.press('Enter');
    else if (i % 3 === 1) await page.keyboard.press('ArrowRight');
    else await pressExam(page, 'exam.next');
  }
  exam = await waitForExam(page, (e) => e.index === RIGHT + WRONG, 'question 19');
  assert.equal(exam.answered, RIGHT + WRONG);
  assert.deepEqual(exam.flagged, [3, 5]);

  // The grid jumps anywhere; the left arrow goes back one; an answer given stays.
  await pressExam(page, 'exam.grid.2');
  exam = await waitForExam(page, (e) => e.index === 2, 'question 3 from the grid');
  assert.notEqual(exam.selected, null);
  await page.keyboard.press('ArrowLeft');
  await waitForExam(page, (e) => e.index === 1, 'question 2 by the left arrow');
  await pressExam(page, 'exam.grid.19');
  await waitForExam(page, (e) => e.index === 19, 'question 20 from the grid');

  // Submitting with questions unanswered asks first; "Go to question 19" goes to the first of them.
  await pressExam(page, 'exam.submit');
  exam = await waitForExam(page, (e) => e.confirm_submit, 'the submit question');
  assert.equal(exam.unanswered, 2);
  await scrollIntoView(page, 'exam.submit.confirm', { screen: 'exam' });
  await settleFrames(page);
  await saveScreenshot(page, 'exam-3-submit-confirm-desktop');
  await pressExam(page, 'exam.submit.cancel');
  exam = await waitForExam(page, (e) => !e.confirm_submit && e.index === RIGHT + WRONG, 'back to question 19');
  assert.equal(exam.phase, 'running');
  await pressExam(page, 'exam.submit');
  await waitForExam(page, (e) => e.confirm_submit, 'the submit question again');
  await page.keyboard.press('Enter');
  const result = await waitForExam(page, (e) => e.phase === 'result' && e.saves_pending === 0 && !e.record_due, 'the result', 30000);

  assert.equal(result.result.score, RIGHT, 'the score counts exactly the answers given right');
  assert.equal(result.result.question_count, count);
  assert.equal(result.result.passed, RIGHT >= blueprint.pass_mark);
  assert.equal(result.result.timed_out, false);
  assert.ok(result.result.time_taken_ms > 0 && result.result.time_taken_ms < blueprint.time_limit_minutes * MINUTE);
  const review = result.result.review;
  assert.equal(review.length, count);
  assert.deepEqual(review.map((r) => r.right), [...Array(count)].map((_, i) => i < RIGHT));
  assert.deepEqual(review.map((r) => r.chosen === null), [...Array(count)].map((_, i) => i >= RIGHT + WRONG));
  assert.deepEqual(review.flatMap((r, i) => (r.flagged ? [i] : [])), [3, 5]);
  assert.deepEqual(review.map((r) => r.question_id), exam.question_ids);

  // One attempt and one answer per question answered, in the progress log; the saved exam is gone.
  const saved = await waitForState(page, (s) => s.progress.saving === 0, 'the log saved');
  assert.equal(saved.progress.records, 1 + RIGHT + WRONG);
  assert.equal(await storedExam(page), null, 'exam:current deleted after submission');
  await settleFrames(page);
  const resultState = await clientState(page);
  expectTargetSizes(resultState, 'exam.');
  await saveScreenshot(page, 'exam-4-result-desktop');

  // Only the mistakes: the review then lists the 7 wrong or unanswered questions.
  await pressExam(page, 'exam.review.mistakes');
  await waitForExam(page, (e) => e.mistakes_only, 'only the mistakes');
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, 500);
  await waitForScreen(page, 'exam', (e, s) => s.scroll.y > 0, 'the review scrolled');
  await settleFrames(page);
  await saveScreenshot(page, 'exam-5-review-mistakes-desktop');

  // A new exam starts from the intro again.
  await pressExam(page, 'exam.new');
  await waitForExam(page, (e) => e.phase === 'intro' && e.question_ids === undefined, 'the intro for a new exam');
}));

test('exam timer: the countdown keeps running to the stored end time across a reload', () => withClient(newClient(), async ({ page }) => {
  await page.goto(env.server.url + '/');
  await openIntro(page);
  await pressExam(page, 'exam.start');
  let exam = await waitForExam(page, (e) => e.phase === 'running', 'the first question');
  await answer(page, pick(exam, true), 'digit');
  await page.keyboard.press('f');
  await pressExam(page, 'exam.grid.4');
  exam = await waitForExam(page, (e) => e.index === 4, 'question 5');
  await answer(page, pick(exam, false), 'tap');
  const before = await waitForExam(page, (e) => e.saves_pending === 0 && e.answered === 2 && e.flagged.length === 1, 'the exam saved');
  assert.equal(await storedExam(page), 'stored');

  // With no input the countdown still ticks, about once a second, without drawing every frame.
  const first = await clientState(page);
  await page.waitForTimeout(3200);
  const later = await clientState(page);
  assert.notEqual(screenState(later, 'exam').drawn.countdown, screenState(first, 'exam').drawn.countdown, 'the countdown on screen moved');
  const frames = later.frames - first.frames;
  assert.ok(frames >= 2 && frames <= 20, `${frames} frames in 3.2 s: one tick a second, not a busy loop`);

  await page.reload();
  // The app comes back to the exam by itself, with the same paper, answers, flags and end time.
  const after = await waitForExam(page, (e) => e.phase === 'running' && e.restored, 'the exam resumed after the reload', 60000);
  assert.deepEqual(after.question_ids, before.question_ids);
  assert.deepEqual(after.chosen, before.chosen);
  assert.deepEqual(after.flagged, [0]);
  assert.equal(after.index, 4);
  assert.equal(after.ends_at_ms, before.ends_at_ms, 'the end time is the stored one');
  assert.ok(after.remaining_ms <= before.remaining_ms - 3000, `the time kept running: ${before.remaining_ms} then ${after.remaining_ms}`);
  // And it goes on from there.
  await page.keyboard.press('ArrowRight');
  exam = await waitForExam(page, (e) => e.index === 5, 'question 6 after the reload');
  await answer(page, pick(exam, true), 'letter');
  await waitForExam(page, (e) => e.answered === 3 && e.saves_pending === 0, 'the third answer saved');
  // In French, the same exam goes on.
  await press(page, 'language.fr', { screen: 'exam' });
  const french = await waitForExam(page, (e, s) => s.language === 'fr', 'the exam in French');
  assert.equal(french.index, 5);
  assert.equal(french.ends_at_ms, before.ends_at_ms);
  await settleFrames(page);
  await saveScreenshot(page, 'exam-9-resumed-after-reload-fr');
}));

test('exam offline: after one online visit, with the network off, a reload starts from the service worker and a whole mock exam is taken and scored', () => withClient(newClient(phoneAt1x), async ({ context, page }) => {
  await page.goto(env.server.url + '/');
  await waitUntilOfflineReady(page);
  await context.setOffline(true);
  const response = await page.reload();
  assert.ok(response.fromServiceWorker(), 'the page came from the service worker');
  const start = await waitForState(page, (s) => s.phase === 'ready' && s.content.sync.state === 'failed', 'the offline start', 60000);
  assert.equal(start.content.pack_source, 'storage');
  assert.equal(start.content.sync.offline, true);

  await openIntro(page, { touch: true });

  // A ready-made exam: its questions in its order.
  const set = (await env.servedPack()).exam_sets[0];
  await pressExam(page, `exam.set.${set.id}`, { touch: true });
  let exam = await waitForExam(page, (e) => e.phase === 'running', 'the exam set, offline');
  assert.equal(exam.exam_set_id, set.id);
  assert.deepEqual(exam.question_ids, set.questions);
  expectTargetSizes(await clientState(page), 'exam.grid.');

  const RIGHT = 15;
  let signShown = false;
  for (let i = 0; i < set.questions.length; i++) {
    exam = await waitForExam(page, (e) => e.index === i, `question ${i + 1}`);
    if (!signShown && exam.pictures?.some((p) => p.role === 'prompt')) {
      // The sign above the prompt comes from storage, offline, and is really drawn.
      await waitForExam(page, (e) => e.pictures.every((p) => p.ready), 'the sign pictures', 60000);
      await settleFrames(page);
      const shown = await scrollIntoView(page, 'picture.prompt', { screen: 'exam' });
      const shot = await saveScreenshot(page, 'exam-7-offline-sign');
      expectPictures(shot, [shown.targets['picture.prompt']], phoneAt1x.deviceScaleFactor);
      signShown = true;
    }
    await answer(page, pick(exam, i < RIGHT), 'tap', { touch: true });
    // On by the Next button now and then, otherwise by the right arrow (quicker to drive).
    if (i + 1 < set.questions.length) {
      if (i % 5 === 0) await pressExam(page, 'exam.next', { touch: true });
      else await page.keyboard.press('ArrowRight');
    }
  }
  assert.ok(signShown, 'the exam set has a question about a sign');

  // Every question answered: Submit marks it at once.
  await pressExam(page, 'exam.submit', { touch: true });
  const result = await waitForExam(page, (e) => e.phase === 'result' && !e.record_due && e.saves_pending === 0, 'the result, offline');
  assert.equal(result.result.score, RIGHT);
  assert.equal(result.result.passed, RIGHT >= result.pass_mark);
  assert.equal(result.result.timed_out, false);
  const logged = await waitForState(page, (s) => s.progress.saving === 0, 'the log saved offline');
  assert.equal(logged.progress.records, 1 + set.questions.length);
  await settleFrames(page);
  await saveScreenshot(page, 'exam-8-offline-result');
  expectTargetSizes(await clientState(page), 'exam.');

  // Reload again, still offline: the answers and the exam result are still there, and the
  // Progress screen charts the attempt.
  await page.reload();
  const again = await waitForState(page, (s) => s.phase === 'ready' && s.progress.loaded, 'the second offline start', 60000);
  assert.equal(again.progress.loaded_records, 1 + set.questions.length, 'every record survived the offline reload');
  assert.equal(again.progress.bad_lines, 0);
  await page.keyboard.press('Escape');  // from wherever the app opened, back to Home
  await waitForState(page, (s) => s.drawn_screen === 'home', 'home');
  await press(page, 'home.progress', { screen: 'home', touch: true });
  const progressScreen = screenState(await waitForScreen(page, 'progress', (p) => p.exam_count !== undefined, 'the progress screen'), 'progress');
  assert.equal(progressScreen.exam_count, 1, 'the exam taken offline is in the history');
  assert.equal(progressScreen.chart[0].score, RIGHT);
  await settleFrames(page);
  await saveScreenshot(page, 'exam-8b-offline-progress-after-reload');
}, { expected: isExpectedOfflineError }));

test('exam time up: the exam submits itself when the time is over', () => withClient(newClient(phone), async ({ context, page }) => {
  await installClockShift(context);
  await page.goto(env.server.url + '/');
  await openIntro(page, { touch: true });
  await settleFrames(page);
  await saveScreenshot(page, 'exam-6-intro-phone');
  await pressExam(page, 'exam.start', { touch: true });
  let exam = await waitForExam(page, (e) => e.phase === 'running', 'the first question');
  await answer(page, pick(exam, true), 'tap', { touch: true });
  await page.keyboard.press('f');
  await waitForExam(page, (e) => e.flagged.includes(0), 'question 1 flagged');
  await settleFrames(page);
  await saveScreenshot(page, 'exam-10-running-phone');
  await pressExam(page, 'exam.next', { touch: true });
  exam = await waitForExam(page, (e) => e.index === 1, 'question 2');
  await answer(page, pick(exam, false), 'tap', { touch: true });
  exam = await waitForExam(page, (e) => e.saves_pending === 0, 'the answers saved');
  // The grid wraps on a phone, every cell still a thumb's width.
  const grid = await scrollIntoView(page, 'exam.grid.19', { screen: 'exam' });
  expectTargetSizes(grid, 'exam.grid.');
  const rows = new Set(Object.entries(grid.targets).filter(([n]) => n.startsWith('exam.grid.')).map(([, r]) => r.y));
  assert.ok(rows.size >= 3, `the grid wraps over ${rows.size} rows`);
  await settleFrames(page);
  await saveScreenshot(page, 'exam-11-running-phone-grid');
  await page.keyboard.press('ArrowLeft');  // back to question 1, at the top of the page
  await waitForExam(page, (e, s) => e.index === 0 && s.scroll.y === 0, 'question 1 at the top');

  // The page's clock jumps to 90 s before the end: the countdown, redrawn by its own timer with
  // no input, shows the time left in the warning colour.
  await setPageTime(page, exam.ends_at_ms - 90 * 1000);
  await waitForScreen(page, 'exam', (e) => /^01:(30|2\d)$/.test(e.drawn.countdown), 'the countdown at 01:30', 10000);
  await settleFrames(page);
  await saveScreenshot(page, 'exam-12-running-phone-last-minutes');

  // Past the end: no input, and the exam submits itself, dated at its end time.
  await setPageTime(page, exam.ends_at_ms + 1000);
  const result = await waitForExam(page, (e) => e.phase === 'result' && !e.record_due && e.saves_pending === 0, 'the exam submitted by the clock', 10000);
  assert.equal(result.result.timed_out, true);
  assert.equal(result.result.submitted_at_ms, exam.ends_at_ms);
  assert.equal(result.result.score, 1, 'one right answer, one wrong, the rest unanswered');
  assert.equal(result.result.passed, false);
  assert.equal(await storedExam(page), null);
  await settleFrames(page);
  await saveScreenshot(page, 'exam-13-timed-out-phone');

  // Time that runs out while the page is closed: the exam is submitted as soon as it is read.
  await pressExam(page, 'exam.new', { touch: true });
  await waitForExam(page, (e) => e.phase === 'intro', 'the intro');
  await pressExam(page, 'exam.start', { touch: true });
  exam = await waitForExam(page, (e) => e.phase === 'running', 'a second exam');
  await answer(page, pick(exam, true), 'tap', { touch: true });
  exam = await waitForExam(page, (e) => e.saves_pending === 0 && e.answered === 1, 'the answer saved');
  await setPageTimeOnNextLoad(page, exam.ends_at_ms + 5 * MINUTE);
  await page.reload();
  const late = await waitForExam(page, (e) => e.phase === 'result' && e.restored && !e.record_due && e.saves_pending === 0,
                                 'the exam submitted on load', 60000);
  assert.equal(late.result.timed_out, true);
  assert.equal(late.result.submitted_at_ms, exam.ends_at_ms);
  assert.equal(late.result.score, 1);
  assert.deepEqual(late.question_ids, exam.question_ids);
  const logged = await waitForState(page, (s) => s.progress.saving === 0 && s.progress.loaded, 'the log');
  assert.equal(logged.progress.records, (1 + 2) + (1 + 1), 'two attempts, three answers, each once');
  assert.equal(await storedExam(page), null);
}));
