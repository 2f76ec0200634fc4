// The plans editor, end to end with two browsers: an admin's desktop opens Home → "Plans and
// prices", changes the weekly plan's price and saves; a student's phone, on its plans screen since
// before the change, asks again and sees the new price. At 390 px the admin's form fits, every
// target is thumb-sized, and a plan the server refuses shows each reason under its field.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { desktop, phone, press, saveScreenshot, screenState, scrollIntoView, settleFrames, tapTargetProblems, useServerAndBrowser, waitForState } from './harness.mjs';
import { schoolTools } from './school.mjs';

// The school takes payments (the student's plans screen lists plans only then).
const configDir = mkdtempSync(join(tmpdir(), 'umuhanda-plans-editor-e2e-'));
const instructions = join(configDir, 'payment-instructions.json');
writeFileSync(instructions, JSON.stringify({
  operators: [{ id: 'mtn', name: 'MTN MoMo', payee: 'Auto-Ecole Umuhanda', merchant_code: '123456', ussd: '*182*8*1*123456#' }],
}));
const env = useServerAndBrowser({ args: ['--payment-instructions', instructions] });
const { api, staffSession, studentSession, importPlans, signedInClient } = schoolTools(env);

const editor = (s) => screenState(s, 'plan_editor')?.editor;
const settled = (s) => { const v = screenState(s, 'plan_editor'); return v && JSON.stringify(v.view) === JSON.stringify(v.drawn); };

// Replaces the text of field `target` with `text`, as an admin would: tap it, delete, type.
async function retype(page, target, text) {
  await press(page, target, { screen: 'plan_editor' });
  await page.keyboard.press('End');
  for (let i = 0; i < 12; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

test('an admin changes a plans price and a students plans screen shows the new price', async () => {
  const owner = await staffSession('admin', 'Kalisa Admin', 'kalisa@school.rw');
  importPlans([
    { slug: 'daily', names: { en: 'Daily', fr: 'Un jour' }, duration_seconds: 86400, price_rwf: 500 },
    { slug: 'weekly', names: { en: 'Weekly', fr: 'Une semaine', rw: 'Icyumweru' }, duration_seconds: 604800, price_rwf: 3000 },
    { slug: 'hourly', names: { en: 'Hourly' }, duration_seconds: 3600, price_rwf: 200, active: false },
  ]);
  const aline = await studentSession('Aline Uwase', '0785550901');

  // The student's phone, on its plans screen before anything changes.
  const student = await signedInClient(aline.cookie, { ...phone, timezoneId: 'Africa/Kigali' }, (s) => s.payments?.offer_loaded);
  const admin = await signedInClient(owner, { ...desktop, timezoneId: 'Africa/Kigali' });
  try {
    await press(student.page, 'home.plans', { screen: 'home', touch: true });
    let seen = await waitForState(student.page, (s) => s.drawn_screen === 'plans' && s.targets?.['plans.plan.weekly'], 'the student on the plans screen');
    assert.equal(seen.payments.plans.find((p) => p.slug === 'weekly').price_rwf, 3000);

    // The admin's list: every plan, the one not offered too.
    await press(admin.page, 'home.plans_editor', { screen: 'home' });
    let state = await waitForState(admin.page, (s) => s.drawn_screen === 'plan_editor' && editor(s)?.loaded && s.targets?.['plans_editor.plan.hourly'] && settled(s),
                                   'the plans editor listing every plan');
    assert.deepEqual(editor(state).plans.map((p) => [p.slug, p.price_rwf, p.active]),
                     [['daily', 500, true], ['weekly', 3000, true], ['hourly', 200, false]]);
    await settleFrames(admin.page);
    await saveScreenshot(admin.page, 'plans-editor-1-list-1280x800');

    // Weekly: 3,000 RWF becomes 3,500 RWF.
    await press(admin.page, 'plans_editor.plan.weekly', { screen: 'plan_editor' });
    state = await waitForState(admin.page, (s) => editor(s)?.draft?.slug === 'weekly' && s.targets?.['plans_editor.price'] && settled(s), 'the weekly plan in the form');
    assert.equal(editor(state).draft.price, '3000');
    assert.equal(editor(state).draft.duration, '7');
    assert.equal(editor(state).draft.unit, 'days');
    await retype(admin.page, 'plans_editor.price', '3500');
    state = await waitForState(admin.page, (s) => editor(s)?.draft?.price === '3500', 'the new price typed');
    await settleFrames(admin.page);
    await saveScreenshot(admin.page, 'plans-editor-2-form-1280x800');
    await press(admin.page, 'plans_editor.save', { screen: 'plan_editor' });
    state = await waitForState(admin.page, (s) => editor(s)?.saved === 'weekly' && editor(s).draft === null &&
                                                  editor(s).plans.find((p) => p.slug === 'weekly')?.price_rwf === 3500 && settled(s), 'the plan saved and listed at its new price');
    await settleFrames(admin.page);
    await saveScreenshot(admin.page, 'plans-editor-3-saved-1280x800');
    const stored = await api('GET', '/api/v1/plans');
    assert.equal(stored.json.plans.find((p) => p.slug === 'weekly').price_rwf, 3500);
    const audit = await api('GET', '/api/v1/admin/audit?subject=plan:weekly', { cookie: owner });
    assert.equal(audit.json.entries[0].action, 'plan.saved');
    assert.equal(audit.json.entries[0].details.previous_price_rwf, 3000);

    // The student's screen asks again and shows the new price.
    await press(student.page, 'plans.refresh', { screen: 'plans', touch: true });
    seen = await waitForState(student.page, (s) => s.drawn_screen === 'plans' && s.payments.plans.find((p) => p.slug === 'weekly')?.price_rwf === 3500,
                              'the new price on the student\'s plans screen');
    assert.deepEqual(seen.payments.plans.map((p) => p.slug), ['daily', 'weekly'], 'the plan not offered stays hidden');
    await settleFrames(student.page);
    await saveScreenshot(student.page, 'plans-editor-4-student-390x844');

    // On a phone-sized window: the list and a refused new plan fit, each reason under its field.
    await admin.page.setViewportSize({ width: 390, height: 844 });
    state = await waitForState(admin.page, (s) => s.targets?.['plans_editor.new'] && s.targets['plans_editor.new'].x + s.targets['plans_editor.new'].width <= 390,
                               'the list at 390 px');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'plans_editor.', width: 390 }), []);
    await settleFrames(admin.page);
    await saveScreenshot(admin.page, 'plans-editor-5-list-390x844');
    await press(admin.page, 'plans_editor.new', { screen: 'plan_editor' });
    await waitForState(admin.page, (s) => editor(s)?.draft?.id === 0 && s.targets?.['plans_editor.slug'], 'a new plan\'s form');
    await retype(admin.page, 'plans_editor.slug', 'Month Plan');
    await retype(admin.page, 'plans_editor.duration', '30');
    await retype(admin.page, 'plans_editor.price', '10,000');
    await waitForState(admin.page, (s) => editor(s)?.draft?.price === '10,000' && editor(s).draft.slug === 'Month Plan', 'the fields typed');
    await press(admin.page, 'plans_editor.save', { screen: 'plan_editor' });
    state = await waitForState(admin.page, (s) => editor(s)?.errors?.slug && editor(s).errors['names.en'] && settled(s), 'the server\'s reasons under their fields');
    assert.match(editor(state).errors.slug, /lower-case letters/);
    assert.match(editor(state).errors['names.en'], /English name is required/);
    assert.equal(editor(state).errors.price_rwf, undefined, '10,000 is a price');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'plans_editor.', width: 390 }), []);
    await settleFrames(admin.page);
    await saveScreenshot(admin.page, 'plans-editor-6-refused-bottom-390x844');
    await scrollIntoView(admin.page, 'plans_editor.slug', { screen: 'plan_editor' });
    await settleFrames(admin.page);
    await saveScreenshot(admin.page, 'plans-editor-7-refused-top-390x844');
    assert.equal((await api('GET', '/api/v1/admin/plans', { cookie: owner })).json.plans.length, 3, 'nothing saved');
  } finally {
    await student.context.close();
    await admin.context.close();
  }
});
