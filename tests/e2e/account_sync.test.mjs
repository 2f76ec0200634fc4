// Accounts, progress sync and classes, end to end: the real client in Chromium against the real
// server. A student who practised without an account signs up and keeps that progress (it reaches
// the server); two devices of one account (a phone and a desktop) answer different questions
// offline, come back online and end with the same records, none twice; an instructor creates a
// class, a student joins it with its code and practises, and shows on the instructor's roster,
// which shows the code large with Copy and its QR code (desktop and phone).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  answerPractice, clientState, decodePng, desktop, isExpectedOfflineError, openClient, openPractice, phone, pixelAt, press, saveScreenshot,
  screenState, serverBinary, scrollIntoView, settleFrames, tapTargetProblems, useServerAndBrowser, waitForScreen, waitForState, withClient
} from './harness.mjs';

const env = useServerAndBrowser();
const password = "amahoro y'umuhanda 7";

// The API as a script would call it (Node's fetch sends no Origin by itself).
async function api(method, path, { cookie, body } = {}) {
  const headers = { Origin: env.server.url };
  if (cookie) headers.Cookie = cookie;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(env.server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] };
}

async function pullAll(cookie) {
  const events = [];
  let cursor = '0';
  for (;;) {
    const page = await api('GET', `/api/v1/sync/events?limit=1000&after=${cursor}`, { cookie });
    assert.equal(page.status, 200);
    events.push(...page.json.events);
    cursor = page.json.cursor;
    if (!page.json.more) return events;
  }
}

async function typeInto(page, field, text) {
  await press(page, field, { screen: 'account' });
  await page.keyboard.insertText(text);
}

// Settings' account and class controls are at the bottom of a long screen: brought into view first.
async function pressInSettings(page, name) {
  await scrollIntoView(page, name, { screen: 'settings' });
  return press(page, name, { screen: 'settings' });
}

const homeToSettings = async (page) => {
  await page.keyboard.press('Escape');
  await waitForScreen(page, 'home');
  await press(page, 'home.settings', { screen: 'home' });
  return waitForScreen(page, 'settings');
};

test('practice without an account, then sign up: the progress joins the account and reaches the server', () => withClient(openClient(phone), async ({ page }) => {
  await openPractice(page);
  for (let i = 0; i < 3; i++) await answerPractice(page, i % 2);
  await waitForState(page, (s) => s.progress.records === 3 && s.progress.saving === 0, 'three answers saved');
  let state = await homeToSettings(page);
  assert.equal(state.account.state, 'signed_out');
  await scrollIntoView(page, 'settings.account.sign_in', { screen: 'settings' });
  await settleFrames(page);
  await saveScreenshot(page, 'account-1-settings-signed-out-390x844');

  await pressInSettings(page, 'settings.account.sign_in');
  await waitForScreen(page, 'account');
  await press(page, 'account.mode.sign_up', { screen: 'account' });
  await waitForScreen(page, 'account', (a) => a.view.mode === 'sign_up');
  await typeInto(page, 'account.name', 'Aline Uwase');
  await typeInto(page, 'account.login', '078 555 0101');
  await typeInto(page, 'account.password', password);
  state = await waitForScreen(page, 'account', (a) => a.view.password_length === password.length, 'the form filled');
  assert.deepEqual(tapTargetProblems(state, { prefix: 'account.' }), []);
  assert.ok(!JSON.stringify(state).includes(password), 'the password never appears in the state');
  await settleFrames(page);
  await saveScreenshot(page, 'account-2-sign-up-form-390x844');

  await press(page, 'account.submit', { screen: 'account' });
  // Back in Settings, signed in; the answers made without an account wait for the student's word.
  state = await waitForScreen(page, 'settings', (own, s) => s.account.state === 'signed_in' && s.sync.phase === 'waiting_for_decision', 'the decision');
  assert.equal(state.account.user.name, 'Aline Uwase');
  assert.equal(state.sync.decision_records, 3);
  await scrollIntoView(page, 'settings.sync.join', { screen: 'settings' });
  await settleFrames(page);
  await saveScreenshot(page, 'account-3-keep-progress-question-390x844');
  await pressInSettings(page, 'settings.sync.join');
  state = await waitForState(page, (s) => s.sync.phase === 'idle' && s.sync.pending === 0 && s.sync.last_synced_ms, 'the answers synced');
  assert.equal(state.sync.pushed, 3);
  await waitForScreen(page, 'settings', (own) => own.view.sync.pending === 0);
  await settleFrames(page);
  await saveScreenshot(page, 'account-4-synced-390x844');

  // On the server, in Aline's account: exactly the three answers of this phone.
  const signedIn = await api('POST', '/api/v1/sessions', { body: { login: '0785550101', password } });
  assert.equal(signedIn.status, 200);
  const events = await pullAll(signedIn.cookie);
  assert.deepEqual(events.map((e) => e.id).sort(), state.progress.answers.map((a) => a.id).sort());
}));

test('two devices of one account answer offline, come back online, and end with the same records once', async () => {
  const created = await api('POST', '/api/v1/accounts', { body: { name: 'Eric Habimana', login: '0785550202', password } });
  assert.equal(created.status, 201);
  const devices = [];
  try {
    for (const options of [phone, desktop]) {
      const session = await api('POST', '/api/v1/sessions', { body: { login: '0785550202', password } });
      const [name, value] = session.cookie.split('=');
      const context = await env.browser.newContext(options);
      await context.addCookies([{ name, value, url: env.server.url }]);
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      await page.goto(env.server.url + '/');
      await waitForState(page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && s.sync.user_id, 'signed in by the cookie');
      devices.push({ context, page, problems });
    }
    // Offline, each answers questions of its own.
    const counts = [3, 4];
    for (const [i, { context, page }] of devices.entries()) {
      await context.setOffline(true);
      await openPractice(page);
      for (let n = 0; n < counts[i]; n++) await answerPractice(page, n % 3);
      await waitForState(page, (s) => s.progress.records === counts[i] && s.progress.saving === 0, `device ${i}: answers saved offline`);
    }
    const [phoneDevice, desktopDevice] = devices;
    await waitForState(phoneDevice.page, (s) => s.sync.phase === 'failed' && s.sync.pending === 3, 'the phone: a failed sync, 3 pending');
    await settleFrames(phoneDevice.page);
    await saveScreenshot(phoneDevice.page, 'account-5-offline-pending-390x844');

    // Back online: "Sync now" on each, the phone once more to fetch what the desktop sent after it.
    for (const device of [phoneDevice, desktopDevice, phoneDevice]) {
      await device.context.setOffline(false);
      await homeToSettings(device.page);
      await pressInSettings(device.page, 'settings.sync.now');
      await waitForState(device.page, (s) => s.sync.phase === 'idle' && s.sync.pending === 0, 'a sync that went through');
    }
    for (const [i, { page }] of devices.entries()) {
      const state = await waitForState(page, (s) => s.progress.records === 7, `device ${i}: all 7 answers`);
      const ids = state.progress.answers.map((a) => a.id);
      assert.equal(new Set(ids).size, 7, `device ${i}: 7 different records`);
    }
    const signedIn = await api('POST', '/api/v1/sessions', { body: { login: '0785550202', password } });
    const events = await pullAll(signedIn.cookie);
    assert.equal(events.length, 7, 'the server holds each record once');
    await settleFrames(desktopDevice.page);
    await saveScreenshot(desktopDevice.page, 'account-6-desktop-synced-1280x800');
    for (const { problems } of devices) assert.deepEqual(problems.filter((p) => !isExpectedOfflineError(p)), []);
  } finally {
    for (const { context } of devices) await context.close();
  }
});

// The QR code the class screen drew (its `code_picture`: x, y and size in CSS px, on a plate inset
// by 6 %) shows in a screenshot taken at `scale`: about half its modules dark, the quiet zone's
// corner light, the top-left finder pattern's centre dark. A 9-character code is a version 1
// symbol: 21 modules and a quiet zone of 4 each side, 29 in all.
function expectQrCode(shot, drawn, scale) {
  const { width, channels, pixels } = decodePng(shot.png);
  const image = { x: drawn.x + drawn.size * 0.06, y: drawn.y + drawn.size * 0.06, side: drawn.size * 0.88 };
  const dark = ([r, g, b]) => r + g + b < 3 * 100;
  const module = image.side / 29;
  let darkPixels = 0, all = 0;
  for (let y = Math.ceil(image.y * scale); y < Math.floor((image.y + image.side) * scale); y++) {
    for (let x = Math.ceil(image.x * scale); x < Math.floor((image.x + image.side) * scale); x++) {
      const o = (y * width + x) * channels;
      if (dark([pixels[o], pixels[o + 1], pixels[o + 2]])) darkPixels++;
      all++;
    }
  }
  assert.ok(darkPixels / all > 0.2 && darkPixels / all < 0.6, `${shot.path}: ${darkPixels} of ${all} pixels of the QR code are dark`);
  assert.ok(!dark(pixelAt(shot.png, { x: image.x + module, y: image.y + module }, scale)), `${shot.path}: the quiet zone is light`);
  assert.ok(dark(pixelAt(shot.png, { x: image.x + 7.5 * module, y: image.y + 7.5 * module }, scale)), `${shot.path}: the finder pattern is dark`);
}

// A browser context signed in as `login` (the session cookie of an API sign-in), with the client open.
async function signedInClient(options, login) {
  const session = await api('POST', '/api/v1/sessions', { body: { login, password } });
  assert.equal(session.status, 200, JSON.stringify(session.json));
  const [name, value] = session.cookie.split('=');
  const context = await env.browser.newContext(options);
  await context.addCookies([{ name, value, url: env.server.url }]);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
  await page.goto(env.server.url + '/');
  await waitForState(page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && s.classes.loaded, `${login} signed in`);
  return { context, page, problems };
}

test('an instructor creates a class, a student joins it with the code and appears on the roster', async () => {
  // The instructor's account is made on the server machine, as a school does.
  const made = spawnSync(serverBinary, ['--data', env.server.dataDir, 'user', 'create', '--role', 'instructor', '--name', 'Jean Mugisha',
                                        '--login', 'jean@school.rw'], { input: `${password}\n`, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stdout + made.stderr);
  assert.equal((await api('POST', '/api/v1/accounts', { body: { name: 'Grace Mukamana', login: '0785550303', password } })).status, 201);
  const clients = [];
  try {
    const instructor = await signedInClient(desktop, 'jean@school.rw');
    clients.push(instructor);
    await press(instructor.page, 'home.settings', { screen: 'home' });
    await waitForScreen(instructor.page, 'settings');
    await pressInSettings(instructor.page, 'settings.class.field');
    await instructor.page.keyboard.insertText('Morning class');
    await pressInSettings(instructor.page, 'settings.class.create');
    let state = await waitForState(instructor.page, (s) => s.classes.classes.length === 1, 'the class created');
    const joinCode = state.classes.classes[0].join_code;
    assert.match(joinCode, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    await waitForScreen(instructor.page, 'settings', (own) => own.view.class_notice !== '');
    await settleFrames(instructor.page);
    await saveScreenshot(instructor.page, 'classes-1-instructor-settings-1280x800');

    const student = await signedInClient(phone, '0785550303');
    clients.push(student);
    await press(student.page, 'home.settings', { screen: 'home' });
    await waitForScreen(student.page, 'settings');
    await pressInSettings(student.page, 'settings.class.field');
    // Typed as a student would: lower case, a space instead of the dash.
    await student.page.keyboard.insertText(joinCode.toLowerCase().replace('-', ' '));
    await pressInSettings(student.page, 'settings.class.join');
    state = await waitForState(student.page, (s) => s.classes.classes.length === 1, 'the student in the class');
    assert.equal(state.classes.classes[0].name, 'Morning class');
    assert.equal(state.classes.classes[0].join_code, '', 'students do not see the code');
    await waitForScreen(student.page, 'settings', (own) => own.view.class_notice !== '');
    await settleFrames(student.page);
    await saveScreenshot(student.page, 'classes-2-student-joined-390x844');

    // The student practises; the answers sync.
    await student.page.keyboard.press('Escape');
    await openPractice(student.page);
    for (let i = 0; i < 2; i++) await answerPractice(student.page, i);
    await waitForState(student.page, (s) => s.progress.records === 2 && s.sync.pending === 0 && s.sync.phase === 'idle', 'the answers synced');

    // The instructor opens the class: Grace, her two answers, active today.
    state = await waitForState(instructor.page, (s) => s.classes.classes.length === 1, 'the list');
    await pressInSettings(instructor.page, `settings.class.${state.classes.classes[0].id}`);
    state = await waitForScreen(instructor.page, 'class_roster', (own) => own.classes.roster?.students?.length === 1, 'the roster');
    assert.equal(screenState(state, 'class_roster').classes.roster.students[0].name, 'Grace Mukamana');
    assert.equal(screenState(state, 'class_roster').classes.roster.students[0].answers, 2);
    assert.deepEqual(tapTargetProblems(state), []);
    // The code in large text with Copy, and its QR code from the server drawn under it.
    state = await waitForScreen(instructor.page, 'class_roster', (own) => own.code_picture !== null, 'the QR code drawn');
    assert.ok(state.targets['class.copy_code'], 'a Copy button');
    assert.equal(screenState(state, 'class_roster').classes.code_picture.code, joinCode);
    await settleFrames(instructor.page);
    expectQrCode(await saveScreenshot(instructor.page, 'classes-3-roster-1280x800'), screenState(state, 'class_roster').code_picture, 1);
    await instructor.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
    await press(instructor.page, 'class.copy_code', { screen: 'class_roster' });
    await waitForScreen(instructor.page, 'class_roster', (own) => own.view.copied?.worked === true, 'the code copied');
    assert.equal(await instructor.page.evaluate(() => navigator.clipboard.readText()), joinCode);

    // The same on a phone: the QR code fits and every target is thumb-sized.
    const onPhone = await signedInClient(phone, 'jean@school.rw');
    clients.push(onPhone);
    await press(onPhone.page, 'home.settings', { screen: 'home', touch: true });
    await waitForScreen(onPhone.page, 'settings');
    await pressInSettings(onPhone.page, `settings.class.${state.classes.classes[0].id}`);
    state = await waitForScreen(onPhone.page, 'class_roster', (own) => own.code_picture !== null && own.classes.roster?.students?.length === 1,
                                'the roster and its QR code on the phone');
    assert.deepEqual(tapTargetProblems(state, { width: phone.viewport.width + 0.5 }), []);
    const drawnOnPhone = screenState(state, 'class_roster').code_picture;
    assert.ok(drawnOnPhone.x >= 0 && drawnOnPhone.x + drawnOnPhone.size <= phone.viewport.width, JSON.stringify(drawnOnPhone));
    assert.ok(drawnOnPhone.y + drawnOnPhone.size <= phone.viewport.height, `the QR code is on the first screen: ${JSON.stringify(drawnOnPhone)}`);
    await settleFrames(onPhone.page);
    expectQrCode(await saveScreenshot(onPhone.page, 'classes-4-code-390x844'), drawnOnPhone, phone.deviceScaleFactor);
    // The roster as a spreadsheet: the browser saves the file the server writes.
    const classId = state.classes.classes[0].id;
    const downloading = instructor.page.waitForEvent('download');
    await press(instructor.page, 'class.download', { screen: 'class_roster' });
    const download = await downloading;
    assert.equal(download.suggestedFilename(), `class-${classId}-roster.csv`);
    const sheet = readFileSync(await download.path(), 'utf8');
    assert.match(sheet, /^\uFEFFname,joined_at,last_activity,answers,/);
    assert.match(sheet, /\r\nGrace Mukamana,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,\d{4}-[^,]*Z,2,/, sheet);
    for (const { problems } of clients) assert.deepEqual(problems, []);
  } finally {
    for (const { context } of clients) await context.close();
  }
});

test('a reset code from the instructor lets a student set a new password and sign in', () => withClient(openClient(phone), async ({ page }) => {
  const made = spawnSync(serverBinary, ['--data', env.server.dataDir, 'user', 'create', '--role', 'instructor', '--name', 'Marie Uwera',
                                        '--login', 'marie@school.rw'], { input: `${password}\n`, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stdout + made.stderr);
  const student = await api('POST', '/api/v1/accounts', { body: { name: 'Patrick Niyonzima', login: '0785550404', password } });
  assert.equal(student.status, 201);
  const instructor = await api('POST', '/api/v1/sessions', { body: { login: 'marie@school.rw', password } });
  const created = await api('POST', '/api/v1/classes', { cookie: instructor.cookie, body: { name: 'Evening class' } });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const joined = await api('POST', '/api/v1/classes/join', { cookie: student.cookie, body: { code: created.json.class.join_code } });
  assert.equal(joined.status, 200, JSON.stringify(joined.json));
  const issued = await api('POST', `/api/v1/users/${student.json.user.id}/reset-code`, { cookie: instructor.cookie });
  assert.equal(issued.status, 201, JSON.stringify(issued.json));
  assert.match(issued.json.code, /^\d{4} \d{4}$/);

  // On the student's phone, signed out: "Forgot your password?", the code, a new password.
  await press(page, 'home.settings', { screen: 'home' });
  await waitForScreen(page, 'settings');
  await pressInSettings(page, 'settings.account.sign_in');
  await waitForScreen(page, 'account');
  await press(page, 'account.mode.reset', { screen: 'account' });
  await waitForScreen(page, 'account', (a) => a.view.mode === 'reset');
  const newPassword = 'a new password for Patrick';
  await typeInto(page, 'account.login', '0785550404');
  await typeInto(page, 'account.code', issued.json.code.replace(' ', ''));
  await typeInto(page, 'account.password', newPassword);
  const state = await waitForScreen(page, 'account', (a) => a.view.password_length === newPassword.length && a.view.code_length === 8);
  assert.deepEqual(tapTargetProblems(state, { prefix: 'account.' }), []);
  await settleFrames(page);
  await saveScreenshot(page, 'account-7-reset-code-390x844');
  await press(page, 'account.submit', { screen: 'account' });
  const signedIn = await waitForScreen(page, 'settings', (own, s) => s.account.state === 'signed_in', 'signed in with the new password');
  assert.equal(signedIn.account.user.name, 'Patrick Niyonzima');

  assert.equal((await api('POST', '/api/v1/sessions', { body: { login: '0785550404', password } })).status, 401, 'the old password is gone');
  assert.equal((await api('POST', '/api/v1/sessions', { body: { login: '0785550404', password: newPassword } })).status, 200);
  const again = await api('POST', '/api/v1/password-resets', { body: { login: '0785550404', code: issued.json.code, password: 'yet another password 1' } });
  assert.equal(again.status, 400, 'a code works once');
}));

// Sign in through the account form, from Settings (signed out).
async function signInThroughForm(page, login) {
  await pressInSettings(page, 'settings.account.sign_in');
  await waitForScreen(page, 'account');
  await press(page, 'account.mode.sign_in', { screen: 'account' });
  await waitForScreen(page, 'account', (a) => a.view.mode === 'sign_in');
  await typeInto(page, 'account.login', login);
  await typeInto(page, 'account.password', password);
  await waitForScreen(page, 'account', (a) => a.view.password_length === password.length, 'the form filled');
  await press(page, 'account.submit', { screen: 'account' });
  return waitForScreen(page, 'settings', (own, s) => s.account.state === 'signed_in' && s.sync.user_id && s.sync.phase === 'idle', `${login} signed in`);
}

// A phone shared by two students (a family's, a school's): what one synced leaves with them.
test('a shared phone: what a signed-out student synced leaves the device, the next student sees none of it, and it comes back at sign-in', async () => {
  for (const [name, login] of [['Alice Uwimana', '0785550606'], ['Bosco Nkurunziza', '0785550707']]) {
    assert.equal((await api('POST', '/api/v1/accounts', { body: { name, login, password } })).status, 201);
  }
  const shared = await signedInClient(phone, '0785550606');
  const { page, context } = shared;
  try {
    await openPractice(page);
    for (let i = 0; i < 3; i++) await answerPractice(page, i % 2);
    let state = await waitForState(page, (s) => s.progress.records === 3 && s.sync.pending === 0 && s.sync.phase === 'idle', "Alice's answers synced");
    const alicesIds = state.progress.answers.map((a) => a.id).sort();

    // Offline, one more answer: signing out is refused, nothing is lost.
    await context.setOffline(true);
    await answerPractice(page, 0);
    await waitForState(page, (s) => s.progress.records === 4 && s.progress.saving === 0, 'a fourth answer saved offline');
    await homeToSettings(page);
    await pressInSettings(page, 'settings.account.sign_out');
    state = await waitForScreen(page, 'settings', (own) => own.view.notice !== '', 'the refusal');
    assert.match(screenState(state, 'settings').view.notice, /Not signed out/);
    assert.equal(state.account.state, 'signed_in');
    assert.equal(state.progress.records, 4);
    await settleFrames(page);
    await saveScreenshot(page, 'account-8-sign-out-refused-offline-390x844');

    // Online again: the fourth answer is sent first, then Alice is signed out and her answers leave.
    await context.setOffline(false);
    await pressInSettings(page, 'settings.account.sign_out');
    state = await waitForState(page, (s) => s.account.state === 'signed_out' && s.progress.records === 0 && !s.sync.user_id, 'signed out, the answers gone');
    assert.ok(state.progress.forgotten >= 1);
    const alice = await api('POST', '/api/v1/sessions', { body: { login: '0785550606', password } });
    assert.equal((await pullAll(alice.cookie)).length, 4, 'all four on the server');
    await settleFrames(page);
    await saveScreenshot(page, 'account-9-signed-out-390x844');

    // A reload reads the device's storage: still none of Alice's answers.
    await page.reload();
    state = await waitForState(page, (s) => s.phase === 'ready' && s.progress.loaded && s.account.state === 'signed_out', 'reloaded');
    assert.equal(state.progress.records, 0);

    // Bosco signs in on the same phone: no question about someone else's answers, and none shown.
    await press(page, 'home.settings', { screen: 'home' });
    await waitForScreen(page, 'settings');
    state = await signInThroughForm(page, '0785550707');
    assert.equal(state.account.user.name, 'Bosco Nkurunziza');
    assert.equal(state.progress.records, 0);
    assert.equal(state.sync.pulled, 0);
    await page.keyboard.press('Escape');
    await waitForScreen(page, 'home');
    await openPractice(page);
    await answerPractice(page, 1);
    state = await waitForState(page, (s) => s.progress.records === 1 && s.sync.pending === 0 && s.sync.phase === 'idle', "Bosco's answer synced");
    const boscosIds = state.progress.answers.map((a) => a.id);

    // Alice's session comes back without a sign-out (a cookie of hers, as after Bosco's session
    // ended elsewhere): Bosco's answer leaves before any of hers arrive.
    await context.clearCookies();
    const [cookieName, cookieValue] = alice.cookie.split('=');
    await context.addCookies([{ name: cookieName, value: cookieValue, url: env.server.url }]);
    await page.reload();
    state = await waitForState(page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && s.sync.phase === 'idle' && s.progress.records === 4,
                               "Alice's answers back");
    assert.equal(state.account.user.name, 'Alice Uwimana');
    const ids = state.progress.answers.map((a) => a.id);
    for (const id of alicesIds) assert.ok(ids.includes(id), `Alice's ${id} is back`);
    for (const id of boscosIds) assert.ok(!ids.includes(id), `Bosco's ${id} is not shown to Alice`);
    const bosco = await api('POST', '/api/v1/sessions', { body: { login: '0785550707', password } });
    assert.deepEqual((await pullAll(bosco.cookie)).map((e) => e.id), boscosIds, "Bosco's answer is safe in his account");
    assert.deepEqual(shared.problems.filter((p) => !isExpectedOfflineError(p)), []);
  } finally {
    await context.close();
  }
});

// The smallest phone we design for, in French (the longer language): the account form, Settings'
// account and class section, and a class roster fit its 360 CSS px, every target thumb-sized.
const phone360 = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

// Home's language switch, then Settings (below the fold on this phone: scrolled to first).
async function inFrench(page) {
  await press(page, 'language.fr', { screen: 'home', touch: true });
  await waitForState(page, (s) => s.settings.language === 'fr' && s.drawn_screen === 'home' && s.screens.home.drawn.language === 'fr', 'Home in French');
  await scrollIntoView(page, 'home.settings', { screen: 'home' });
  await press(page, 'home.settings', { screen: 'home', touch: true });
  return waitForScreen(page, 'settings');
}

function fitsPhone360(state, prefix) {
  assert.deepEqual(tapTargetProblems(state, { prefix, width: phone360.viewport.width + 0.5 }), [], `${prefix} at 360 px`);
}

test('in French on a 360 px phone: the account form, the account and class settings and a roster fit', async () => {
  const made = spawnSync(serverBinary, ['--data', env.server.dataDir, 'user', 'create', '--role', 'instructor', '--name', 'Claudine Mukeshimana',
                                        '--login', 'claudine@school.rw'], { input: `${password}\n`, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stdout + made.stderr);
  const student = await api('POST', '/api/v1/accounts', { body: { name: 'Jean-Baptiste Habimana', login: '0785550505', password } });
  assert.equal(student.status, 201);
  const instructor = await api('POST', '/api/v1/sessions', { body: { login: 'claudine@school.rw', password } });
  const created = await api('POST', '/api/v1/classes', { cookie: instructor.cookie, body: { name: 'Cours du soir de Kicukiro' } });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  assert.equal((await api('POST', '/api/v1/classes/join', { cookie: student.cookie, body: { code: created.json.class.join_code } })).status, 200);
  const pack = await env.servedPack();
  const answers = pack.questions.slice(0, 3).map((question, i) => ({
    type: 'answer', id: `phone.0123456789ab:${i + 1}`, pack_id: pack.id, question_id: question.id, chosen: [].concat(question.correct), correct: true,
    answered_at_ms: Date.now() - 60000 + i, time_spent_ms: 4000, mode: 'practice',
  }));
  const pushed = await api('POST', '/api/v1/sync/push', { cookie: student.cookie, body: { device: 'phone.0123456789ab', events: answers } });
  assert.equal(pushed.status, 200, JSON.stringify(pushed.json));
  assert.equal(pushed.json.stored, 3, JSON.stringify(pushed.json));

  const clients = [];
  try {
    // Signed out: Settings' account section, then the sign-up form.
    const visitor = await openClient(phone360);
    clients.push(visitor);
    await inFrench(visitor.page);
    let state = await scrollIntoView(visitor.page, 'settings.account.sign_in', { screen: 'settings' });
    fitsPhone360(state, 'settings.');
    await settleFrames(visitor.page);
    await saveScreenshot(visitor.page, 'fr-1-settings-account-360x740');
    await pressInSettings(visitor.page, 'settings.account.sign_in');
    await waitForScreen(visitor.page, 'account');
    await press(visitor.page, 'account.mode.sign_up', { screen: 'account', touch: true });
    state = await waitForScreen(visitor.page, 'account', (a) => a.view.mode === 'sign_up');
    fitsPhone360(state, 'account.');
    assert.equal(state.header_title, 'Inscription', 'a title short enough for the large font');
    await settleFrames(visitor.page);
    await saveScreenshot(visitor.page, 'fr-2-sign-up-360x740');

    // The instructor: the class in Settings, then its roster.
    const teacher = await signedInClient(phone360, 'claudine@school.rw');
    clients.push(teacher);
    await inFrench(teacher.page);
    state = await scrollIntoView(teacher.page, `settings.class.${created.json.class.id}`, { screen: 'settings' });
    fitsPhone360(state, 'settings.');
    await settleFrames(teacher.page);
    await saveScreenshot(teacher.page, 'fr-3-settings-classes-360x740');
    await pressInSettings(teacher.page, `settings.class.${created.json.class.id}`);
    state = await waitForScreen(teacher.page, 'class_roster', (own) => own.classes.roster?.students?.length === 1, 'the roster');
    assert.equal(screenState(state, 'class_roster').classes.roster.students[0].answers, 3);
    fitsPhone360(state, '');
    // A class's name too long for the header is cut with "…" (in the body font), never mid-letter.
    assert.match(state.header_title, /^Cours du soir.*…$/);
    await settleFrames(teacher.page);
    await saveScreenshot(teacher.page, 'fr-4-roster-360x740');

    // The student, offline with an answer not synced yet: Settings refuses to sign out, in French,
    // on the phone and on a desktop.
    const learner = await signedInClient(phone360, '0785550505');
    clients.push({ ...learner, offline: true });
    await inFrench(learner.page);
    // Read in French, the app tells the server, whose emails to this student are then French.
    await waitForState(learner.page, (s) => s.account.user?.language === 'fr', 'the server told the app is read in French');
    const current = await api('GET', '/api/v1/sessions/current', { cookie: (await api('POST', '/api/v1/sessions', { body: { login: '0785550505', password } })).cookie });
    assert.equal(current.json.user.language, 'fr');
    await learner.context.setOffline(true);
    await learner.page.keyboard.press('Escape');
    await waitForScreen(learner.page, 'home');
    await openPractice(learner.page);
    await answerPractice(learner.page, 0);
    await waitForState(learner.page, (s) => s.progress.saving === 0 && s.sync.pending >= 1, 'an answer waiting to sync, offline');
    await learner.page.keyboard.press('Escape');
    await waitForScreen(learner.page, 'home');
    await scrollIntoView(learner.page, 'home.settings', { screen: 'home' });
    await press(learner.page, 'home.settings', { screen: 'home', touch: true });
    await waitForScreen(learner.page, 'settings');
    await pressInSettings(learner.page, 'settings.account.sign_out');
    state = await waitForScreen(learner.page, 'settings', (own) => own.view.notice !== '', 'the refusal, in French');
    assert.match(screenState(state, 'settings').view.notice, /^Pas déconnecté/);
    assert.equal(state.account.state, 'signed_in');
    fitsPhone360(state, 'settings.');
    await settleFrames(learner.page);
    await saveScreenshot(learner.page, 'fr-5-sign-out-refused-360x740');
    await learner.page.setViewportSize(desktop.viewport);
    await scrollIntoView(learner.page, 'settings.account.sign_out', { screen: 'settings' });
    await settleFrames(learner.page);
    await saveScreenshot(learner.page, 'fr-6-sign-out-refused-1280x800');
    for (const { problems, offline } of clients) assert.deepEqual(offline ? problems.filter((problem) => !isExpectedOfflineError(problem)) : problems, []);
  } finally {
    for (const { context } of clients) await context.close();
  }
});
