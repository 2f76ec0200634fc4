// First slice, end to end: the real server serves the real WASM client to headless Chromium; the
// client loads the default pack, a question is answered by keyboard and by click, and screenshots
// at desktop and phone sizes are saved and checked not blank.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openClient, openPractice, phone, press, saveScreenshot, screenState, tapTargetProblems, useServerAndBrowser, waitForScreen, withClient } from './harness.mjs';

const env = useServerAndBrowser();

// The app opened on the practice screen, its first question drawn (the choice rectangles known).
async function openOnPractice(device) {
  const client = await openClient(device);
  await openPractice(client.page, { touch: client.touch });
  return { ...client, state: await waitForScreen(client.page, 'practice') };
}

test('desktop: the first question appears and answers by keyboard and by click', () => withClient(openOnPractice(), async ({ page, state }) => {
  const first = screenState(state, 'practice');
  assert.equal(state.pack, 'umuhanda-default');
  assert.equal(state.screen, 'practice');
  assert.equal(first.answered, false);
  assert.ok(first.choice_count >= 2, 'the question has choices');
  assert.ok(first.prompt.length > 10, 'the prompt is shown');
  await saveScreenshot(page, 'desktop-1280x800-question');

  // Keyboard: "2" picks the second choice.
  await page.keyboard.press('2');
  const answered = screenState(await waitForScreen(page, 'practice', (p) => p.answered, 'the keyboard answer'), 'practice');
  assert.equal(answered.selected, 1);
  assert.equal(answered.outcome, answered.correct === 1 ? 'right' : 'wrong');
  assert.ok(answered.explanation.length > 0, 'the explanation is shown');
  assert.equal(answered.answered_in_run, 1);
  const shot = await saveScreenshot(page, 'desktop-1280x800-feedback');
  assert.equal(shot.width, 1280);

  // Enter goes on to the next question.
  await page.keyboard.press('Enter');
  const next = screenState(await waitForScreen(page, 'practice', (p) => p.serial === first.serial + 1 && !p.answered, 'the second question'), 'practice');
  assert.notEqual(next.question_id, first.question_id);

  // Click: the first choice, at the rectangle the client reports.
  await press(page, 'choice.0', { screen: 'practice' });
  const clicked = screenState(await waitForScreen(page, 'practice', (p) => p.answered, 'the clicked answer'), 'practice');
  assert.equal(clicked.selected, 0);
  assert.equal(clicked.outcome, clicked.correct === 0 ? 'right' : 'wrong');
  assert.equal(clicked.answered_in_run, 2);

  // Clicking "Next" works too.
  await press(page, 'next', { screen: 'practice' });
  await waitForScreen(page, 'practice', (p) => p.serial === first.serial + 2 && !p.answered, 'the third question');
  // Esc goes back home.
  await page.keyboard.press('Escape');
  await waitForScreen(page, 'home', () => true, 'home after Esc');
}));

test('phone: 390x844 at 3x pixel ratio, tap targets big enough, a tap answers', () => withClient(openOnPractice(phone), async ({ page, state }) => {
  // Every tap target of the frame (choices, back, language switch) is big enough and on screen.
  assert.deepEqual(tapTargetProblems(state, { skip: 'picture.', width: 390 }), []);
  const question = await saveScreenshot(page, 'phone-390x844-question');
  assert.equal(question.width, 390 * 3, 'the screenshot is taken at device resolution');

  const last = screenState(state, 'practice').choice_count - 1;
  await press(page, `choice.${last}`, { screen: 'practice', touch: true });
  const answered = screenState(await waitForScreen(page, 'practice', (p) => p.answered, 'the tapped answer'), 'practice');
  assert.equal(answered.selected, last);
  await saveScreenshot(page, 'phone-390x844-feedback');

  // French: the whole UI switches, accents and typographic punctuation included.
  await press(page, 'language.fr', { touch: true });
  const inFrench = await waitForScreen(page, 'practice', (p, s) => s.language === 'fr', 'French');
  assert.match(screenState(inFrench, 'practice').prompt, /[éèàçô’«»]/u, 'the French prompt has accents or French punctuation');
  await saveScreenshot(page, 'phone-390x844-french');
}));

test('the page is served with its headers and the wasm as application/wasm', async () => {
  const page = await fetch(env.server.url + '/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy'), /wasm-unsafe-eval/);
  // The build gives the JS and WASM content-hashed names: the page names the JS, the JS the WASM.
  const jsName = (await page.text()).match(/src="(index\.[0-9a-f]{8,}\.js)"/)?.[1];
  assert.ok(jsName, 'the page loads a content-hashed index.<hash>.js');
  const js = await fetch(`${env.server.url}/${jsName}`);
  assert.match(js.headers.get('cache-control'), /immutable/);
  const wasmName = (await js.text()).match(/"(index\.[0-9a-f]{8,}\.wasm)"/)?.[1];
  assert.ok(wasmName, 'the JS loads a content-hashed index.<hash>.wasm');
  const wasm = await fetch(`${env.server.url}/${wasmName}`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.match(wasm.headers.get('cache-control'), /immutable/);
  await wasm.arrayBuffer();
  // The server writes its log line just after sending the response.
  const line = `GET /${wasmName} 200`;
  for (let i = 0; i < 100 && !env.server.log().includes(line); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(env.server.log().includes(line), `the server logged the request; log:\n${env.server.log()}`);
});
