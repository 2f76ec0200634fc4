// First slice, end to end: the real server serves the real WASM client to headless Chromium; the
// client loads the default pack, a question is answered by keyboard and by click, and screenshots
// at desktop and phone sizes are saved and checked not blank.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clientState, launchBrowser, saveScreenshot, settleFrames, startServer, waitForState, watchConsole } from './harness.mjs';

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
  const loaded = await waitForState(page, (s) => s.phase === 'question' || s.phase === 'failed', 'the first question');
  assert.equal(loaded.phase, 'question', `client failed to load: ${loaded.error}; console: ${problems.join('\n')}`);
  // Layout (the choice rectangles) is known once the question has been drawn.
  await settleFrames(page);
  const state = await clientState(page);
  return { context, page, problems, state };
}

const centre = (rect) => ({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });

test('desktop: the first question appears and answers by keyboard and by click', async () => {
  const { context, page, problems, state } = await openClient({ width: 1280, height: 800 });
  try {
    assert.equal(state.pack, 'umuhanda-default');
    assert.equal(state.position, 0);
    assert.equal(state.answered, false);
    assert.ok(state.choice_count >= 2, 'the question has choices');
    assert.ok(state.prompt.length > 10, 'the prompt is shown');
    await settleFrames(page);
    await saveScreenshot(page, 'desktop-1280x800-question');

    // Keyboard: "2" picks the second choice.
    await page.keyboard.press('2');
    const answered = await waitForState(page, (s) => s.answered, 'the keyboard answer');
    assert.equal(answered.selected, 1);
    assert.equal(answered.outcome, answered.correct === 1 ? 'right' : 'wrong');
    assert.ok(answered.explanation.length > 0, 'the explanation is shown');
    assert.equal(answered.answered_count, 1);
    await settleFrames(page);
    const shot = await saveScreenshot(page, 'desktop-1280x800-feedback');
    assert.equal(shot.width, 1280);

    // Enter goes on to the next question.
    await page.keyboard.press('Enter');
    const next = await waitForState(page, (s) => s.position === 1 && !s.answered, 'the second question');
    assert.notEqual(next.question_id, state.question_id);

    // Click: the first choice, at the rectangle the client reports.
    await settleFrames(page);
    const target = centre(next.choice_rects[0]);
    await page.mouse.click(target.x, target.y);
    const clicked = await waitForState(page, (s) => s.answered, 'the clicked answer');
    assert.equal(clicked.selected, 0);
    assert.equal(clicked.outcome, clicked.correct === 0 ? 'right' : 'wrong');
    assert.equal(clicked.answered_count, 2);

    // Clicking "Next" works too.
    await settleFrames(page);
    const nextButton = centre(clicked.next_rect);
    await page.mouse.click(nextButton.x, nextButton.y);
    await waitForState(page, (s) => s.position === 2 && !s.answered, 'the third question');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('phone: 390x844 at 3x pixel ratio, tap targets big enough, a tap answers', async () => {
  const { context, page, problems, state } = await openClient({ width: 390, height: 844 },
                                                             { deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  try {
    for (const rect of state.choice_rects) {
      assert.ok(rect.height >= 44, `choice is ${rect.height} CSS px tall, needs at least 44`);
      assert.ok(rect.x >= 0 && rect.x + rect.width <= 390, `choice fits the width: ${JSON.stringify(rect)}`);
    }
    await settleFrames(page);
    const question = await saveScreenshot(page, 'phone-390x844-question');
    assert.equal(question.width, 390 * 3, 'the screenshot is taken at device resolution');

    const target = centre(state.choice_rects[state.choice_count - 1]);
    await page.touchscreen.tap(target.x, target.y);
    const answered = await waitForState(page, (s) => s.answered, 'the tapped answer');
    assert.equal(answered.selected, state.choice_count - 1);
    await settleFrames(page);
    await saveScreenshot(page, 'phone-390x844-feedback');

    // French: the whole UI switches, accents and typographic punctuation included.
    const french = centre(answered.language_rects.fr);
    await page.touchscreen.tap(french.x, french.y);
    const inFrench = await waitForState(page, (s) => s.language === 'fr', 'French');
    assert.match(inFrench.prompt, /[éèàçô’«»]/u, 'the French prompt has accents or French punctuation');
    await settleFrames(page);
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
