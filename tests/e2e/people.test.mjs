// An admin manages the school's people in the real client against the real server: finds a student
// by the phone number as Rwandans type it, grants her a plan with a reason (her account's plan runs,
// the server says), ends it early with another, makes a student an instructor after a confirmation
// (his own session sees the new role), and reads all of it in the audit log, narrowed by kind.
// Screenshots at desktop and phone sizes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktop, phone, press, saveScreenshot, screenState, settleFrames, tapTargetProblems, useServerAndBrowser, waitForState } from './harness.mjs';
import { schoolTools } from './school.mjs';

const env = useServerAndBrowser();
const { api, staffSession, studentSession, importPlans, signedInClient } = schoolTools(env);

const people = (s) => screenState(s, 'people')?.people;

async function type(page, target, text, screen) {
  await press(page, target, { screen });
  await page.keyboard.type(text);
}

test('an admin finds a student by phone, grants and ends her plan, makes another an instructor, and reads it in the audit log', async () => {
  const adminCookie = await staffSession('admin', 'Kalisa Jean', 'kalisa@school.rw');
  importPlans([{ slug: 'weekly', names: { en: 'Weekly', fr: 'Semaine' }, duration_seconds: 604800, price_rwf: 3000 }]);
  await staffSession('instructor', 'Teta Ingabire', '0791000001');
  const aline = await studentSession('Aline Uwase', '0785550601');
  const eric = await studentSession('Eric Mugisha', '0785550602');

  const desk = await signedInClient(adminCookie, { ...desktop, timezoneId: 'Africa/Kigali' }, (s) => s.targets?.['home.people']);
  const { page } = desk;
  try {
    await press(page, 'home.people', { screen: 'home' });
    let state = await waitForState(page, (s) => s.drawn_screen === 'people' && people(s)?.searched && people(s).found.length === 4, 'everyone listed');
    await type(page, 'people.search', '0785550601', 'people');
    state = await waitForState(page, (s) => people(s)?.found.length === 1 && screenState(s, 'people').drawn.query === '0785550601', 'Aline found by her phone');
    assert.equal(people(state).found[0].name, 'Aline Uwase');
    await press(page, 'people.role.student', { screen: 'people' });
    await waitForState(page, (s) => screenState(s, 'people')?.drawn?.role === 'student' && people(s).found.length === 1, 'the students filter');
    await settleFrames(page);
    await saveScreenshot(page, 'people-1-search-1280x800');

    // A plan granted with a reason.
    await press(page, `people.person.${aline.id}`, { screen: 'people' });
    await waitForState(page, (s) => people(s)?.person?.id === aline.id && s.targets?.['people.grant'], 'her account');
    await press(page, 'people.grant', { screen: 'people' });
    await press(page, 'people.grant.plan.weekly', { screen: 'people' });
    await type(page, 'people.note', 'scholarship', 'people');
    await press(page, 'people.grant.confirm', { screen: 'people' });
    state = await waitForState(page, (s) => people(s)?.person?.plan === 'weekly' && people(s).trail === 1, 'the plan running, and the trail');
    let mine = await api('GET', '/api/v1/me/subscription', { cookie: aline.cookie });
    assert.equal(mine.json.subscription.plan.slug, 'weekly', 'the server runs it');
    await settleFrames(page);
    await saveScreenshot(page, 'people-2-granted-1280x800');

    // Ended early: no reason, no end.
    await press(page, 'people.end', { screen: 'people' });
    await press(page, 'people.end.confirm', { screen: 'people' });
    state = await waitForState(page, (s) => screenState(s, 'people')?.drawn?.problem === 'note', 'a reason asked for');
    await type(page, 'people.note', 'refunded', 'people');
    await press(page, 'people.end.confirm', { screen: 'people' });
    state = await waitForState(page, (s) => people(s)?.person?.plan === '' && people(s).trail === 2, 'the plan ended');
    mine = await api('GET', '/api/v1/me/subscription', { cookie: aline.cookie });
    assert.equal(mine.json.subscription, null);

    // Eric made an instructor, after a confirmation.
    await press(page, 'back', { screen: 'people' });
    await waitForState(page, (s) => people(s)?.open === 0 && s.targets?.['people.search'], 'the list again');
    await press(page, 'people.role.all', { screen: 'people' });
    await press(page, 'people.search', { screen: 'people' });
    for (let i = 0; i < '0785550601'.length; ++i) await page.keyboard.press('Backspace');
    await page.keyboard.type('eric');
    await waitForState(page, (s) => people(s)?.found.length === 1 && people(s).found[0].id === eric.id, 'Eric found by name');
    await press(page, `people.person.${eric.id}`, { screen: 'people' });
    await press(page, 'people.role_to.instructor', { screen: 'people' });
    await waitForState(page, (s) => s.targets?.['people.role.confirm'], 'the confirmation');
    await settleFrames(page);
    await saveScreenshot(page, 'people-3-role-confirm-1280x800');
    await press(page, 'people.role.confirm', { screen: 'people' });
    await waitForState(page, (s) => people(s)?.person?.role === 'instructor', 'Eric an instructor');
    const me = await api('GET', '/api/v1/me', { cookie: eric.cookie });
    assert.equal(me.json.role, 'instructor', 'his session has the new role');

    // The audit log: everything, then roles only.
    await press(page, 'back', { screen: 'people' });
    await press(page, 'back', { screen: 'people' });
    await press(page, 'home.audit_log', { screen: 'home' });
    state = await waitForState(page, (s) => screenState(s, 'audit_log')?.listed >= 3, 'the audit log');
    await press(page, 'audit.kind.user', { screen: 'audit_log' });
    state = await waitForState(page, (s) => screenState(s, 'audit_log')?.drawn?.kind === 'user' && screenState(s, 'audit_log').listed === 1, 'roles only');
    await press(page, 'audit.kind.all', { screen: 'audit_log' });
    await waitForState(page, (s) => screenState(s, 'audit_log')?.drawn?.kind === '' && screenState(s, 'audit_log').listed === 4, 'all four: the imported plan, the grant, the end, the role');
    await settleFrames(page);
    await saveScreenshot(page, 'people-4-audit-log-1280x800');
  } finally {
    await desk.context.close();
  }

  // On a phone: the list and an account fit 390 px, every target thumb-sized.
  const mobile = await signedInClient(adminCookie, { ...phone, timezoneId: 'Africa/Kigali' }, (s) => s.targets?.['home.people']);
  try {
    await press(mobile.page, 'home.people', { screen: 'home', touch: true });
    let state = await waitForState(mobile.page, (s) => people(s)?.searched && people(s).found.length === 4, 'everyone, on the phone');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'people.', width: 390 }), []);
    await settleFrames(mobile.page);
    await saveScreenshot(mobile.page, 'people-5-list-390x844');
    await press(mobile.page, `people.person.${aline.id}`, { screen: 'people', touch: true });
    state = await waitForState(mobile.page, (s) => people(s)?.person?.id === aline.id && people(s).trail === 2 && s.targets?.['people.grant'], 'her account, on the phone');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'people.', width: 390 }), []);
    await settleFrames(mobile.page);
    await saveScreenshot(mobile.page, 'people-6-account-390x844');
  } finally {
    await mobile.context.close();
  }
});
