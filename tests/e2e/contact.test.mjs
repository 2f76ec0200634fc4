// Writing to the school, end to end with two browsers: someone without an account reports an error
// from a phone (Settings → Write to the school); a staff member's open desktop page is told at once,
// lists the message with where it came from, takes it and marks it resolved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktop, newClient, phone, press, saveScreenshot, screenState, scrollIntoView, settleFrames, tapTargetProblems, useServerAndBrowser, waitForState } from './harness.mjs';
import { schoolTools } from './school.mjs';

const env = useServerAndBrowser();
const { api, staffSession } = schoolTools(env);

test('someone reports an error from a phone and staff, told live, take it and resolve it', async () => {
  const adminCookie = await staffSession('admin', 'Kalisa Admin', 'kalisa@school.rw');
  const writer = await newClient({ ...phone, timezoneId: 'Africa/Kigali' });
  const staff = await newClient({ ...desktop, timezoneId: 'Africa/Kigali' });
  const [name, value] = adminCookie.split('=');
  await staff.context.addCookies([{ name, value, url: env.server.url }]);
  try {
    await staff.page.goto(env.server.url + '/');
    await waitForState(staff.page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && s.contact?.loaded && s.live?.open,
                       'the staff page, listening');

    const { page } = writer;
    await page.goto(env.server.url + '/');
    await waitForState(page, (s) => s.phase === 'ready', 'the app');
    await press(page, 'home.settings', { screen: 'home', touch: true });
    await scrollIntoView(page, 'settings.contact', { screen: 'settings' });
    await press(page, 'settings.contact', { screen: 'settings', touch: true });
    await press(page, 'contact.topic.error_report', { screen: 'contact', touch: true });
    await press(page, 'contact.send', { screen: 'contact', touch: true });
    await waitForState(page, (s) => screenState(s, 'contact')?.view?.problem === 'empty', 'nothing sent without a message');
    await press(page, 'contact.message', { screen: 'contact', touch: true });
    await page.keyboard.type('The picture of question 12 shows a different sign.');
    await press(page, 'contact.name', { screen: 'contact', touch: true });
    await page.keyboard.type('Eric Mugisha');
    await press(page, 'contact.reply_to', { screen: 'contact', touch: true });
    await page.keyboard.type('0781000002');
    let state = await waitForState(page, (s) => screenState(s, 'contact')?.drawn?.reply_to_length === 10, 'the form filled');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'contact.', width: 390 }), []);
    await settleFrames(page);
    await saveScreenshot(page, 'contact-1-error-report-390x844');
    await press(page, 'contact.send', { screen: 'contact', touch: true });
    await waitForState(page, (s) => screenState(s, 'contact')?.view?.sent, 'the message sent');
    await settleFrames(page);
    await saveScreenshot(page, 'contact-2-sent-390x844');

    // Staff: told live, the message on Home's count and in the list, with where it came from.
    let staffState = await waitForState(staff.page, (s) => s.contact.messages.length === 1 && s.inbox?.unread >= 1, 'the message on the staff page, live');
    const id = staffState.contact.messages[0].id;
    const stored = (await api('GET', '/api/v1/contact', { cookie: adminCookie })).json.messages.find((m) => m.id === id);
    assert.equal(stored.topic, 'error_report');
    assert.equal(stored.name, 'Eric Mugisha');
    assert.equal(stored.context.screen, 'settings', 'the screen the writer came from');
    assert.equal(stored.context.pack, 'umuhanda-default');
    await press(staff.page, 'home.contact_messages', { screen: 'home' });
    await waitForState(staff.page, (s) => s.drawn_screen === 'contact_messages' && s.targets?.[`contact_messages.start.${id}`], 'the list of new messages');
    await settleFrames(staff.page);
    await saveScreenshot(staff.page, 'contact-3-staff-list-1280x800');
    await press(staff.page, `contact_messages.start.${id}`, { screen: 'contact_messages' });
    await waitForState(staff.page, (s) => s.contact.messages.length === 0, 'gone from the new ones');
    await press(staff.page, 'contact_messages.filter.in_progress', { screen: 'contact_messages' });
    await waitForState(staff.page, (s) => s.contact.filter === 'in_progress' && s.contact.messages.length === 1 && s.targets?.[`contact_messages.resolve.${id}`],
                       'in the ones in progress');
    await press(staff.page, `contact_messages.resolve.${id}`, { screen: 'contact_messages' });
    await waitForState(staff.page, (s) => s.contact.messages.length === 0, 'resolved');
    const resolved = (await api('GET', '/api/v1/contact?status=resolved', { cookie: adminCookie })).json.messages;
    assert.deepEqual(resolved.map((m) => m.id), [id]);
    assert.deepEqual(writer.problems, []);
    assert.deepEqual(staff.problems, []);
  } finally {
    await writer.context.close();
    await staff.context.close();
  }
});
