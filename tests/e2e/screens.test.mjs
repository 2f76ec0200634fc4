// A tour of every screen at a desktop and a phone size, as a student reaching each from Home: each
// is saved as PNG (UMUHANDA_SCREENSHOTS) and checked not blank, every tap target of each screen is
// at least 44x44 CSS px, and nothing is wider than the phone (no horizontal scrolling).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktop, openClient, phone, press, saveScreenshot, settleFrames, tapTargetProblems, useServerAndBrowser, waitForState } from './harness.mjs';

useServerAndBrowser();

// Home's row for each screen.
const tour = [
  ['practice', 'home.practice'],
  ['exam', 'home.exam'],
  ['signs', 'home.signs'],
  ['lessons', 'home.lessons'],
  ['progress', 'home.progress'],
  ['settings', 'home.settings'],
];

const sizes = {
  desktop: { name: 'desktop-1280x800', device: desktop },
  phone: { name: 'phone-390x844', device: phone },
};

// The last frame shows `screen` and it has been stable for a few frames (pictures decoded).
async function screenSettled(page, screen) {
  await waitForState(page, (s) => s.drawn_screen === screen && s.screen === screen && s.textures.loading === 0, `the ${screen} screen`);
  await settleFrames(page, 6);
  return waitForState(page, (s) => s.drawn_screen === screen, `the ${screen} screen, drawn`);
}

function checkTargets(state, size, screen) {
  assert.deepEqual(tapTargetProblems(state, { skip: 'picture.', width: size.device.viewport.width + 0.5 }), [], `${screen} at ${size.name}: tap targets`);
  assert.ok(Object.keys(state.targets).length >= 2, `${screen} at ${size.name} has something to tap`);
}

// One tour at one size. The tests are written out one per size, so that CTest finds each (it
// registers the lines that start with test(' in the test files).
async function tourEveryScreen(size) {
  const { context, page, problems, touch } = await openClient(size.device);
  try {
    const home = await screenSettled(page, 'home');
    checkTargets(home, size, 'home');
    await saveScreenshot(page, `screen-home-${size.name}`);
    for (const [screen, row] of tour) {
      await press(page, row, { screen: 'home', touch });
      const state = await screenSettled(page, screen);
      checkTargets(state, size, screen);
      const shot = await saveScreenshot(page, `screen-${screen}-${size.name}`);
      assert.equal(shot.width, size.device.viewport.width * size.device.deviceScaleFactor);
      // Back to Home the way a student would: the header's back arrow, or Esc on a keyboard.
      if (touch) await press(page, 'back', { touch: true });
      else await page.keyboard.press('Escape');
      // A screen may close an inner view first (an exam intro goes straight back).
      for (let i = 0; i < 3 && (await waitForState(page, () => true, 'state')).screen !== 'home'; i++) {
        await page.keyboard.press('Escape');
        await settleFrames(page);
      }
      await screenSettled(page, 'home');
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
}

test('every screen at desktop-1280x800: saved, not blank, tap targets big enough, nothing wider than the page', () => tourEveryScreen(sizes.desktop));
test('every screen at phone-390x844: saved, not blank, tap targets big enough, nothing wider than the page', () => tourEveryScreen(sizes.phone));
