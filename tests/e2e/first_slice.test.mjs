// First slice, end to end: the real server serves the real WASM client to headless Chromium; the
// client loads the default pack, a question is answered by keyboard and by click, and screenshots
// at desktop and phone sizes are saved and checked not blank.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clientState, launchBrowser, openPractice, press, saveScreenshot, settleFrames, startServer, waitForPracticeDrawn, waitForState, watchConsole } from './harness.mjs';

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

async function openClient(viewport, options = {}) {
  const context = await chromium.browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(server.url + '/');
  const loaded = await waitForState(page, (s) => s.phase === 'ready' || s.phase === 'failed', 'the pack');
  assert.equal(loaded.phase, 'ready', `client failed to load: ${loaded.error}; console: ${problems.join('\n')}`);
  await openPractice(page, { touch: options.hasTouch === true });
  // Layout (the choice rectangles) is known once the question has been drawn.
  await waitForPracticeDrawn(page);
  const state = await clientState(page);
  return { context, page, problems, state };
}


test('desktop: the first question appears and answers by keyboard and by click', async () => {
  const { context, page, problems, state } = await openClient({ width: 1280, height: 800 });
  try {
    const first = state.practice;
    assert.equal(state.pack, 'umuhanda-default');
    assert.equal(state.screen, 'practice');
    assert.equal(first.answered, false);
    assert.ok(first.choice_count >= 2, 'the question has choices');
    assert.ok(first.prompt.length > 10, 'the prompt is shown');
    await saveScreenshot(page, 'desktop-1280x800-question');

    // Keyboard: "2" picks the second choice.
    await page.keyboard.press('2');
    const answered = (await waitForState(page, (s) => s.practice.answered, 'the keyboard answer')).practice;
    assert.equal(answered.selected, 1);
    assert.equal(answered.outcome, answered.correct === 1 ? 'right' : 'wrong');
    assert.ok(answered.explanation.length > 0, 'the explanation is shown');
    assert.equal(answered.answered_in_run, 1);
    await waitForPracticeDrawn(page);
    const shot = await saveScreenshot(page, 'desktop-1280x800-feedback');
    assert.equal(shot.width, 1280);

    // Enter goes on to the next question.
    await page.keyboard.press('Enter');
    const next = (await waitForState(page, (s) => s.practice.serial === first.serial + 1 && !s.practice.answered, 'the second question')).practice;
    assert.notEqual(next.question_id, first.question_id);

    // Click: the first choice, at the rectangle the client reports.
    await waitForPracticeDrawn(page);
    await press(page, 'choice.0', { screen: 'practice' });
    const clicked = (await waitForState(page, (s) => s.practice.answered, 'the clicked answer')).practice;
    assert.equal(clicked.selected, 0);
    assert.equal(clicked.outcome, clicked.correct === 0 ? 'right' : 'wrong');
    assert.equal(clicked.answered_in_run, 2);

    // Clicking "Next" works too.
    await waitForPracticeDrawn(page);
    await press(page, 'next', { screen: 'practice' });
    await waitForState(page, (s) => s.practice.serial === first.serial + 2 && !s.practice.answered, 'the third question');
    // Esc goes back home.
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => s.drawn_screen === 'home', 'home after Esc');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('phone: 390x844 at 3x pixel ratio, tap targets big enough, a tap answers', async () => {
  const { context, page, problems, state } = await openClient({ width: 390, height: 844 },
                                                             { deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  try {
    // Every tap target of the frame (choices, back, language switch) is big enough and on screen.
    for (const [name, rect] of Object.entries(state.targets)) {
      if (name.startsWith('picture.')) continue;
      assert.ok(rect.height >= 44 && rect.width >= 44, `${name} is ${rect.width}x${rect.height} CSS px, needs at least 44x44`);
      assert.ok(rect.x >= 0 && rect.x + rect.width <= 390, `${name} fits the width: ${JSON.stringify(rect)}`);
    }
    const question = await saveScreenshot(page, 'phone-390x844-question');
    assert.equal(question.width, 390 * 3, 'the screenshot is taken at device resolution');

    const last = state.practice.choice_count - 1;
    await press(page, `choice.${last}`, { screen: 'practice', touch: true });
    const answered = (await waitForState(page, (s) => s.practice.answered, 'the tapped answer')).practice;
    assert.equal(answered.selected, last);
    await waitForPracticeDrawn(page);
    await saveScreenshot(page, 'phone-390x844-feedback');

    // French: the whole UI switches, accents and typographic punctuation included.
    await press(page, 'language.fr', { touch: true });
    const inFrench = await waitForState(page, (s) => s.language === 'fr', 'French');
    assert.match(inFrench.practice.prompt, /[éèàçô’«»]/u, 'the French prompt has accents or French punctuation');
    await waitForPracticeDrawn(page);
    await saveScreenshot(page, 'phone-390x844-french');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the page is served with its headers and the wasm as application/wasm', async () => {
  const page = await fetch(server.url + '/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy'), /wasm-unsafe-eval/);
  // The build gives the JS and WASM content-hashed names: the page names the JS, the JS the WASM.
  const jsName = (await page.text()).match(/src="(index\.[0-9a-f]{8,}\.js)"/)?.[1];
  assert.ok(jsName, 'the page loads a content-hashed index.<hash>.js');
  const js = await fetch(`${server.url}/${jsName}`);
  assert.match(js.headers.get('cache-control'), /immutable/);
  const wasmName = (await js.text()).match(/"(index\.[0-9a-f]{8,}\.wasm)"/)?.[1];
  assert.ok(wasmName, 'the JS loads a content-hashed index.<hash>.wasm');
  const wasm = await fetch(`${server.url}/${wasmName}`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.match(wasm.headers.get('cache-control'), /immutable/);
  await wasm.arrayBuffer();
  // The server writes its log line just after sending the response.
  const line = `GET /${wasmName} 200`;
  for (let i = 0; i < 100 && !server.log().includes(line); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(server.log().includes(line), `the server logged the request; log:\n${server.log()}`);
});
