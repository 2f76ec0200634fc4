// Paying for a plan, end to end with two browsers: the real client in Chromium against the real
// server. A student's phone picks a plan, reads the school's instructions and sends "I have paid";
// a staff member's desktop, open at the same time, sees the request arrive, checks it and approves
// it; the student's open page unlocks the restricted pack and downloads it whole with no reload,
// their inbox says so, and offline afterwards the pack stays open until the plan's end. A second
// request, rejected with a reason, shows the student that reason.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { desktop, isExpectedOfflineError, newClient, phone, press, saveScreenshot, screenState, settleFrames, tapTargetProblems, useServerAndBrowser, waitForState } from './harness.mjs';
import { schoolTools } from './school.mjs';

// The school's payment instructions, given to the server at its start.
const configDir = mkdtempSync(join(tmpdir(), 'umuhanda-payments-e2e-'));
const instructions = join(configDir, 'payment-instructions.json');
writeFileSync(instructions, JSON.stringify({
  operators: [
    { id: 'mtn', name: 'MTN MoMo', payee: 'Auto-Ecole Umuhanda', merchant_code: '123456', ussd: '*182*8*1*123456#' },
    { id: 'airtel', name: 'Airtel Money', payee: 'Auto-Ecole Umuhanda', merchant_code: '654321', ussd: '*182*4*1*654321#' },
  ],
}));
const env = useServerAndBrowser({ args: ['--payment-instructions', instructions] });
const { api, staffSession, studentSession, publishRestrictedPack, importPlans } = schoolTools(env);

const packView = (s) => s.content?.pack;
const synced = (s) => ['up_to_date', 'updated'].includes(s.content?.sync?.state);

async function signedInPage(options, cookie) {
  const client = await newClient(options);
  const [name, value] = cookie.split('=');
  await client.context.addCookies([{ name, value, url: env.server.url }]);
  await client.page.goto(env.server.url + '/');
  return client;
}

async function type(page, target, text, screen) {
  await press(page, target, { screen });
  await page.keyboard.type(text);
}

test('a student pays, staff approve in another browser, and the open page unlocks the pack with no reload and keeps it offline until the end', async () => {
  const adminCookie = await staffSession('admin', 'Kalisa Admin', 'kalisa@school.rw');
  const counts = await publishRestrictedPack(adminCookie);
  importPlans([
    { slug: 'daily', names: { en: 'Daily', fr: 'Journée' }, duration_seconds: 86400, price_rwf: 500, packs: ['kigali-premium'] },
    { slug: 'weekly', names: { en: 'Weekly', fr: 'Semaine' }, duration_seconds: 604800, price_rwf: 3000, packs: ['kigali-premium'] },
  ]);
  const instructorCookie = await staffSession('instructor', 'Jean Instructor', '0791000001');
  const aline = await studentSession('Aline Uwase', '0785550601');

  // Both in Kigali's time, as the school's emails and the server's wording are.
  const student = await signedInPage({ ...phone, timezoneId: 'Africa/Kigali' }, aline.cookie);
  const staff = await signedInPage({ ...desktop, timezoneId: 'Africa/Kigali' }, instructorCookie);
  const { page } = student;
  try {
    let state = await waitForState(page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && packView(s)?.id === 'kigali-premium' && synced(s) &&
                                                s.payments?.offer_loaded, 'the sample, and the plans on offer');
    assert.equal(packView(state).shown_questions, counts.sample);
    assert.deepEqual(state.payments.plans.map((p) => p.slug), ['daily', 'weekly'], 'cheapest first');

    // The plans screen: no plan running, the two on offer.
    await press(page, 'home.plans', { screen: 'home', touch: true });
    state = await waitForState(page, (s) => s.drawn_screen === 'plans' && screenState(s, 'plans')?.payments?.mine_loaded, 'the plans screen');
    assert.equal(state.payments.running, null);
    await settleFrames(page);
    await saveScreenshot(page, 'payments-1-plans-390x844');

    // Weekly, paid with Airtel Money: the instructions, then "I have paid".
    await press(page, 'plans.plan.weekly', { screen: 'plans', touch: true });
    await waitForState(page, (s) => screenState(s, 'plans')?.view?.plan > 0 && s.targets?.['plans.operator.airtel'], 'the weekly plan chosen');
    await press(page, 'plans.operator.airtel', { screen: 'plans', touch: true });
    state = await waitForState(page, (s) => screenState(s, 'plans')?.drawn?.operator === 'airtel', 'Airtel Money chosen');
    await settleFrames(page);
    await saveScreenshot(page, 'payments-2-instructions-390x844');
    await press(page, 'plans.send', { screen: 'plans', touch: true });
    state = await waitForState(page, (s) => screenState(s, 'plans')?.view?.problem === 'incomplete', 'nothing sent without the SMS details');
    await type(page, 'plans.phone', '0785550601', 'plans');
    await type(page, 'plans.transaction', '77 001 234 567', 'plans');
    await press(page, 'plans.send', { screen: 'plans', touch: true });
    state = await waitForState(page, (s) => screenState(s, 'plans')?.view?.sent && s.payments.requests.length === 1, 'the request sent');
    assert.equal(state.payments.requests[0].state, 'pending');
    assert.equal(state.payments.requests[0].amount_rwf, 3000);
    await settleFrames(page);
    await saveScreenshot(page, 'payments-3-sent-waiting-390x844');

    // Staff's open page hears of it live and lists it with the id to find on the statement.
    let staffState = await waitForState(staff.page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && s.payments?.queue?.length === 1,
                                        'the request on the staff page, live');
    const paymentId = staffState.payments.queue[0].id;
    await press(staff.page, 'home.payments', { screen: 'home' });
    await waitForState(staff.page, (s) => s.drawn_screen === 'payment_queue' && s.targets?.[`payments.approve.${paymentId}`], 'the payment list');
    await settleFrames(staff.page);
    await saveScreenshot(staff.page, 'payments-4-staff-queue-1280x800');
    await press(staff.page, `payments.approve.${paymentId}`, { screen: 'payment_queue' });
    await waitForState(staff.page, (s) => s.targets?.[`payments.confirm.${paymentId}`], 'the confirmation');
    await settleFrames(staff.page);
    await saveScreenshot(staff.page, 'payments-5-staff-confirm-1280x800');
    await page.evaluate(() => { window.notReloaded = true; });
    const approvedAt = Date.now();
    await press(staff.page, `payments.confirm.${paymentId}`, { screen: 'payment_queue' });
    staffState = await waitForState(staff.page, (s) => s.payments.queue.length === 0 && /Approved/.test(screenState(s, 'payment_queue')?.view?.notice ?? ''),
                                    'the request approved and gone from the list');

    // The student's open page: the entitlement, the whole pack, the plan running; no reload.
    state = await waitForState(page, (s) => s.entitlement?.verified && packView(s)?.open && packView(s).held_questions === counts.whole && synced(s) &&
                                            s.payments.running?.plan === 'weekly', 'the whole pack and the plan on the open page');
    console.log(`unlocked ${Date.now() - approvedAt} ms after the approval was pressed, without a reload`);
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
    assert.equal(packView(state).shown_questions, counts.whole);
    assert.equal(state.payments.requests[0].state, 'approved');
    await settleFrames(page);
    await saveScreenshot(page, 'payments-6-plan-running-390x844');

    // The inbox tells it, in the app's language, and reading it clears the badge.
    state = await waitForState(page, (s) => s.inbox?.unread >= 1, 'the unread notice');
    assert.equal(state.inbox.items[0].kind, 'payment.approved');
    assert.match(state.inbox.items[0].subject, /Your payment is approved: Weekly/);
    await press(page, 'language.fr', { touch: true });
    await waitForState(page, (s) => s.inbox?.language === 'fr' && /Votre paiement est approuvé : Semaine/.test(s.inbox.items[0]?.subject ?? ''),
                       'the inbox worded in French');
    await press(page, 'back', { screen: 'plans', touch: true });
    state = await waitForState(page, (s) => s.drawn_screen === 'home' && s.targets?.['home.inbox'] && s.targets?.['home.plans'], 'Home with the plan and the inbox');
    await settleFrames(page);
    await saveScreenshot(page, 'payments-7-home-fr-390x844');
    await press(page, 'home.inbox', { screen: 'home', touch: true });
    state = await waitForState(page, (s) => s.drawn_screen === 'inbox' && s.inbox.unread === 0 && screenState(s, 'inbox')?.view?.new >= 1, 'the inbox read');
    await settleFrames(page);
    await saveScreenshot(page, 'payments-8-inbox-fr-390x844');

    // In French at 360 px, the instructions and the form fit and every target is thumb-sized.
    await page.setViewportSize({ width: 360, height: 780 });
    await press(page, 'back', { screen: 'inbox', touch: true });
    await press(page, 'home.plans', { screen: 'home', touch: true });
    await press(page, 'plans.plan.daily', { screen: 'plans', touch: true });
    state = await waitForState(page, (s) => s.drawn_screen === 'plans' && screenState(s, 'plans')?.drawn?.plan > 0 &&
                                            s.targets?.['plans.send'] && s.targets['plans.send'].x + s.targets['plans.send'].width <= 360, 'the paying view at 360 px');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'plans.', width: 360 }), []);
    await settleFrames(page);
    await saveScreenshot(page, 'payments-9-instructions-fr-360x780');
    await press(page, 'back', { screen: 'plans', touch: true });

    // A second request, rejected with a reason: the student reads the reason.
    const weekly = (await api('GET', '/api/v1/plans')).json.plans.find((p) => p.slug === 'weekly');
    const second = await api('POST', '/api/v1/payments', { cookie: aline.cookie, body: { plan_id: weekly.id, operator: 'mtn', payer_phone: '0785550601', transaction_id: '55556666' } });
    assert.equal(second.status, 201, second.text);
    await waitForState(staff.page, (s) => s.payments.queue.length === 1, 'the second request on the staff page');
    await press(staff.page, `payments.reject.${second.json.payment.id}`, { screen: 'payment_queue' });
    await type(staff.page, `payments.reason.${second.json.payment.id}`, 'Not on our MTN statement', 'payment_queue');
    await press(staff.page, `payments.reject_confirm.${second.json.payment.id}`, { screen: 'payment_queue' });
    await waitForState(staff.page, (s) => s.payments.queue.length === 0, 'the second request rejected');
    state = await waitForState(page, (s) => s.payments.requests.some((r) => r.state === 'rejected' && r.reason === 'Not on our MTN statement'),
                               'the reason on the student page, live');

    // Offline, started again: the pack stays open; a day past the plan's end it does not.
    await student.context.setOffline(true);
    await page.reload();
    state = await waitForState(page, (s) => s.phase === 'ready' && s.entitlement?.verified && packView(s)?.held_questions === counts.whole,
                               'offline, the whole pack from storage');
    assert.equal(packView(state).open, true);
    const endsAt = state.entitlement.expires_at;
    await student.context.clock.setFixedTime((endsAt + 86400) * 1000);
    await page.reload();
    state = await waitForState(page, (s) => s.phase === 'ready' && s.entitlement?.verified && packView(s)?.held_questions === counts.whole,
                               'offline, a day after the end');
    assert.equal(packView(state).open, false);
    assert.equal(packView(state).shown_questions, counts.sample);
    assert.deepEqual(student.problems.filter((problem) => !isExpectedOfflineError(problem)), []);
    assert.deepEqual(staff.problems, []);
  } finally {
    await student.context.close();
    await staff.context.close();
  }
});
