// Questions with sign pictures on a phone: the sign above the prompt, a question taller than the
// screen that scrolls when dragged with a finger (a drag never counts as an answer), and no hover
// left behind by a tap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answerRightUntil, centre, expectPictures, newClient, openPractice, pixelAt, practiceState, practiceView, saveScreenshot, settleFrames,
  useServerAndBrowser, waitForPractice, waitForScreen,
} from './harness.mjs';

const env = useServerAndBrowser();

// A finger drag through the DevTools protocol: touchStart, a few moves, touchEnd.
async function drag(cdp, from, to, steps = 8) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps, y = from.y + ((to.y - from.y) * i) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

test('small phone: a sign question taller than the screen scrolls by dragging, and a drag is not a tap', async () => {
  // 360x640 at 2x: the screen of the cheap Android phones many students use.
  const viewport = { width: 360, height: 640 };
  const { context, page, problems } = await newClient({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    const cdp = await context.newCDPSession(page);
    await page.goto(env.server.url + '/');
    await openPractice(page);
    await waitForPractice(page, (s) => s.phase === 'question', 'the first question', 60000);
    // On to the first question about one sign.
    await answerRightUntil(page, await env.servedPack(), (p) => p.pictures?.some((picture) => picture.role === 'prompt'));
    await waitForPractice(page, (s) => s.pictures.some((p) => p.role === 'prompt') && s.pictures.every((p) => p.ready),
                          'the sign above the prompt', 60000);
    await settleFrames(page);
    const question = practiceView(await waitForScreen(page, 'practice'));
    const shot = await saveScreenshot(page, 'sign-question-phone');
    expectPictures(shot, [question.prompt_picture_rect], 2);  // the sign is drawn above the prompt
    assert.ok(question.prompt_picture_rect.y + question.prompt_picture_rect.height <= question.choice_rects[0].y, 'above the answers');

    // A drag that starts on an answer scrolls (or does nothing) but never answers.
    const first = centre(question.choice_rects[0]);
    await drag(cdp, first, { x: first.x, y: first.y - 80 });
    await settleFrames(page);
    assert.equal((await practiceState(page)).answered, false, 'a drag is not a tap');

    const moved = centre(practiceView(await waitForScreen(page, 'practice')).choice_rects[0]);  // where the drag left it
    await page.touchscreen.tap(moved.x, moved.y);
    await waitForPractice(page, (s) => s.answered, 'the tapped answer');
    await settleFrames(page);
    const answered = practiceView(await waitForScreen(page, 'practice'));
    assert.equal(answered.selected, 0, 'the tap answered the choice under the finger');
    await saveScreenshot(page, 'sign-question-phone-feedback');
    assert.ok(answered.scroll.max > 0 && answered.next_rect.y + answered.next_rect.height > viewport.height,
              `with the explanation the question is taller than the screen: ${JSON.stringify({ scroll: answered.scroll, next: answered.next_rect })}`);
    // With the explanation the page is taller than the phone: drag it up until "Next" is in view.
    for (let i = 0; i < 6; i++) {
      const state = practiceView(await waitForScreen(page, 'practice'));
      if (state.next_rect.y + state.next_rect.height <= viewport.height) break;
      await drag(cdp, { x: 180, y: 560 }, { x: 180, y: 300 });
      await settleFrames(page);
    }
    const scrolled = practiceView(await waitForScreen(page, 'practice'));
    assert.ok(scrolled.scroll.y > 0, 'the page scrolled');
    assert.ok(scrolled.next_rect.y + scrolled.next_rect.height <= viewport.height, `"Next" can be brought into view: ${JSON.stringify(scrolled.next_rect)}`);
    assert.equal(scrolled.answered, true);
    assert.equal(scrolled.selected, answered.selected, 'dragging changed nothing');
    await saveScreenshot(page, 'sign-question-phone-scrolled');

    const next = centre(scrolled.next_rect);
    await page.touchscreen.tap(next.x, next.y);
    await waitForPractice(page, (s) => s.position === question.position + 1 && !s.answered, 'the next question');
    await settleFrames(page);
    const following = practiceView(await waitForScreen(page, 'practice'));
    assert.equal(following.scroll.y, 0, 'the next question starts at the top');
    assert.ok(following.choice_rects.every((r) => r.height >= 44));

    // A finger has no hover: once it lifts, the button it tapped is drawn as a plain button again.
    const fr = following.language_rects.fr;
    await page.touchscreen.tap(centre(fr).x, centre(fr).y);
    await waitForPractice(page, (s) => s.language === 'fr', 'French');
    await settleFrames(page);
    const { png } = await saveScreenshot(page, 'sign-question-phone-french');
    const colour = pixelAt(png, { x: fr.x + 8, y: fr.y + fr.height / 2 }, 2);
    const button = [38, 99, 235];  // ImGuiCol_Button of the active language; hovered would be [59, 120, 245]
    assert.ok(colour.every((c, i) => Math.abs(c - button[i]) <= 4), `the tapped button is not left hovered: rgb(${colour})`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
