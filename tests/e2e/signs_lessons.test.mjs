// The road signs screen (grid by category, search, a sign's detail, flashcards) and the lessons
// screen (list by topic, a page with its markup and sign pictures inline), in the real client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clientState, desktop, expectPictures, openClient, phone, press, saveScreenshot, screenState, scrollIntoView, settleFrames, tapTargetProblems,
  useServerAndBrowser, waitForScreen, waitForState, withClient
} from './harness.mjs';

useServerAndBrowser();

// Waits until the pictures the grid drew are decoded, then for the frames that show them.
async function gridPicturesShown(page) {
  await waitForScreen(page, 'signs', (s) => s.view === 'grid' && s.cells_drawn > 0 && s.cells_ready === s.cells_drawn,
                      'the grid pictures decoded', 60000);
  await settleFrames(page);
  return waitForScreen(page, 'signs');
}

// Waits until the picture `pictureOf(screen's state)` is decoded and drawn, then checks a
// screenshot shows it there.
async function pictureShown(page, screen, pictureOf, scale, name) {
  await waitForScreen(page, screen, (s) => pictureOf(s)?.ready, `the ${screen} picture decoded`, 60000);
  await settleFrames(page);
  const state = await waitForScreen(page, screen);
  expectPictures(await saveScreenshot(page, name), [pictureOf(screenState(state, screen)).rect], scale);
  return state;
}

test('road signs: the grid by category, search narrows it, a tap opens the detail with its related questions', () => withClient(openClient(desktop), async ({ page }) => {
  await press(page, 'home.signs', { screen: 'home' });
  let state = await gridPicturesShown(page);
  const { visible: all, cells_drawn: cellsDrawn } = screenState(state, 'signs');
  assert.ok(all >= 100, `the grid holds every sign: ${all}`);
  assert.ok(cellsDrawn < all, `only the cells on screen ask for pictures: ${cellsDrawn} of ${all}`);
  assert.ok(state.targets['signs.cell.w-bend-left'], 'the first warning sign is on screen');
  assert.deepEqual(tapTargetProblems(state), []);

  // Search: case- and accent-insensitive, in the language on display.
  await press(page, 'language.fr', { screen: 'signs' });
  await waitForScreen(page, 'signs', (s, all) => all.language === 'fr');
  await press(page, 'signs.search', { screen: 'signs' });
  await page.keyboard.type('CEDEZ');
  state = await waitForScreen(page, 'signs', (s) => s.query === 'CEDEZ', 'the search typed');
  const found = screenState(state, 'signs').visible;
  assert.ok(found >= 1 && found < 10, `the search narrows the grid: ${found}`);
  assert.ok(state.targets['signs.cell.p-give-way'], '"CEDEZ" finds "Cédez le passage"');
  await page.keyboard.press('Escape');  // in the search box, Esc cancels the typing (the screen stays)
  state = await waitForScreen(page, 'signs', (s) => s.query === '' && s.visible === all, 'the search cancelled');
  assert.equal(state.screen, 'signs');
  await press(page, 'language.en', { screen: 'signs' });
  await press(page, 'signs.search', { screen: 'signs' });
  await page.keyboard.type('give way');
  await waitForScreen(page, 'signs', (s) => s.query === 'give way' && s.visible < all, 'the English search');

  // A tap opens the detail: picture, name, meaning and the questions that show the sign.
  await press(page, 'signs.cell.p-give-way', { screen: 'signs' });
  state = await waitForScreen(page, 'signs', (s) => s.view === 'detail', 'the detail');
  const detail = screenState(state, 'signs');
  assert.equal(detail.sign_id, 'p-give-way');
  assert.equal(detail.name, 'Give way');
  assert.ok(detail.related.length >= 2, `related questions: ${detail.related}`);
  assert.ok(state.targets['signs.practise'], 'a practice button for their topic');
  await pictureShown(page, 'signs', (s) => s.picture, 1, 'signs-detail-check');
  assert.deepEqual(tapTargetProblems(await clientState(page)), []);

  // → and ← go through the signs the search found.
  const position = detail.position;
  await page.keyboard.press('ArrowRight');
  state = await waitForScreen(page, 'signs', (s) => s.sign_id !== 'p-give-way', 'the next sign');
  assert.equal(screenState(state, 'signs').position, position + 1);
  await page.keyboard.press('ArrowLeft');
  await waitForScreen(page, 'signs', (s) => s.sign_id === 'p-give-way', 'back to the first sign');
  await press(page, 'signs.detail.next', { screen: 'signs' });
  await waitForScreen(page, 'signs', (s) => s.view === 'detail' && s.sign_id !== 'p-give-way', 'next by button');

  // Esc closes the detail (the search stays), then leaves the screen.
  await page.keyboard.press('Escape');
  state = await waitForScreen(page, 'signs', (s) => s.view === 'grid', 'the grid again');
  assert.equal(screenState(state, 'signs').query, 'give way');
  await press(page, 'signs.search.clear', { screen: 'signs' });
  await waitForScreen(page, 'signs', (s) => s.query === '' && s.visible === all, 'the search cleared');
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => s.drawn_screen === 'home', 'home after Esc');
}));

test('flashcards: reveal and self-grade, the grades survive a reload', () => withClient(openClient(phone), async ({ page, touch }) => {
  await press(page, 'home.signs', { screen: 'home', touch });
  await waitForScreen(page, 'signs', (s) => s.flashcards.boxes_loaded, 'the stored boxes read');
  await press(page, 'signs.flashcards', { screen: 'signs', touch });
  let state = await waitForScreen(page, 'signs', (s) => s.view === 'flashcards', 'the flashcards');
  let cards = screenState(state, 'signs').flashcards;
  assert.equal(cards.index, 0);
  assert.equal(cards.revealed, false);
  assert.equal(cards.known, 0);
  assert.equal(state.targets['flashcards.previous']?.disabled, true, 'no card before the first: "Previous" is disabled');
  assert.equal(state.targets['flashcards.next']?.disabled, undefined);
  const first = cards.sign_id;

  // Picture first; the answer on request; then the student grades themselves.
  await press(page, 'flashcards.reveal', { screen: 'signs', touch });
  await waitForScreen(page, 'signs', (s) => s.flashcards.revealed, 'the answer');
  assert.deepEqual(tapTargetProblems(await clientState(page)), []);
  await press(page, 'flashcards.knew', { screen: 'signs', touch });
  state = await waitForScreen(page, 'signs', (s) => s.flashcards.index === 1 && !s.flashcards.revealed, 'the second card');
  cards = screenState(state, 'signs').flashcards;
  assert.equal(cards.known, 1);
  assert.equal(cards.boxes[first], 1);
  assert.equal(state.targets['flashcards.previous']?.disabled, undefined, 'on the second card "Previous" is enabled');
  const second = cards.sign_id;
  assert.notEqual(second, first);

  await press(page, 'flashcards.reveal', { screen: 'signs', touch });
  await waitForScreen(page, 'signs', (s) => s.flashcards.revealed, 'the second answer');
  await press(page, 'flashcards.not_yet', { screen: 'signs', touch });
  state = await waitForScreen(page, 'signs', (s) => s.flashcards.index === 2, 'the third card');
  cards = screenState(state, 'signs').flashcards;
  assert.equal(cards.boxes[second], 0);
  assert.equal(cards.upcoming.indexOf(second), 3, `"Not yet" comes back three cards later: ${cards.upcoming.slice(0, 6)}`);

  // By keyboard: Enter shows the answer, 1 "I knew it"; after three cards the unknown one is back.
  for (let i = 0; i < 3; i++) {
    const index = screenState(await clientState(page), 'signs').flashcards.index;
    await page.keyboard.press('Enter');
    await waitForScreen(page, 'signs', (s) => s.flashcards.revealed, 'the answer by Enter');
    await page.keyboard.press('1');
    await waitForScreen(page, 'signs', (s) => s.flashcards.index === index + 1, 'the next card by 1');
  }
  state = await clientState(page);
  cards = screenState(state, 'signs').flashcards;
  assert.equal(cards.sign_id, second, 'the card not known yet is dealt again');
  assert.equal(cards.known, 4);
  const boxes = cards.boxes;
  await waitForScreen(page, 'signs', (s) => !s.flashcards.saving && s.flashcards.saves >= 1, 'the boxes saved');

  await page.reload();
  await waitForState(page, (s) => s.phase === 'ready', 'the pack after reload', 60000);
  await press(page, 'home.signs', { screen: 'home', touch });
  state = await waitForScreen(page, 'signs', (s) => s.flashcards.boxes_loaded, 'the stored boxes read');
  assert.deepEqual(screenState(state, 'signs').flashcards.boxes, boxes, 'the boxes survived the reload');
  await press(page, 'signs.flashcards', { screen: 'signs', touch });
  state = await waitForScreen(page, 'signs', (s) => s.view === 'flashcards', 'the flashcards again');
  assert.equal(screenState(state, 'signs').flashcards.sign_id, second, 'the sign last answered "Not yet" comes first');
}));

test('lessons: a lesson page renders its markup with sign pictures inline, and a sign opens its detail', () => withClient(openClient(phone), async ({ page, touch }) => {
  await press(page, 'home.lessons', { screen: 'home', touch });
  let state = await waitForScreen(page, 'lessons', (s) => s.view === 'list', 'the lesson list');
  const rows = Object.keys(state.targets).filter((name) => name.startsWith('lessons.open.'));
  assert.ok(rows.length >= 1, 'lessons are listed');
  assert.deepEqual(tapTargetProblems(state), []);

  await press(page, 'lessons.open.signs-shapes-and-colours', { screen: 'lessons', touch });
  state = await waitForScreen(page, 'lessons', (s) => s.view === 'page', 'the lesson page');
  const lesson = screenState(state, 'lessons');
  assert.equal(lesson.slug, 'signs-shapes-and-colours');
  assert.ok(lesson.block_count >= 10, `headings, paragraphs and list items: ${lesson.block_count} blocks`);
  assert.equal(lesson.markup_problems, 0);
  assert.deepEqual(lesson.pictures.map((p) => p.sign), ['w-bend-left', 'p-give-way', 'c-no-entry', 'd-turn-right']);
  await waitForScreen(page, 'lessons', (s) => s.pictures.every((p) => p.ready), 'the sign pictures decoded', 60000);

  // The first sign on screen, really drawn (many colours, not a flat placeholder).
  state = await scrollIntoView(page, (s) => screenState(s, 'lessons').pictures[0].rect, { screen: 'lessons', what: 'the first sign' });
  const scrolled = state.scroll.y;
  await pictureShown(page, 'lessons', (s) => s.pictures[0], phone.deviceScaleFactor, 'lesson-page-sign-check');

  // A tap on the sign opens its detail; back returns to the page where the student was.
  await press(page, 'lesson.sign.w-bend-left', { screen: 'lessons', touch });
  state = await waitForScreen(page, 'signs', (s) => s.view === 'detail', 'the sign detail');
  assert.equal(screenState(state, 'signs').sign_id, 'w-bend-left');
  await page.keyboard.press('Escape');
  state = await waitForScreen(page, 'lessons', (s) => s.view === 'page', 'the lesson again');
  assert.equal(screenState(state, 'lessons').slug, 'signs-shapes-and-colours');
  await waitForState(page, (s) => Math.abs(s.scroll.y - scrolled) < 2, `the page scrolled back to ${scrolled}`);

  // → and ← go to the next and previous lesson; Esc back to the list.
  await page.keyboard.press('ArrowRight');
  state = await waitForScreen(page, 'lessons', (s) => s.slug !== 'signs-shapes-and-colours', 'the next lesson');
  assert.equal(screenState(state, 'lessons').slug, 'signs-warning');
  await page.keyboard.press('ArrowLeft');
  await waitForScreen(page, 'lessons', (s) => s.slug === 'signs-shapes-and-colours', 'the previous lesson');
  await page.keyboard.press('Escape');
  await waitForScreen(page, 'lessons', (s) => s.view === 'list', 'the list after Esc');
}));

// [SECTION] Typing into the search box: phones get their on-screen keyboard through a hidden
// <input> (web/platform/browser/screen_keyboard.cpp) that has the focus while ImGui wants text.

const textInputId = 'umuhanda-text-input';
const keyboardFocused = (page) => page.evaluate((id) => document.activeElement?.id === id, textInputId);

async function waitForKeyboard(page, focused, what) {
  await page.waitForFunction(([id, want]) => (document.activeElement?.id === id) === want, [textInputId, focused],
                             { polling: 50, timeout: 15000 })
    .catch(() => { throw new Error(`the hidden input is not ${focused ? 'focused' : 'blurred'}: ${what}`); });
}

const waitForQuery = (page, query, what = `the search "${query}"`) =>
  waitForScreen(page, 'signs', (s) => s.view === 'grid' && s.query === query, what);

test('road signs search on a phone: a tap brings up the keyboard, its typing, composing and deleting reach the search, a tap outside hides it', () => withClient(openClient(phone), async ({ context, page, touch }) => {
  await press(page, 'home.signs', { screen: 'home', touch });
  let state = await waitForScreen(page, 'signs', (s) => s.view === 'grid', 'the grid');
  const all = screenState(state, 'signs').visible;
  await press(page, 'language.fr', { screen: 'signs', touch });
  state = await waitForScreen(page, 'signs', (s, whole) => whole.language === 'fr', 'the grid in French');
  assert.deepEqual(tapTargetProblems(state), []);
  assert.ok(state.targets['signs.search'].height >= 44, 'the search box is a full-size tap target');
  assert.equal(await keyboardFocused(page), false, 'no keyboard before the search box is tapped');

  // The tap focuses the hidden input: what makes a real phone show its keyboard.
  await press(page, 'signs.search', { screen: 'signs', touch });
  await waitForKeyboard(page, true, 'after a tap on the search box');
  const input = await page.evaluate((id) => {
    const element = document.getElementById(id);
    const r = element.getBoundingClientRect();
    return {
      fontSize: parseFloat(getComputedStyle(element).fontSize), enterkeyhint: element.getAttribute('enterkeyhint'),
      autocapitalize: element.getAttribute('autocapitalize'), autocorrect: element.getAttribute('autocorrect'),
      label: element.getAttribute('aria-label'), rect: { x: r.x, y: r.y, width: r.width, height: r.height },
      scroll: [window.scrollX, window.scrollY],
    };
  }, textInputId);
  assert.ok(input.fontSize >= 16, `iOS zooms into inputs under 16 px: ${input.fontSize}`);
  assert.equal(input.enterkeyhint, 'search');
  assert.equal(input.autocapitalize, 'off');
  assert.equal(input.autocorrect, 'off');
  assert.ok(input.label, 'the hidden input has a label');
  assert.deepEqual(input.scroll, [0, 0], 'focusing it did not scroll the page');
  const box = state.targets['signs.search'];
  assert.ok(input.rect.y >= box.y && input.rect.y < box.y + box.height && input.rect.x >= box.x && input.rect.x < box.x + box.width,
            `the hidden input sits in the search box: ${JSON.stringify(input.rect)} in ${JSON.stringify(box)}`);

  // A keyboard that inserts whole words (no key events), with an accent and a typographic apostrophe.
  await page.keyboard.insertText('passage');
  state = await waitForQuery(page, 'passage');
  const passages = screenState(state, 'signs').visible;
  assert.ok(passages >= 4 && passages < all, `"passage" narrows the grid: ${passages}`);
  await page.keyboard.insertText(' d’ani');
  state = await waitForQuery(page, 'passage d’ani');
  assert.equal(screenState(state, 'signs').visible, 2, 'two signs for animals');
  assert.ok(state.targets['signs.cell.w-domestic-animals'], '"passage d’ani" finds "Passage d’animaux domestiques"');

  // Deleting as Gboard does with text in the field (deleteContentBackward, no Backspace key), then
  // with the Backspace key: one character each, never two.
  for (let i = 0; i < 4; i++) await page.evaluate(() => document.execCommand('delete'));
  await waitForQuery(page, 'passage d', 'four characters deleted by the keyboard');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await waitForQuery(page, 'passage', 'two characters deleted by Backspace');
  await settleFrames(page);
  assert.equal(screenState(await clientState(page), 'signs').query, 'passage', 'each deletion removed exactly one character');

  // A word composed letter by letter, then replaced by the suggestion the student picks (IME
  // composition, as Gboard does for every word), accents included.
  const cdp = await context.newCDPSession(page);
  await page.keyboard.insertText(' ');
  for (const text of ['p', 'pi', 'pie', 'piet']) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await waitForQuery(page, `passage ${text}`, `the composition "${text}"`);
  }
  await cdp.send('Input.insertText', { text: 'piétons' });
  state = await waitForQuery(page, 'passage piétons', 'the suggestion that replaced the composition');
  assert.ok(state.targets['signs.cell.w-pedestrian-crossing-ahead'], '"passage piétons" finds "Passage pour piétons"');
  const crossings = screenState(state, 'signs').visible;
  assert.ok(crossings >= 2 && crossings < passages, `pedestrian crossings only: ${crossings}`);
  assert.equal(await keyboardFocused(page), true, 'the keyboard stays up while typing');
  await gridPicturesShown(page);
  const shot = await saveScreenshot(page, 'signs-search-typed-phone-390x844');
  assert.ok(shot.foregroundShare > 0.05, shot.path);

  // A tap in the field keeps the keyboard; a tap outside it (the category heading) hides it.
  await press(page, 'signs.search', { screen: 'signs', touch });
  await settleFrames(page);
  await waitForKeyboard(page, true, 'after a second tap in the search box');
  state = await clientState(page);
  const flashcards = state.targets['signs.flashcards'];
  await page.touchscreen.tap(flashcards.x + 20, flashcards.y + flashcards.height + 16);
  await waitForKeyboard(page, false, 'after a tap outside the search box');
  state = await waitForQuery(page, 'passage piétons', 'the search kept after the keyboard closed');
  assert.equal(screenState(state, 'signs').view, 'grid');

  // The keyboard's Search key (Enter) closes it and opens the first sign found.
  await press(page, 'signs.search', { screen: 'signs', touch });
  await waitForKeyboard(page, true, 'the search box tapped again');
  await page.keyboard.press('Enter');
  await waitForKeyboard(page, false, 'after Enter');
  state = await waitForScreen(page, 'signs', (s) => s.view === 'detail', 'the first sign found');
  assert.equal(screenState(state, 'signs').sign_id, 'w-pedestrian-crossing-ahead');
}));

test('road signs search on a desktop: typed text arrives exactly once, accents included, and a click outside ends the typing', () => withClient(openClient(desktop), async ({ page }) => {
  await press(page, 'home.signs', { screen: 'home' });
  await waitForScreen(page, 'signs', (s) => s.view === 'grid', 'the grid');
  await press(page, 'language.fr', { screen: 'signs' });
  await waitForScreen(page, 'signs', (s, whole) => whole.language === 'fr', 'the grid in French');
  await press(page, 'signs.search', { screen: 'signs' });
  await waitForKeyboard(page, true, 'after a click on the search box');

  // Key by key: SDL passes letters as text and cancels them for the hidden input; "é" is not on
  // Playwright's US layout and arrives as inserted text, through the hidden input.
  await page.keyboard.type('Cédez le');
  let state = await waitForQuery(page, 'Cédez le');
  await settleFrames(page);
  assert.equal(screenState(await clientState(page), 'signs').query, 'Cédez le', 'every character once');
  assert.ok(state.targets['signs.cell.p-give-way'], '"Cédez le" finds "Cédez le passage"');
  await page.keyboard.type('ax');
  await waitForQuery(page, 'Cédez leax');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(' passage');
  state = await waitForQuery(page, 'Cédez le passage');
  await settleFrames(page);
  assert.equal(screenState(await clientState(page), 'signs').query, 'Cédez le passage', 'Backspace deleted one character each');
  assert.ok(screenState(state, 'signs').visible >= 2 && state.targets['signs.cell.p-priority-to-oncoming'], 'both "Cédez le passage" signs');
  await gridPicturesShown(page);
  await saveScreenshot(page, 'signs-search-typed-desktop-1280x800');

  // A click outside ends the typing; keys are the screen's again (Esc goes home).
  const flashcards = state.targets['signs.flashcards'];
  await page.mouse.click(flashcards.x + 20, flashcards.y + flashcards.height + 16);
  await waitForKeyboard(page, false, 'after a click outside the search box');
  await waitForScreen(page, 'signs', (s) => s.query === 'Cédez le passage', 'the search kept');
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => s.drawn_screen === 'home', 'home after Esc');
}));

test('road signs and lessons: screenshots of grid, detail, flashcard, lesson list and lesson page at phone and desktop sizes', async () => {
  for (const [label, device] of [['phone-390x844', phone], ['desktop-1280x800', desktop]]) {
    const { context, page, problems, touch } = await openClient(device);
    try {
      await press(page, 'home.signs', { screen: 'home', touch });
      await gridPicturesShown(page);
      await saveScreenshot(page, `signs-grid-${label}`);

      await press(page, 'signs.cell.w-bend-left', { screen: 'signs', touch });
      await pictureShown(page, 'signs', (s) => s.picture, device.deviceScaleFactor, `signs-detail-${label}`);
      await page.keyboard.press('Escape');
      await waitForScreen(page, 'signs', (s) => s.view === 'grid');

      await press(page, 'signs.flashcards', { screen: 'signs', touch });
      await pictureShown(page, 'signs', (s) => s.flashcards.picture, device.deviceScaleFactor, `signs-flashcard-${label}`);
      await press(page, 'flashcards.reveal', { screen: 'signs', touch });
      await waitForScreen(page, 'signs', (s) => s.flashcards.revealed);
      await settleFrames(page);
      await saveScreenshot(page, `signs-flashcard-answer-${label}`);
      await page.keyboard.press('Escape');
      await waitForScreen(page, 'signs', (s) => s.view === 'grid');
      await page.keyboard.press('Escape');
      await waitForState(page, (s) => s.drawn_screen === 'home', 'home');

      await press(page, 'home.lessons', { screen: 'home', touch });
      await waitForScreen(page, 'lessons', (s) => s.view === 'list');
      await settleFrames(page);
      await saveScreenshot(page, `lessons-list-${label}`);
      await press(page, 'lessons.open.signs-shapes-and-colours', { screen: 'lessons', touch });
      await waitForScreen(page, 'lessons', (s) => s.view === 'page' && s.pictures.every((p) => p.ready), 'the page pictures', 60000);
      await settleFrames(page);
      await saveScreenshot(page, `lesson-page-${label}`);
      await scrollIntoView(page, (s) => screenState(s, 'lessons').pictures[1].rect, { screen: 'lessons', what: 'the second sign' });
      await settleFrames(page);
      await saveScreenshot(page, `lesson-page-scrolled-${label}`);
      await scrollIntoView(page, 'language.fr');  // the header scrolls with the page
      await press(page, 'language.fr', { screen: 'lessons', touch });
      await waitForScreen(page, 'lessons', (s, all) => all.language === 'fr' && s.pictures.every((p) => p.ready));
      await settleFrames(page);
      await saveScreenshot(page, `lesson-page-fr-${label}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});
