// Question statistics end to end: a generated class of four sits exam set 1 (three questions of
// the default pack, marked as in the hand-computed fixture of tests/unit/item_statistics_test.cpp)
// and syncs it; an instructor's page shows the fixture's figures, sorts by discrimination, keeps the
// flagged questions, opens the miskeyed-looking one with its numbers; a phone shows the same at
// 390 px and in French at 360 px. A student's session is refused the figures.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { desktop, newClient, phone, press, saveScreenshot, screenState, settleFrames, tapTargetProblems, useServerAndBrowser, waitForScreen, waitForState } from './harness.mjs';
import { schoolTools } from './school.mjs';

const env = useServerAndBrowser();
const { api, staffSession, studentSession } = schoolTools(env);
const pack = JSON.parse(readFileSync(new URL('../../assets/packs/umuhanda-default/pack.json', import.meta.url), 'utf8'));

// Three single-answer questions with at least three choices: q1, q2, q3 of the fixture.
const [q1, q2, q3] = pack.questions.filter((q) => !q.multiple_answers && q.choices.length >= 3).slice(0, 3);
// pack.json writes one right choice as a number, several as a list.
const key = (q) => (Array.isArray(q.correct) ? q.correct : [q.correct]);
const right = (q) => key(q);
const wrong = (q, nth = 0) => [q.choices.map((_, i) => i).filter((i) => !key(q).includes(i))[nth]];
// The fixture: A right right right; B right right wrong; C right wrong wrong; D wrong blank right.
const answers = {
  A: [right(q1), right(q2), right(q3)],
  B: [right(q1), right(q2), wrong(q3)],
  C: [right(q1), wrong(q2, 1), wrong(q3, 1)],
  D: [wrong(q1), null, right(q3)],
};

function attempt(id, at, chosen) {
  const score = chosen.filter((c, i) => c && JSON.stringify(c) === JSON.stringify(key([q1, q2, q3][i]))).length;
  return {
    type: 'exam_attempt', id, pack_id: pack.id, blueprint_id: pack.exam_blueprints[0].id, exam_set_id: 'exam-01',
    started_at_ms: at - 600000, submitted_at_ms: at, question_ids: [q1.id, q2.id, q3.id], chosen, flagged: [false, false, false],
    score, question_count: 3, pass_mark: 3, passed: score === 3, timed_out: false,
  };
}

async function openAs(cookie, options) {
  const client = await newClient({ ...options, timezoneId: 'Africa/Kigali' });
  const [name, value] = cookie.split('=');
  await client.context.addCookies([{ name, value, url: env.server.url }]);
  await client.page.goto(env.server.url + '/');
  await waitForState(client.page, (s) => s.phase === 'ready' && s.account.state === 'signed_in', 'the app, signed in');
  await press(client.page, 'home.item_statistics', { screen: 'home', touch: options === phone });
  await waitForScreen(client.page, 'item_statistics', (own) => own.report.loaded && own.report.items.length === 3, 'the statistics of three questions');
  return client;
}

const item = (state, q) => screenState(state, 'item_statistics').report.items.find((i) => i.id === q.id);

test('an instructor sees the fixture figures of a generated class, sorts, filters and opens a flagged question', async () => {
  let at = Date.UTC(2026, 11, 1, 8);
  for (const [who, chosen] of Object.entries(answers)) {
    const { cookie } = await studentSession(`Student ${who}`, `07855507${who.charCodeAt(0)}`);
    const pushed = await api('POST', '/api/v1/sync/push', { cookie, body: { device: `phone-${who}`, events: [attempt(`phone-${who}:1`, (at += 60000), chosen)] } });
    assert.equal(pushed.status, 200, pushed.text);
    if (who === 'D') {
      const refused = await api('GET', `/api/v1/packs/${pack.id}/item-statistics`, { cookie });
      assert.equal(refused.status, 403, 'a student is refused the figures');
    }
  }
  const teacher = await staffSession('instructor', 'Mukamana Teacher', 'mukamana@school.rw');

  const desk = await openAs(teacher, desktop);
  const handset = await openAs(teacher, phone);
  try {
    const { page } = desk;
    let state = await waitForScreen(page, 'item_statistics', (own) => own.drawn.revision === own.view.revision, 'the figures drawn');
    const report = screenState(state, 'item_statistics').report;
    assert.equal(report.attempts, 4);
    assert.equal(report.students, 4);
    // The fixture's hand-computed figures.
    assert.equal(item(state, q1).facility, 75);
    assert.equal(item(state, q1).discrimination, 0);
    assert.ok(item(state, q1).flags.includes('weak_discrimination'), JSON.stringify(item(state, q1)));
    assert.equal(item(state, q2).facility, 50);
    assert.equal(item(state, q2).discrimination, 57.74);
    assert.ok(!item(state, q2).flags.some((f) => f.endsWith('discrimination')));
    assert.equal(item(state, q3).discrimination, -30.15);
    assert.ok(item(state, q3).flags.includes('negative_discrimination'));
    assert.equal(report.exams[0].exam, 'set:exam-01');
    assert.equal(report.exams[0].alpha, 0);
    assert.deepEqual(tapTargetProblems(state, { prefix: 'statistics.', width: 1280 }), []);
    await settleFrames(page);
    await saveScreenshot(page, 'statistics-1-table-1280x800');

    // Sorted by discrimination (highest first), then the flagged ones only.
    await press(page, 'statistics.sort.discrimination', { screen: 'item_statistics' });
    state = await waitForScreen(page, 'item_statistics', (own) => own.view.sort === 'discrimination', 'sorted by discrimination');
    assert.deepEqual(screenState(state, 'item_statistics').order, [q2.id, q1.id, q3.id]);
    await press(page, 'statistics.filter.flagged', { screen: 'item_statistics' });
    state = await waitForScreen(page, 'item_statistics', (own) => own.view.flagged_only, 'the flagged ones');
    assert.ok(!screenState(state, 'item_statistics').order.includes(q2.id) || item(state, q2).flags.length > 0);
    assert.ok(screenState(state, 'item_statistics').order.includes(q3.id));

    // The question that looks miskeyed, as the student sees it, with its numbers.
    await press(page, `statistics.row.${q3.id}`, { screen: 'item_statistics' });
    state = await waitForScreen(page, 'item_statistics', (own, s) => own.view.open === q3.id && s.targets?.['statistics.list'], 'the question opened');
    await settleFrames(page);
    await saveScreenshot(page, 'statistics-2-question-1280x800');
    await page.keyboard.press('Escape');
    await waitForScreen(page, 'item_statistics', (own) => own.view.open === '', 'back to the list');

    // The phone: the same figures, thumb-sized, then in French at 360 px.
    const small = handset.page;
    state = await waitForScreen(small, 'item_statistics', (own) => own.drawn.revision === own.view.revision, 'the phone drawn');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'statistics.selection', width: 390 }), []);
    assert.deepEqual(tapTargetProblems(state, { prefix: 'statistics.sort', width: 390 }), []);
    await settleFrames(small);
    await saveScreenshot(small, 'statistics-3-table-390x844');
    await press(small, `statistics.row.${q3.id}`, { screen: 'item_statistics', touch: true });
    await waitForScreen(small, 'item_statistics', (own) => own.view.open === q3.id, 'the question on the phone');
    await settleFrames(small);
    await saveScreenshot(small, 'statistics-4-question-390x844');
    await press(small, 'statistics.list', { screen: 'item_statistics', touch: true });
    await small.setViewportSize({ width: 360, height: 740 });
    await waitForState(small, (s) => s.targets?.['language.fr'] && s.targets['language.fr'].x + s.targets['language.fr'].width <= 360, 'a frame 360 px wide');
    await press(small, 'language.fr', { screen: 'item_statistics', touch: true });
    state = await waitForScreen(small, 'item_statistics', (own, s) => s.language === 'fr' && own.drawn.language === 'fr', 'the screen in French');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'statistics.s', width: 360 }), []);
    await settleFrames(small);
    await saveScreenshot(small, 'statistics-5-table-fr-360x740');

    // All attempts: asked again (the same four here: nobody sat twice).
    await press(page, 'statistics.selection.all', { screen: 'item_statistics' });
    state = await waitForScreen(page, 'item_statistics', (own) => own.report.selection === 'all' && !own.report.busy, 'all attempts');
    assert.equal(screenState(state, 'item_statistics').report.attempts, 4);

    assert.deepEqual(desk.problems, []);
    assert.deepEqual(handset.problems, []);
  } finally {
    await desk.context.close();
    await handset.context.close();
  }
});
