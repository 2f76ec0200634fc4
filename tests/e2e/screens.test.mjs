// A tour of every screen at a desktop and a phone size, as a student reaching each from Home: each
// is saved as PNG (UMUHANDA_SCREENSHOTS) and checked not blank, every tap target of each screen is
// at least 44x44 CSS px, and nothing is wider than the phone (no horizontal scrolling).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, press, saveScreenshot, settleFrames, startServer, waitForState, watchConsole } from './harness.mjs';

let server;
let chromium;

before(async () => {
  server = await startServer();
  chromium = await launchBrowser();
});

after(async () => {
  await chromium?.close();
  await server?.stop();
});

// Home's row for each screen.
const tour = [
  ['practice', 'home.practice'],
  ['exam', 'home.exam'],
  ['signs', 'home.signs'],
  ['lessons', 'home.lessons'],
  ['progress', 'home.progress'],
  ['settings', 'home.settings'],
];

const sizes = [
  { name: 'desktop-1280x800', viewport: { width: 1280, height: 800 }, options: {} },
  { name: 'phone-390x844', viewport: { width: 390, height: 844 }, options: { deviceScaleFactor: 3, isMobile: true, hasTouch: true } },
];

// The last frame shows `screen` and it has been stable for a few frames (pictures decoded).
async function screenSettled(page, screen) {
  await waitForState(page, (s) => s.drawn_screen === screen && s.screen === screen && s.textures.loading === 0, `the ${screen} screen`);
  await settleFrames(page, 6);
  return waitForState(page, (s) => s.drawn_screen === screen, `the ${screen} screen, drawn`);
}

function checkTargets(state, size, screen) {
  const problems = [];
  for (const [name, r] of Object.entries(state.targets)) {
    if (name.startsWith('picture.')) continue;
    if (r.width < 44 || r.height < 44) problems.push(`${name} is ${r.width}x${r.height}`);
    if (r.x < 0 || r.x + r.width > size.viewport.width + 0.5) problems.push(`${name} overflows the width: x ${r.x}, width ${r.width}`);
  }
  assert.deepEqual(problems, [], `${screen} at ${size.name}: tap targets`);
  assert.ok(Object.keys(state.targets).length >= 2, `${screen} at ${size.name} has something to tap`);
}

for (const size of sizes) {
  test(`every screen at ${size.name}: saved, not blank, tap targets big enough, nothing wider than the page`, async () => {
    const context = await chromium.browser.newContext({ viewport: size.viewport, ...size.options });
    const page = await context.newPage();
    const problems = watchConsole(page);
    try {
      await page.goto(server.url + '/');
      await waitForState(page, (s) => s.phase === 'ready', 'the pack', 60000);
      const home = await screenSettled(page, 'home');
      checkTargets(home, size, 'home');
      await saveScreenshot(page, `screen-home-${size.name}`);
      for (const [screen, row] of tour) {
        await press(page, row, { screen: 'home', touch: size.options.hasTouch === true });
        const state = await screenSettled(page, screen);
        checkTargets(state, size, screen);
        const shot = await saveScreenshot(page, `screen-${screen}-${size.name}`);
        assert.equal(shot.width, size.viewport.width * (size.options.deviceScaleFactor ?? 1));
        // Back to Home the way a student would: the header's back arrow, or Esc on a keyboard.
        if (size.options.hasTouch) await press(page, 'back', { touch: true });
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
  });
}
