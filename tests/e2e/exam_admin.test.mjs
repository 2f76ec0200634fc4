// Scheduled exams as an admin follows them, end to end: with the server's clock set (--test-clock)
// to Monday 30 November 2026 in Kigali, an hourly rule, three students who start the 08:20 exam by
// the API; the admin's page shows it open with three started and one submitted, then, after the end,
// its pass rate and the way to its questions' figures (that exam's attempts only); the rule is
// switched off from the page. At 390 px on a phone and 1280 px on a desktop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktop, newClient, phone, press, saveScreenshot, screenState, settleFrames, tapTargetProblems, useServerAndBrowser, waitForScreen, waitForState } from './harness.mjs';
import { schoolTools } from './school.mjs';

const env = useServerAndBrowser({ args: ['--test-clock'] });
const { api, staffSession, studentSession } = schoolTools(env);
const kigali = (hour, minute) => Date.UTC(2026, 10, 30, hour - 2, minute);

async function setClock(admin, ms) {
  const set = await api('POST', '/api/v1/test/clock', { cookie: admin, body: { now_ms: ms } });
  assert.equal(set.status, 200, set.text);
}

async function adminPage(cookie, options) {
  const client = await newClient({ ...options, timezoneId: 'Africa/Kigali' });
  const [name, value] = cookie.split('=');
  await client.context.addCookies([{ name, value, url: env.server.url }]);
  await client.page.goto(env.server.url + '/');
  await waitForState(client.page, (s) => s.phase === 'ready' && s.account.state === 'signed_in', 'the app, signed in');
  await press(client.page, 'home.exam_admin', { screen: 'home', touch: options === phone });
  return client;
}

const admin = (state) => screenState(state, 'exam_admin')?.admin;

test('an admin follows an exam live, reads its pass rate and questions, and switches its rule off', async () => {
  const owner = await staffSession('admin', 'Kalisa Admin', 'kalisa@school.rw');
  await setClock(owner, kigali(7, 0));
  const rule = await api('POST', '/api/v1/exam-schedules', {
    cookie: owner,
    body: { name: 'Provisional licence, hourly', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], times: ['08:20', '09:20'],
            pack: 'umuhanda-default', blueprint: 'provisional-licence', grace_seconds: 120 },
  });
  assert.equal(rule.status, 201, rule.text);
  const students = [];
  for (const [name, login] of [['Aline Uwase', '0785550801'], ['Eric Mugisha', '0785550802'], ['Teta Ineza', '0785550803']])
    students.push(await studentSession(name, login));
  const exam = (await api('GET', '/api/v1/exams', { cookie: students[0].cookie })).json.exams[0];

  // 08:21: all three start; Aline submits every answer right.
  await setClock(owner, kigali(8, 21));
  let paper;
  for (const { cookie } of students) {
    const started = await api('POST', `/api/v1/exams/${exam.id}/start`, { cookie });
    assert.equal(started.status, 200, started.text);
    paper = started.json.paper;
  }
  const stored = await api('GET', `/api/v1/packs/umuhanda-default/item-statistics`, { cookie: owner });
  assert.equal(stored.status, 200, stored.text);
  const answers = Object.fromEntries(paper.questions.map((q) => [q.id, [0]]));
  const submitted = await api('POST', `/api/v1/exams/${exam.id}/submit`, { cookie: students[0].cookie, body: { answers } });
  assert.equal(submitted.status, 200, submitted.text);

  const desk = await adminPage(owner, desktop);
  const handset = await adminPage(owner, phone);
  try {
    let state = await waitForScreen(desk.page, 'exam_admin', (own) => own.admin.loaded, 'the exams listed');
    const live = admin(state).exams.find((e) => e.id === exam.id);
    assert.equal(live.status, 'open');
    assert.equal(live.started, 3);
    assert.equal(live.submitted, 1);
    await settleFrames(desk.page);
    await saveScreenshot(desk.page, 'exam-admin-1-live-1280x800');
    state = await waitForScreen(handset.page, 'exam_admin', (own) => own.admin.loaded, 'the exams on the phone');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'exam_admin.', width: 390 }), []);
    await settleFrames(handset.page);
    await saveScreenshot(handset.page, 'exam-admin-2-live-390x844');

    // Eric submits too; after the end, the page's results.
    await api('POST', `/api/v1/exams/${exam.id}/submit`, { cookie: students[1].cookie, body: { answers: {} } });
    await setClock(owner, kigali(8, 50));
    await press(desk.page, 'exam_admin.refresh', { screen: 'exam_admin' });
    state = await waitForScreen(desk.page, 'exam_admin', (own) => own.admin.exams.find((e) => e.id === exam.id)?.status === 'closed', 'the exam closed');
    const closed = admin(state).exams.find((e) => e.id === exam.id);
    assert.equal(closed.submitted, 2);
    assert.ok(closed.pass_rate !== null, JSON.stringify(closed));
    await settleFrames(desk.page);
    await saveScreenshot(desk.page, 'exam-admin-3-results-1280x800');

    // Its questions' figures: that exam's two papers only.
    await press(desk.page, `exam_admin.questions.${exam.id}`, { screen: 'exam_admin' });
    state = await waitForScreen(desk.page, 'item_statistics', (own) => own.report.loaded && own.report.exam === `scheduled:${exam.id}`, "the exam's questions");
    assert.equal(screenState(state, 'item_statistics').report.attempts, 2);
    assert.equal(screenState(state, 'item_statistics').report.items.length, paper.questions.length);
    await settleFrames(desk.page);
    await saveScreenshot(desk.page, 'exam-admin-4-questions-1280x800');
    await press(desk.page, 'back', { screen: 'item_statistics' });

    // The rule switched off from the phone.
    const ruleId = rule.json.schedule.id;
    await press(handset.page, `exam_admin.rule.${ruleId}`, { screen: 'exam_admin', touch: true });
    await waitForScreen(handset.page, 'exam_admin', (own) => own.admin.rules.find((r) => r.id === ruleId)?.active === false, 'the rule off');
    const rules = await api('GET', '/api/v1/exam-schedules', { cookie: owner });
    assert.equal(rules.json.schedules.find((r) => r.id === ruleId).active, false);
    assert.equal(rules.json.schedules.find((r) => r.id === ruleId).name, 'Provisional licence, hourly', 'the rest of the rule kept');

    assert.deepEqual(desk.problems, []);
    assert.deepEqual(handset.problems, []);
  } finally {
    await desk.context.close();
    await handset.context.close();
  }
});
