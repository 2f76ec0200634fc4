// Scheduled exams end to end: the real client in Chromium against the real server, whose clock the
// test sets (--test-clock) to Saturday 28 November 2026 in Kigali. An admin sets the hourly rule; a
// student's phone counts down to 08:20 by the server's clock (the phone's own clock is days away),
// sits the exam when it opens, answers, loses the network, answers on, reloads offline (every answer
// comes back from IndexedDB), submits offline (kept on the phone), and when the network is back
// inside the grace the answers go at once and are counted; she chooses to appear in the ranking, and
// the screens fit a 360 px phone in French. A second student's answers arrive after the grace: the
// server records them late and the page says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktop, isExpectedOfflineError, newClient, phone, press, saveScreenshot, screenState, scrollIntoView, settleFrames, tapTargetProblems, useServerAndBrowser, waitForScreen, waitForState, waitUntilOfflineReady } from './harness.mjs';
import { schoolTools } from './school.mjs';

const env = useServerAndBrowser({ args: ['--test-clock'] });
const { api, staffSession, studentSession } = schoolTools(env);

// Unix milliseconds of a wall-clock time in Kigali (UTC+2) on Saturday 28 November 2026: a day in
// the past of any run, so the hourly clean-up never ends the test's sessions.
const kigali = (hour, minute, second = 0) => Date.UTC(2026, 10, 28, hour - 2, minute, second);

async function setClock(admin, ms) {
  const set = await api('POST', '/api/v1/test/clock', { cookie: admin, body: { now_ms: ms } });
  assert.equal(set.status, 200, set.text);
}

// A student signed up by the API, then a browser context holding their session cookie.
async function student(name, login, options) {
  const { cookie } = await studentSession(name, login);
  const [cookieName, value] = cookie.split('=');
  const client = await newClient(options);
  await client.context.addCookies([{ name: cookieName, value, url: env.server.url }]);
  return { ...client, cookie };
}

const exams = (s) => screenState(s, 'scheduled_exams')?.exams;
const mode = (s) => screenState(s, 'scheduled_exams')?.mode;

// The choices' and the sitting's buttons' rectangles in the last frame.
const sittingTargets = (state) => Object.fromEntries(Object.entries(state.targets).filter(([name]) => /^(choice|scheduled)\./.test(name)));

// Scrolls target `name` of the scheduled exams screen into view, then presses it.
async function tap(page, name, screen = 'scheduled_exams') {
  await scrollIntoView(page, name, { screen });
  await press(page, name, { screen });
}

// From Home (signed in) to the scheduled exams, the list loaded.
async function openExams(page) {
  await waitForState(page, (s) => s.phase === 'ready' && s.account.state === 'signed_in', 'the app, signed in');
  await tap(page, 'home.scheduled_exams', 'home');
  return waitForScreen(page, 'scheduled_exams', (own) => own.exams.loaded && own.exams.exams.length > 0, 'the scheduled exams listed');
}

// Answers the question on display with `choice`, then goes to the next one.
async function answerAndGoOn(page, choice) {
  const before = await waitForScreen(page, 'scheduled_exams', (own) => own.mode === 'sitting' && own.exams.sitting, 'a question');
  const { index, question_ids: ids } = exams(before).sitting;
  await tap(page, `choice.${choice}`);
  await waitForScreen(page, 'scheduled_exams', (own) => JSON.stringify(own.exams.sitting?.answers?.[ids[index]]) === JSON.stringify([choice]),
                      `question ${index + 1} answered`);
  await tap(page, 'scheduled.next');
  await waitForScreen(page, 'scheduled_exams', (own) => own.exams.sitting?.index === index + 1, `question ${index + 2}`);
}

// The screen as it is, in French on a 360 px phone: every target fits and is thumb-sized. Then back
// to English at 390 px.
async function narrowFrench(page, name) {
  await page.setViewportSize({ width: 360, height: 740 });
  // Pressed only once a frame is laid out for 360 px: the last 390 px frame's buttons are elsewhere.
  const laidOut = (s) => s.targets?.['language.fr'] && s.targets['language.fr'].x + s.targets['language.fr'].width <= 360;
  await waitForState(page, laidOut, 'a frame 360 px wide');
  await tap(page, 'language.fr');
  const state = await waitForScreen(page, 'scheduled_exams', (own, s) => s.language === 'fr' && own.drawn.language === 'fr', 'the screen in French');
  assert.deepEqual(tapTargetProblems(state, { width: 360 }), []);
  await settleFrames(page);
  await saveScreenshot(page, name);
  await tap(page, 'language.en');
  await page.setViewportSize({ width: 390, height: 844 });
  await waitForScreen(page, 'scheduled_exams', (own, s) => s.language === 'en' && own.drawn.language === 'en', 'the screen in English');
}

async function submit(page) {
  await tap(page, 'scheduled.submit');
  await tap(page, 'scheduled.submit.confirm');
}

test('a student counts down by the server clock sits offline and is counted within the grace while late answers are recorded late', async () => {
  const admin = await staffSession('admin', 'Kalisa Admin', 'kalisa@school.rw');
  // The test clock runs on from where it is set, as a real one would.
  await setClock(admin, kigali(8, 10));
  const clockSetAt = Date.now();
  const rule = await api('POST', '/api/v1/exam-schedules', {
    cookie: admin,
    body: { name: 'Provisional licence, hourly', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], times: ['08:20', '09:20', '10:20', '11:20', '12:20', '13:20', '14:20', '15:20'],
            pack: 'umuhanda-default', blueprint: 'provisional-licence', grace_seconds: 120 },
  });
  assert.equal(rule.status, 201, rule.text);

  const aline = await student('Aline Uwase', '0785550701', phone);
  const eric = await student('Eric Mugisha', '0785550702', desktop);
  const expected = (problem) => isExpectedOfflineError(problem) || /status of 40[39]/.test(problem);
  try {
    // 08:10 by the server, days before the phone's own clock: the countdown reads ten minutes.
    await aline.page.goto(env.server.url + '/');
    await waitUntilOfflineReady(aline.page);
    let state = await openExams(aline.page);
    const first = exams(state).exams[0];
    assert.equal(first.status, 'upcoming');
    const elapsed = Date.now() - clockSetAt;
    assert.ok(Math.abs(first.starts_in_ms - (600000 - elapsed)) < 2500, `starts in ${first.starts_in_ms} ms by the server's clock, ${elapsed} ms after 08:10`);
    assert.ok(Math.abs(exams(state).offset_ms - (kigali(8, 10) - clockSetAt)) < 2500,
              `the offset ${exams(state).offset_ms} is the server's clock minus the phone's: the phone is days away`);
    state = await waitForScreen(aline.page, 'scheduled_exams', (own) => /^(10:00|09:\d\d)$/.test(own.drawn.countdown), 'the countdown drawn');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'scheduled.', width: 390 }), []);
    await settleFrames(aline.page);
    await saveScreenshot(aline.page, 'scheduled-1-countdown-390x844');

    // 08:20: a refresh learns the server's time, the exam opens, and the paper comes without answers.
    await setClock(admin, kigali(8, 20));
    await tap(aline.page, 'scheduled.refresh');
    state = await waitForScreen(aline.page, 'scheduled_exams', (own) => own.exams.exams[0]?.status === 'open', 'the exam open');
    await tap(aline.page, `scheduled.sit.${first.id}`);
    state = await waitForScreen(aline.page, 'scheduled_exams', (own) => own.mode === 'sitting' && own.exams.sitting?.question_ids.length === 20,
                                'the paper of 20 questions');
    assert.ok(exams(state).sitting.remaining_ms > 19 * 60000, `20 minutes to go: ${exams(state).sitting.remaining_ms}`);
    assert.deepEqual(tapTargetProblems(state, { prefix: 'scheduled.', width: 390 }), []);
    assert.deepEqual(tapTargetProblems(state, { prefix: 'choice.', width: 390 }), []);
    await settleFrames(aline.page);
    await saveScreenshot(aline.page, 'scheduled-2-sitting-390x844');

    // Eric opens the exam on his desktop at the same time, answers, and loses his connection.
    await eric.page.goto(env.server.url + '/');
    await openExams(eric.page);
    await tap(eric.page, `scheduled.sit.${first.id}`);
    await waitForScreen(eric.page, 'scheduled_exams', (own) => own.exams.sitting?.question_ids.length === 20, "Eric's paper");
    await answerAndGoOn(eric.page, 1);
    await eric.context.setOffline(true);

    // Three answers online, then the network goes: the page says so, and the question and its
    // buttons stay where they were (the line comes by itself, between a student's aim and her tap:
    // on a busy machine a tap on Next once landed in the gap it left). Two more answers, kept on the
    // phone.
    for (let i = 0; i < 3; i++) await answerAndGoOn(aline.page, i % 2);
    await narrowFrench(aline.page, 'scheduled-2b-sitting-fr-360x740');
    const online = await waitForScreen(aline.page, 'scheduled_exams', (own) => own.mode === 'sitting' && !own.exams.offline, 'the question online');
    await aline.context.setOffline(true);
    state = await waitForScreen(aline.page, 'scheduled_exams', (own) => own.exams.offline, 'the offline line', 30000);
    assert.equal(exams(state).sitting.index, exams(online).sitting.index);
    assert.deepEqual(sittingTargets(state), sittingTargets(online), 'the offline line moved the question');
    for (let i = 3; i < 5; i++) await answerAndGoOn(aline.page, i % 2);
    state = await waitForScreen(aline.page, 'scheduled_exams', (own) => own.exams.offline, 'the offline line', 30000);
    const answered = exams(state).sitting.answers;
    assert.equal(Object.keys(answered).length, 5);
    await settleFrames(aline.page);
    await saveScreenshot(aline.page, 'scheduled-3-offline-390x844');

    // Reloaded offline: the app starts from the service worker, the sitting from IndexedDB.
    await aline.page.reload();
    await waitForState(aline.page, (s) => s.phase === 'ready' && s.scheduled_exams?.sitting, 'the app again, the sitting read back');
    await tap(aline.page, 'home.scheduled_exams', 'home');
    state = await waitForScreen(aline.page, 'scheduled_exams', (own) => own.mode === 'sitting' && own.exams.sitting, 'the sitting restored');
    assert.deepEqual(exams(state).sitting.answers, answered, 'every answer came back');
    assert.equal(exams(state).sitting.index, 5);
    assert.equal(exams(state).sitting.question_ids.length, 20);
    await answerAndGoOn(aline.page, 0);

    // Submitted offline: kept as waiting. 08:41 by the server (after the end, inside the 2-minute
    // grace), the network comes back: the answers go at once and are counted.
    await submit(aline.page);
    state = await waitForScreen(aline.page, 'scheduled_exams', (own) => own.exams.sitting?.submit_pending && own.exams.offline, 'the submission waiting');
    await settleFrames(aline.page);
    await saveScreenshot(aline.page, 'scheduled-4-submitted-offline-390x844');
    await setClock(admin, kigali(8, 41));
    await aline.context.setOffline(false);
    state = await waitForScreen(aline.page, 'scheduled_exams', (own) => own.mode === 'result' && own.exams.result, 'the result', 60000);
    const result = exams(state).result;
    assert.equal(result.counted, true, JSON.stringify(result));
    assert.equal(result.late, false);
    assert.equal(result.total, 20);
    assert.equal(result.review, 20);
    const listed = await api('GET', '/api/v1/exams', { cookie: aline.cookie });
    assert.equal(listed.json.exams[0].attempt.counted, true, 'the server counted it');
    assert.equal(listed.json.exams[0].attempt.score, result.score);
    await settleFrames(aline.page);
    await saveScreenshot(aline.page, 'scheduled-5-result-390x844');

    // Aline chooses to appear in the ranking: her counted attempt is there.
    await tap(aline.page, 'scheduled.result.ranking');
    await waitForScreen(aline.page, 'scheduled_exams', (own) => own.mode === 'ranking' && own.exams.ranking, 'the ranking');
    await tap(aline.page, 'scheduled.show_me');
    state = await waitForScreen(aline.page, 'scheduled_exams', (own) => own.exams.ranking?.rows.length === 1 && own.exams.show_me, 'Aline in the ranking');
    assert.equal(exams(state).ranking.rows[0].name, 'Aline Uwase');
    await settleFrames(aline.page);
    await saveScreenshot(aline.page, 'scheduled-6-ranking-390x844');
    await tap(aline.page, 'scheduled.ranking.list');
    await waitForScreen(aline.page, 'scheduled_exams', (own) => own.mode === 'list' && own.exams.exams[0]?.attempt?.counted, 'the list saying counted');
    await narrowFrench(aline.page, 'scheduled-6b-list-fr-360x740');

    // Eric submits offline; his connection comes back at 08:45, after the grace: the server records
    // his answers, marked late, not counted.
    await submit(eric.page);
    await waitForScreen(eric.page, 'scheduled_exams', (own) => own.exams.sitting?.submit_pending, "Eric's submission waiting");
    await setClock(admin, kigali(8, 45));
    await eric.context.setOffline(false);
    state = await waitForScreen(eric.page, 'scheduled_exams', (own) => own.mode === 'result' && own.exams.result, "Eric's result", 60000);
    assert.equal(exams(state).result.late, true, JSON.stringify(exams(state).result));
    assert.equal(exams(state).result.counted, false);
    await settleFrames(eric.page);
    await saveScreenshot(eric.page, 'scheduled-7-late-1280x800');
    await tap(eric.page, 'scheduled.result.list');
    state = await waitForScreen(eric.page, 'scheduled_exams', (own) => own.mode === 'list' && own.exams.exams[0]?.attempt?.late, 'the list saying late');
    await settleFrames(eric.page);
    await saveScreenshot(eric.page, 'scheduled-8-list-1280x800');

    assert.deepEqual(aline.problems.filter((problem) => !expected(problem)), []);
    assert.deepEqual(eric.problems.filter((problem) => !expected(problem)), []);
  } finally {
    await aline.context.close();
    await eric.context.close();
  }
});
