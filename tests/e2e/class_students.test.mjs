// Adding students from a class list, end to end (issue 14, "Classes and students"): an instructor
// chooses a CSV file on the class screen; a file with a bad row shows every problem located and
// offers nothing to send; a good one shows the students, "Create N accounts" creates them, and the
// table of names, phones and reset codes follows (Copy all). A created student sets a password with
// their code and is signed in, in a second browser context. On a desktop and a 390 px phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktop, newClient, phone, press, saveScreenshot, screenState, scrollIntoView, settleFrames, tapTargetProblems, useServerAndBrowser,
  waitForScreen, waitForState } from './harness.mjs';
import { schoolTools } from './school.mjs';

const env = useServerAndBrowser();
const { api, staffSession, studentSession } = schoolTools(env);

const studentFile = (state) => screenState(state, 'class_roster')?.classes?.student_import;

async function openClass(cookie, classId, options) {
  const client = await newClient(options);
  const [name, value] = cookie.split('=');
  await client.context.addCookies([{ name, value, url: env.server.url }]);
  await client.page.goto(env.server.url + '/');
  await waitForState(client.page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && s.classes.loaded, 'the app, signed in');
  const touch = options.hasTouch === true;
  await press(client.page, 'home.settings', { screen: 'home', touch });
  await waitForScreen(client.page, 'settings');
  await scrollIntoView(client.page, `settings.class.${classId}`, { screen: 'settings' });
  await press(client.page, `settings.class.${classId}`, { screen: 'settings', touch });
  await waitForScreen(client.page, 'class_roster', (own) => own.classes.roster?.class_id === classId, 'the roster');
  return client;
}

// Chooses `text` as the file `name` through the browser's file chooser, opened by the screen's button.
async function chooseFile(client, name, text) {
  await scrollIntoView(client.page, 'class.students_file', { screen: 'class_roster' });
  const chooser = client.page.waitForEvent('filechooser');
  await press(client.page, 'class.students_file', { screen: 'class_roster', touch: client.touch });
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  return waitForScreen(client.page, 'class_roster', (own) => own.classes.student_import?.file === name, `${name} read`);
}

test('an instructor adds students from a CSV file and a created student signs in with the reset code', async () => {
  const teacher = await staffSession('instructor', 'Teta Uwase', 'teta.roster@school.rw');
  const grace = await studentSession('Grace Keza', '0785552201');
  const made = await api('POST', '/api/v1/classes', { cookie: teacher, body: { name: 'Evening' } });
  assert.equal(made.status, 201, made.text);
  const classId = made.json.class.id;

  const clients = [];
  try {
    const onDesktop = await openClass(teacher, classId, desktop);
    clients.push(onDesktop);
    const { page } = onDesktop;

    // A file with a bad phone and a repeated one: every problem located, nothing offered to send.
    let state = await chooseFile(onDesktop, 'evening.csv', 'name,phone\nAline Uwimana,0785552202\nEric Habimana,078 555\nJean Bosco,0785552202\n');
    assert.deepEqual(studentFile(state).problems, [
      'evening.csv:3:15: phone "078 555" is not a Rwandan phone number: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; this one has 6 digits',
      'evening.csv:4:12: phone 078 555 2202 is already on line 2: each student needs their own number',
    ]);
    assert.equal(state.targets['class.students_create'], undefined, 'nothing to send while the file has a problem');
    await settleFrames(page);
    await saveScreenshot(page, 'class-students-1-problems-1280x800');

    // The fixed file (French headers, semicolons): three students to create, Grace already has an account.
    state = await chooseFile(onDesktop, 'evening-fixed.csv', 'Nom;Téléphone\nAline Uwimana;0785552202\nEric Habimana;078 555 2203\nGrace K.;0785552201\n');
    assert.deepEqual(studentFile(state).problems, []);
    assert.equal(studentFile(state).students, 3);
    await scrollIntoView(page, 'class.students_create', { screen: 'class_roster' });
    await press(page, 'class.students_create', { screen: 'class_roster' });
    state = await waitForScreen(page, 'class_roster', (own) => own.classes.student_import?.sent === true && own.classes.roster?.students.length === 3,
                                'the accounts created');
    const created = studentFile(state).created;
    assert.deepEqual(created.map((c) => c.name), ['Aline Uwimana', 'Eric Habimana']);
    assert.deepEqual(studentFile(state).existing, [{ login: '+250785552201', status: 'added_existing' }]);
    for (const c of created) assert.match(c.reset_code, /^\d{4} \d{4}$/);
    await scrollIntoView(page, 'class.students_copy', { screen: 'class_roster' });
    await settleFrames(page);
    await saveScreenshot(page, 'class-students-2-codes-1280x800');

    // The same table on a phone: it fits, every target thumb-sized.
    const onPhone = await openClass(teacher, classId, phone);
    clients.push(onPhone);
    state = await chooseFile(onPhone, 'evening-more.csv', 'name,phone\nClaudine Mukeshimana,0785552204\n');
    await scrollIntoView(onPhone.page, 'class.students_create', { screen: 'class_roster' });
    await press(onPhone.page, 'class.students_create', { screen: 'class_roster', touch: true });
    state = await waitForScreen(onPhone.page, 'class_roster', (own) => own.classes.student_import?.sent === true, 'created on the phone');
    state = await scrollIntoView(onPhone.page, 'class.students_copy', { screen: 'class_roster' });
    assert.deepEqual(tapTargetProblems(state, { width: phone.viewport.width + 0.5 }), []);
    await settleFrames(onPhone.page);
    await saveScreenshot(onPhone.page, 'class-students-3-codes-390x844');

    // Aline sets her password with her code, then is signed in in a browser of her own.
    const aline = created[0];
    const reset = await api('POST', '/api/v1/password-resets', { body: { login: '0785552202', code: aline.reset_code, password: 'my own password 42', device: 'phone' } });
    assert.equal(reset.status, 200, reset.text);
    const again = await api('POST', '/api/v1/password-resets', { body: { login: '0785552202', code: aline.reset_code, password: 'another password 43' } });
    assert.equal(again.status, 400, 'a code works once');
    const hers = await newClient(phone);
    clients.push(hers);
    const [name, value] = reset.cookie.split('=');
    await hers.context.addCookies([{ name, value, url: env.server.url }]);
    await hers.page.goto(env.server.url + '/');
    await waitForState(hers.page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && s.classes.loaded && s.classes.classes.length === 1,
                       'Aline signed in, in the class');
    assert.equal((await api('GET', '/api/v1/me', { cookie: grace.cookie })).status, 200, 'Grace keeps her own session');
    for (const { problems } of clients) assert.deepEqual(problems, []);
  } finally {
    for (const { context } of clients) await context.close();
  }
});
