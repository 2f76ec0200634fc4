// Accounts and progress sync, end to end: the real client in Chromium against the real server.
// A student who practised without an account signs up and keeps that progress (it reaches the
// server); two devices of one account (a phone and a desktop) answer different questions offline,
// come back online and end with the same records, none twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answerPractice, clientState, desktop, isExpectedOfflineError, openClient, openPractice, phone, press, saveScreenshot, screenState, settleFrames,
  tapTargetProblems, useServerAndBrowser, waitForScreen, waitForState, withClient
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
  await settleFrames(page);
  await saveScreenshot(page, 'account-1-settings-signed-out-390x844');

  await press(page, 'settings.account.sign_in', { screen: 'settings' });
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
  await settleFrames(page);
  await saveScreenshot(page, 'account-3-keep-progress-question-390x844');
  await press(page, 'settings.sync.join', { screen: 'settings' });
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
      await press(device.page, 'settings.sync.now', { screen: 'settings' });
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
