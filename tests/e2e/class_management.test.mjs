// Managing a class from its screen, end to end (issue 14, "Classes and students"): an instructor
// renames the class, switches joining off and on, makes a new join code after a confirmation (the
// old one then joins nobody), issues a student's reset code (shown large; it sets a new password)
// and disables the student (signed out at once, after a confirmation) then enables them again; on a
// desktop, on a 390 px phone, and in French on a 360 px phone, every target thumb-sized.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktop, newClient, phone, press, saveScreenshot, screenState, scrollIntoView, settleFrames, tapTargetProblems, useServerAndBrowser,
  waitForScreen, waitForState } from './harness.mjs';
import { schoolTools } from './school.mjs';

const env = useServerAndBrowser();
const { api, staffSession, studentSession } = schoolTools(env);

const roster = (state) => screenState(state, 'class_roster')?.classes?.roster;
const view = (state) => screenState(state, 'class_roster')?.view;

// The class screen of `classId` for the staff member of `cookie`, through Settings, as they would.
async function openClass(cookie, classId, options, { french = false } = {}) {
  const client = await newClient(options);
  const [name, value] = cookie.split('=');
  await client.context.addCookies([{ name, value, url: env.server.url }]);
  await client.page.goto(env.server.url + '/');
  await waitForState(client.page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && s.classes.loaded, 'the app, signed in');
  const touch = options.hasTouch === true;
  if (french) {
    await press(client.page, 'language.fr', { screen: 'home', touch });
    await waitForState(client.page, (s) => s.settings.language === 'fr' && s.screens.home?.drawn?.language === 'fr', 'Home in French');
  }
  await press(client.page, 'home.settings', { screen: 'home', touch });
  await waitForScreen(client.page, 'settings');
  await scrollIntoView(client.page, `settings.class.${classId}`, { screen: 'settings' });
  await press(client.page, `settings.class.${classId}`, { screen: 'settings', touch });
  await waitForScreen(client.page, 'class_roster', (own) => own.classes.roster?.class_id === classId && own.classes.roster.students.length > 0, 'the roster');
  return client;
}

// Presses `name` on the class screen (scrolled to first) and waits for the screen to say `what`.
async function pressThen(client, name, predicate, what) {
  await scrollIntoView(client.page, name, { screen: 'class_roster' });
  await press(client.page, name, { screen: 'class_roster', touch: client.touch });
  return waitForScreen(client.page, 'class_roster', predicate, what);
}

test('an instructor renames the class, switches joining off and on, rotates the code, issues a reset code, disables and enables a student', async () => {
  const teacher = await staffSession('instructor', 'Teta Uwase', 'teta@school.rw');
  const aline = await studentSession('Aline Uwimana', '0785551101');
  const made = await api('POST', '/api/v1/classes', { cookie: teacher, body: { name: 'Morning' } });
  assert.equal(made.status, 201, made.text);
  const classId = made.json.class.id;
  const firstCode = made.json.class.join_code;
  assert.equal((await api('POST', '/api/v1/classes/join', { cookie: aline.cookie, body: { code: firstCode } })).status, 200);

  const clients = [];
  try {
    const onDesktop = await openClass(teacher, classId, desktop);
    clients.push(onDesktop);
    const { page } = onDesktop;

    // Rename: the field holds the name; the cursor to its end, and the new name typed on.
    await scrollIntoView(page, 'class.name', { screen: 'class_roster' });
    await press(page, 'class.name', { screen: 'class_roster' });
    await page.keyboard.press('End');
    await page.keyboard.insertText(', Kicukiro');
    let state = await pressThen(onDesktop, 'class.rename', (own) => own.classes.roster.name === 'Morning, Kicukiro' && own.view.notice !== '', 'renamed');
    assert.equal(view(state).notice_is_problem, false, view(state).notice);
    assert.equal(state.header_title, 'Morning, Kicukiro');
    assert.equal((await api('GET', `/api/v1/classes/${classId}`, { cookie: teacher })).json.class.name, 'Morning, Kicukiro');

    // Joining off: the code joins nobody; on again: the same code.
    state = await pressThen(onDesktop, 'class.joining.off', (own) => own.classes.roster.joining === false, 'joining off');
    assert.ok(state.targets['class.joining.on'], 'the button now switches it on');
    const eric = await studentSession('Eric Habimana', '0785551102');
    const refused = await api('POST', '/api/v1/classes/join', { cookie: eric.cookie, body: { code: firstCode } });
    assert.equal(refused.status, 404, refused.text);
    await settleFrames(page);
    await saveScreenshot(page, 'class-manage-1-joining-off-1280x800');
    state = await pressThen(onDesktop, 'class.joining.on', (own) => own.classes.roster.joining === true && own.code_picture !== null, 'joining on');
    assert.equal(roster(state).join_code, firstCode, 'the same code');

    // A new code: asked first; then the old code joins nobody and the new one does.
    state = await pressThen(onDesktop, 'class.rotate', (own) => own.view.confirm_rotate === true, 'the confirmation');
    assert.ok(state.targets['class.rotate.cancel']);
    await settleFrames(page);
    await saveScreenshot(page, 'class-manage-2-rotate-confirm-1280x800');
    state = await pressThen(onDesktop, 'class.rotate.confirm', (own) => own.classes.roster.join_code !== firstCode && own.view.notice !== '', 'a new code');
    const newCode = roster(state).join_code;
    assert.match(newCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.equal((await api('POST', '/api/v1/classes/join', { cookie: eric.cookie, body: { code: firstCode } })).status, 404, 'the old code');
    assert.equal((await api('POST', '/api/v1/classes/join', { cookie: eric.cookie, body: { code: newCode } })).status, 200, 'the new code');

    // A reset code for Aline, large on her card; it sets her new password.
    state = await pressThen(onDesktop, `class.student.${aline.id}.reset_code`, (own) => own.classes.reset_code?.user_id === aline.id, 'the reset code');
    const code = screenState(state, 'class_roster').classes.reset_code.code;
    assert.match(code, /^\d{4} \d{4}$/);
    await settleFrames(page);
    await saveScreenshot(page, 'class-manage-3-reset-code-1280x800');
    const reset = await api('POST', '/api/v1/password-resets', { body: { login: '0785551101', code, password: 'a brand new password 5', device: 'phone' } });
    assert.equal(reset.status, 200, reset.text);
    const alineNow = reset.cookie;
    assert.equal((await api('GET', '/api/v1/me', { cookie: alineNow })).status, 200);

    // Disable, after a confirmation: her session ends at once; enable: she signs in again.
    state = await pressThen(onDesktop, `class.student.${aline.id}.disable`, (own) => own.view.confirm_disable === aline.id, 'the confirmation');
    state = await pressThen(onDesktop, `class.student.${aline.id}.disable.confirm`,
                            (own) => own.classes.roster.students.find((s) => s.id === aline.id)?.disabled === true, 'Aline disabled');
    assert.equal((await api('GET', '/api/v1/me', { cookie: alineNow })).status, 401, 'signed out at once');
    assert.equal((await api('POST', '/api/v1/sessions', { body: { login: '0785551101', password: 'a brand new password 5' } })).status, 403);
    assert.ok(state.targets[`class.student.${aline.id}.enable`]);

    // The same screen on a phone: everything fits and is thumb-sized.
    const onPhone = await openClass(teacher, classId, phone);
    clients.push(onPhone);
    state = await scrollIntoView(onPhone.page, `class.student.${aline.id}.enable`, { screen: 'class_roster' });
    assert.deepEqual(tapTargetProblems(state, { width: phone.viewport.width + 0.5 }), []);
    await settleFrames(onPhone.page);
    await saveScreenshot(onPhone.page, 'class-manage-4-disabled-390x844');
    state = await scrollIntoView(onPhone.page, 'class.joining.off', { screen: 'class_roster' });
    await settleFrames(onPhone.page);
    await saveScreenshot(onPhone.page, 'class-manage-5-manage-390x844');
    await pressThen(onPhone, `class.student.${aline.id}.enable`,
                    (own) => own.classes.roster.students.find((s) => s.id === aline.id)?.disabled === false, 'Aline enabled');
    assert.equal((await api('POST', '/api/v1/sessions', { body: { login: '0785551101', password: 'a brand new password 5' } })).status, 200);
    for (const { problems } of clients) assert.deepEqual(problems, []);
  } finally {
    for (const { context } of clients) await context.close();
  }
});

test('in French on a 360 px phone, the management buttons and the actions on a student fit', async () => {
  const phone360 = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
  const teacher = await staffSession('instructor', 'Claudine Mukeshimana', 'claudine.m@school.rw');
  const student = await studentSession('Jean-Baptiste Habimana', '0785551201');
  const made = await api('POST', '/api/v1/classes', { cookie: teacher, body: { name: 'Cours du soir' } });
  assert.equal((await api('POST', '/api/v1/classes/join', { cookie: student.cookie, body: { code: made.json.class.join_code } })).status, 200);
  const client = await openClass(teacher, made.json.class.id, phone360, { french: true });
  try {
    let state = await pressThen(client, `class.student.${student.id}.reset_code`, (own) => own.classes.reset_code?.user_id === student.id, 'the code');
    state = await scrollIntoView(client.page, `class.student.${student.id}.disable`, { screen: 'class_roster' });
    assert.deepEqual(tapTargetProblems(state, { width: phone360.viewport.width + 0.5 }), []);
    await settleFrames(client.page);
    await saveScreenshot(client.page, 'class-manage-fr-1-reset-code-360x740');
    state = await pressThen(client, 'class.rotate', (own) => own.view.confirm_rotate === true, 'the confirmation');
    state = await scrollIntoView(client.page, 'class.joining.off', { screen: 'class_roster' });
    assert.deepEqual(tapTargetProblems(state, { width: phone360.viewport.width + 0.5 }), []);
    await settleFrames(client.page);
    await saveScreenshot(client.page, 'class-manage-fr-2-manage-360x740');
    assert.deepEqual(client.problems, []);
  } finally {
    await client.context.close();
  }
});
