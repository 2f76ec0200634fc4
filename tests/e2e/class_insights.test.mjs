// What a class knows, end to end (issue 14, "Classes and students"): two students' answers and
// mock exams reach the server through /api/v1/sync/push; their instructor opens the class screen
// and sees the weakest topics and the student x topic heatmap (its cells as the answers say), taps
// a student's row and sees their page: topic bars, the exam chart and the mistakes. On a desktop
// and a 390 px phone, every target thumb-sized and inside the page; screenshots of both.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { desktop, phone, press, saveScreenshot, screenState, scrollIntoView, settleFrames, tapTargetProblems, useServerAndBrowser,
  waitForScreen } from './harness.mjs';
import { schoolTools } from './school.mjs';

const env = useServerAndBrowser();
const { api, staffSession, studentSession, signedInClient } = schoolTools(env);
const pack = JSON.parse(readFileSync(fileURLToPath(new URL('../../assets/packs/umuhanda-default/pack.json', import.meta.url)), 'utf8'));
const idsOf = (topic) => pack.questions.filter((q) => q.topic === topic).map((q) => q.id);

const roster = (state) => screenState(state, 'class_roster')?.classes?.roster;
const start = 1765000000000;

// Answer records (and mock exams) as a student's device pushes them.
function device() {
  const events = [];
  let at = start;
  return {
    events,
    answer(questionId, correct) {
      events.push({ type: 'answer', id: `phone:${events.length + 1}`, pack_id: pack.id, question_id: questionId, chosen: [0], correct,
        answered_at_ms: at += 1000, time_spent_ms: 3000, mode: 'practice' });
    },
    exam(score) {
      const blueprint = pack.exam_blueprints[0];
      const ids = idsOf('signs').slice(0, blueprint.question_count);
      at += 60000;
      events.push({ type: 'exam_attempt', id: `phone:${events.length + 1}`, pack_id: pack.id, blueprint_id: blueprint.id, exam_set_id: null,
        started_at_ms: at - 600000, submitted_at_ms: at, question_ids: ids, chosen: ids.map(() => null), flagged: ids.map(() => false),
        score, question_count: blueprint.question_count, pass_mark: blueprint.pass_mark, passed: score >= blueprint.pass_mark, timed_out: false });
    },
  };
}

// The class screen of `classId`, through Settings, as the instructor would open it.
async function openClass(cookie, classId, options) {
  const client = await signedInClient(cookie, options, (s) => s.classes.loaded);
  const touch = options.hasTouch === true;
  await press(client.page, 'home.settings', { screen: 'home', touch });
  await waitForScreen(client.page, 'settings');
  await scrollIntoView(client.page, `settings.class.${classId}`, { screen: 'settings' });
  await press(client.page, `settings.class.${classId}`, { screen: 'settings', touch });
  await waitForScreen(client.page, 'class_roster', (own) => own.classes.roster?.class_id === classId && own.classes.roster.students.length === 2,
                      'the roster');
  return client;
}

test('an instructor sees the class heatmap and weakest topics and opens a students page with exams and mistakes', async () => {
  const teacher = await staffSession('instructor', 'Teta Uwase', 'teta.insights@school.rw');
  const aline = await studentSession('Aline Uwimana', '0785553301');
  const eric = await studentSession('Eric Habimana', '0785553302');
  const made = await api('POST', '/api/v1/classes', { cookie: teacher, body: { name: 'Evening' } });
  assert.equal(made.status, 201, made.text);
  const classId = made.json.class.id;
  for (const who of [aline, eric]) {
    assert.equal((await api('POST', '/api/v1/classes/join', { cookie: who.cookie, body: { code: made.json.class.join_code } })).status, 200);
  }
  const [signs, lights, numbers] = [idsOf('signs'), idsOf('lights'), idsOf('numbers')];
  // Aline: signs 9 of 10 right, lights 3 of 10; two mock exams (14/20 passed, 10/20 failed).
  const hers = device();
  for (let i = 0; i < 10; i++) hers.answer(signs[i], i !== 9);
  for (let i = 0; i < 10; i++) hers.answer(lights[i], i < 3);
  hers.exam(14);
  hers.exam(10);
  // Eric: signs 6 of 12 right, lights 5 of 10, numbers 0 of 2.
  const his = device();
  for (let i = 0; i < 12; i++) his.answer(signs[i], i % 2 === 0);
  for (let i = 0; i < 10; i++) his.answer(lights[i], i < 5);
  for (let i = 0; i < 2; i++) his.answer(numbers[i], false);
  for (const [who, pushed] of [[aline, hers], [eric, his]]) {
    const res = await api('POST', '/api/v1/sync/push', { cookie: who.cookie, body: { device: 'phone', events: pushed.events } });
    assert.equal(res.status, 200, res.text);
  }

  const clients = [];
  try {
    for (const [options, size] of [[desktop, '1280x800'], [phone, '390x844']]) {
      const client = await openClass(teacher, classId, options);
      clients.push(client);
      const { page } = client;
      let state = await waitForScreen(page, 'class_roster', (own) => own.heatmap?.length === 2, 'the heatmap drawn');
      const shown = roster(state);
      assert.deepEqual(shown.topics, pack.topics.slice().sort((a, b) => a.order - b.order).map((t) => t.id));
      const column = (id) => shown.topics.indexOf(id);
      const [a, e] = shown.students;
      assert.equal(a.name, 'Aline Uwimana');
      assert.equal(a.cells[column('signs')], 90);
      assert.equal(a.cells[column('lights')], 30);
      assert.equal(a.cells[column('numbers')], null, 'not practised: an empty cell');
      assert.equal(e.cells[column('signs')], 50);
      assert.equal(e.cells[column('numbers')], 0);
      // Pooled: lights 8 of 20 (40 %), signs 15 of 22 (68 %); numbers (2 answers) is under the threshold.
      assert.deepEqual(shown.weakest, [{ topic: 'lights', answered: 20, right: 8 }, { topic: 'signs', answered: 22, right: 15 }]);

      state = await scrollIntoView(page, `class.heatmap.${aline.id}`, { screen: 'class_roster' });
      assert.deepEqual(tapTargetProblems(state, { width: options.viewport.width + 0.5 }), []);
      const rows = screenState(state, 'class_roster').heatmap;
      for (const row of rows) assert.ok(row.height >= 44, `a row is thumb-tall: ${JSON.stringify(row)}`);
      await settleFrames(page);
      await saveScreenshot(page, `class-insights-1-heatmap-${size}`);

      // Aline's page: her topics, her two exams, her mistakes (lights 3-9, then signs 9), newest first.
      await press(page, `class.heatmap.${aline.id}`, { screen: 'class_roster', touch: client.touch });
      state = await waitForScreen(page, 'class_student', (own) => own.page?.id === aline.id, 'Aline’s page');
      const her = screenState(state, 'class_student').page;
      assert.equal(her.exams.length, 2);
      assert.deepEqual(her.exams.map((x) => [x.score, x.passed]), [[14, true], [10, false]]);
      assert.equal(her.mistake_count, 8);
      assert.deepEqual(her.mistakes.map((m) => m.question_id), [...lights.slice(3, 10).reverse(), signs[9]]);
      assert.deepEqual(tapTargetProblems(state, { width: options.viewport.width + 0.5 }), []);
      await settleFrames(page);
      await saveScreenshot(page, `class-insights-2-student-${size}`);
      // The mistakes, at the end of the page: the wheel turned well past it (ImGui stops at the bottom).
      await page.mouse.move(options.viewport.width / 2, options.viewport.height / 2);
      await page.mouse.wheel(0, 20000);
      await waitForScreen(page, 'class_student', () => true, 'the page scrolled').then(() => settleFrames(page, 8));
      await saveScreenshot(page, `class-insights-3-mistakes-${size}`);
    }
    for (const { problems } of clients) assert.deepEqual(problems, []);
  } finally {
    for (const { context } of clients) await context.close();
  }
});
