// The road signs screen (grid by category, search, a sign's detail, flashcards) and the lessons
// screen (list by topic, a page with its markup and sign pictures inline), in the real client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  clientState, launchBrowser, press, regionColours, saveScreenshot, scrollIntoView, scrollRectIntoView, settleFrames, startServer, waitForScreenDrawn,
  waitForState, watchConsole,
} from './harness.mjs';

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

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const desktop = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

async function openClient(device) {
  const context = await chromium.browser.newContext(device);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(server.url + '/');
  const loaded = await waitForState(page, (s) => s.phase === 'ready' || s.phase === 'failed', 'the pack', 60000);
  assert.equal(loaded.phase, 'ready', `client failed to load: ${loaded.error}; console: ${problems.join('\n')}`);
  return { context, page, problems, touch: device.hasTouch === true };
}

// Every tap target of the last frame is at least 44 CSS px in both directions.
function assertTapSizes(state) {
  for (const [name, r] of Object.entries(state.targets)) {
    assert.ok(r.width >= 44 && r.height >= 44, `target ${name} is ${r.width}x${r.height}`);
  }
}

// Waits until the pictures the grid drew are decoded, then for the frames that show them.
async function gridPicturesShown(page) {
  await waitForScreenDrawn(page, 'signs', (s) => s.view === 'grid' && s.cells_drawn > 0 && s.cells_ready === s.cells_drawn,
                           'the grid pictures decoded', 60000);
  await settleFrames(page);
  return waitForScreenDrawn(page, 'signs');
}

async function pictureShown(page, screen, pictureOf, scale, name) {
  await waitForScreenDrawn(page, screen, (s) => pictureOf(s)?.ready, `the ${screen} picture decoded`, 60000);
  await settleFrames(page);
  const state = await waitForScreenDrawn(page, screen);
  const shot = await saveScreenshot(page, name);
  const rect = pictureOf(state[screen]).rect;
  const colours = regionColours(shot.png, rect, scale);
  assert.ok(colours >= 20, `${shot.path}: the picture in ${JSON.stringify(rect)} shows ${colours} colours, a sign has far more`);
  return state;
}

test('road signs: the grid by category, search narrows it, a tap opens the detail with its related questions', async () => {
  const { context, page, problems } = await openClient(desktop);
  try {
    await press(page, 'home.signs', { screen: 'home' });
    let state = await gridPicturesShown(page);
    const all = state.signs.visible;
    assert.ok(all >= 100, `the grid holds every sign: ${all}`);
    assert.ok(state.signs.cells_drawn < all, `only the cells on screen ask for pictures: ${state.signs.cells_drawn} of ${all}`);
    assert.ok(state.targets['signs.cell.w-bend-left'], 'the first warning sign is on screen');
    assertTapSizes(state);

    // Search: case- and accent-insensitive, in the language on display.
    await press(page, 'language.fr', { screen: 'signs' });
    await waitForScreenDrawn(page, 'signs', (s, all) => all.language === 'fr');
    await press(page, 'signs.search', { screen: 'signs' });
    await page.keyboard.type('CEDEZ');
    state = await waitForScreenDrawn(page, 'signs', (s) => s.query === 'CEDEZ', 'the search typed');
    assert.ok(state.signs.visible >= 1 && state.signs.visible < 10, `the search narrows the grid: ${state.signs.visible}`);
    assert.ok(state.targets['signs.cell.p-give-way'], '"CEDEZ" finds "Cédez le passage"');
    await page.keyboard.press('Escape');  // in the search box, Esc cancels the typing (the screen stays)
    state = await waitForScreenDrawn(page, 'signs', (s) => s.query === '' && s.visible === all, 'the search cancelled');
    assert.equal(state.screen, 'signs');
    await press(page, 'language.en', { screen: 'signs' });
    await press(page, 'signs.search', { screen: 'signs' });
    await page.keyboard.type('give way');
    await waitForScreenDrawn(page, 'signs', (s) => s.query === 'give way' && s.visible < all, 'the English search');

    // A tap opens the detail: picture, name, meaning and the questions that show the sign.
    await press(page, 'signs.cell.p-give-way', { screen: 'signs' });
    state = await waitForScreenDrawn(page, 'signs', (s) => s.view === 'detail', 'the detail');
    assert.equal(state.signs.sign_id, 'p-give-way');
    assert.equal(state.signs.name, 'Give way');
    assert.ok(state.signs.related.length >= 2, `related questions: ${state.signs.related}`);
    assert.ok(state.targets['signs.practise'], 'a practice button for their topic');
    await pictureShown(page, 'signs', (s) => s.picture, 1, 'signs-detail-check');
    assertTapSizes(await clientState(page));

    // → and ← go through the signs the search found.
    const position = state.signs.position;
    await page.keyboard.press('ArrowRight');
    state = await waitForScreenDrawn(page, 'signs', (s) => s.sign_id !== 'p-give-way', 'the next sign');
    assert.equal(state.signs.position, position + 1);
    await page.keyboard.press('ArrowLeft');
    await waitForScreenDrawn(page, 'signs', (s) => s.sign_id === 'p-give-way', 'back to the first sign');
    await press(page, 'signs.detail.next', { screen: 'signs' });
    await waitForScreenDrawn(page, 'signs', (s) => s.view === 'detail' && s.sign_id !== 'p-give-way', 'next by button');

    // Esc closes the detail (the search stays), then leaves the screen.
    await page.keyboard.press('Escape');
    state = await waitForScreenDrawn(page, 'signs', (s) => s.view === 'grid', 'the grid again');
    assert.equal(state.signs.query, 'give way');
    await press(page, 'signs.search.clear', { screen: 'signs' });
    await waitForScreenDrawn(page, 'signs', (s) => s.query === '' && s.visible === all, 'the search cleared');
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => s.drawn_screen === 'home', 'home after Esc');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('flashcards: reveal and self-grade, the grades survive a reload', async () => {
  const { context, page, problems, touch } = await openClient(phone);
  try {
    await press(page, 'home.signs', { screen: 'home', touch });
    await waitForScreenDrawn(page, 'signs', (s) => s.flashcards.boxes_loaded, 'the stored boxes read');
    await press(page, 'signs.flashcards', { screen: 'signs', touch });
    let state = await waitForScreenDrawn(page, 'signs', (s) => s.view === 'flashcards', 'the flashcards');
    let cards = state.signs.flashcards;
    assert.equal(cards.index, 0);
    assert.equal(cards.revealed, false);
    assert.equal(cards.known, 0);
    const first = cards.sign_id;

    // Picture first; the answer on request; then the student grades themselves.
    await press(page, 'flashcards.reveal', { screen: 'signs', touch });
    await waitForScreenDrawn(page, 'signs', (s) => s.flashcards.revealed, 'the answer');
    assertTapSizes(await clientState(page));
    await press(page, 'flashcards.knew', { screen: 'signs', touch });
    state = await waitForScreenDrawn(page, 'signs', (s) => s.flashcards.index === 1 && !s.flashcards.revealed, 'the second card');
    cards = state.signs.flashcards;
    assert.equal(cards.known, 1);
    assert.equal(cards.boxes[first], 1);
    const second = cards.sign_id;
    assert.notEqual(second, first);

    await press(page, 'flashcards.reveal', { screen: 'signs', touch });
    await waitForScreenDrawn(page, 'signs', (s) => s.flashcards.revealed, 'the second answer');
    await press(page, 'flashcards.not_yet', { screen: 'signs', touch });
    state = await waitForScreenDrawn(page, 'signs', (s) => s.flashcards.index === 2, 'the third card');
    cards = state.signs.flashcards;
    assert.equal(cards.boxes[second], 0);
    assert.equal(cards.upcoming.indexOf(second), 3, `"Not yet" comes back three cards later: ${cards.upcoming.slice(0, 6)}`);

    // By keyboard: Enter shows the answer, 1 "I knew it"; after three cards the unknown one is back.
    for (let i = 0; i < 3; i++) {
      const index = (await clientState(page)).signs.flashcards.index;
      await page.keyboard.press('Enter');
      await waitForScreenDrawn(page, 'signs', (s) => s.flashcards.revealed, 'the answer by Enter');
      await page.keyboard.press('1');
      await waitForScreenDrawn(page, 'signs', (s) => s.flashcards.index === index + 1, 'the next card by 1');
    }
    state = await clientState(page);
    cards = state.signs.flashcards;
    assert.equal(cards.sign_id, second, 'the card not known yet is dealt again');
    assert.equal(cards.known, 4);
    const boxes = cards.boxes;
    await waitForState(page, (s) => !s.signs.flashcards.saving && s.signs.flashcards.saves >= 1, 'the boxes saved');

    await page.reload();
    await waitForState(page, (s) => s.phase === 'ready', 'the pack after reload', 60000);
    await press(page, 'home.signs', { screen: 'home', touch });
    state = await waitForScreenDrawn(page, 'signs', (s) => s.flashcards.boxes_loaded, 'the stored boxes read');
    assert.deepEqual(state.signs.flashcards.boxes, boxes, 'the boxes survived the reload');
    await press(page, 'signs.flashcards', { screen: 'signs', touch });
    state = await waitForScreenDrawn(page, 'signs', (s) => s.view === 'flashcards', 'the flashcards again');
    assert.equal(state.signs.flashcards.sign_id, second, 'the sign last answered "Not yet" comes first');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('lessons: a lesson page renders its markup with sign pictures inline, and a sign opens its detail', async () => {
  const { context, page, problems, touch } = await openClient(phone);
  try {
    await press(page, 'home.lessons', { screen: 'home', touch });
    let state = await waitForScreenDrawn(page, 'lessons', (s) => s.view === 'list', 'the lesson list');
    const rows = Object.keys(state.targets).filter((name) => name.startsWith('lessons.open.'));
    assert.ok(rows.length >= 1, 'lessons are listed');
    assertTapSizes(state);

    await press(page, 'lessons.open.signs-shapes-and-colours', { screen: 'lessons', touch });
    state = await waitForScreenDrawn(page, 'lessons', (s) => s.view === 'page', 'the lesson page');
    const lesson = state.lessons;
    assert.equal(lesson.slug, 'signs-shapes-and-colours');
    assert.ok(lesson.block_count >= 10, `headings, paragraphs and list items: ${lesson.block_count} blocks`);
    assert.equal(lesson.markup_problems, 0);
    assert.deepEqual(lesson.pictures.map((p) => p.sign), ['w-bend-left', 'p-give-way', 'c-no-entry', 'd-turn-right']);
    await waitForScreenDrawn(page, 'lessons', (s) => s.pictures.every((p) => p.ready), 'the sign pictures decoded', 60000);

    // The first sign on screen, really drawn (many colours, not a flat placeholder).
    state = await scrollRectIntoView(page, 'lessons', (s) => s.lessons.pictures[0].rect, phone.viewport);
    const scrolled = state.scroll.y;
    await pictureShown(page, 'lessons', (s) => s.pictures[0], phone.deviceScaleFactor, 'lesson-page-sign-check');

    // A tap on the sign opens its detail; back returns to the page where the student was.
    await press(page, 'lesson.sign.w-bend-left', { screen: 'lessons', touch });
    state = await waitForScreenDrawn(page, 'signs', (s) => s.view === 'detail', 'the sign detail');
    assert.equal(state.signs.sign_id, 'w-bend-left');
    await page.keyboard.press('Escape');
    state = await waitForScreenDrawn(page, 'lessons', (s) => s.view === 'page', 'the lesson again');
    assert.equal(state.lessons.slug, 'signs-shapes-and-colours');
    await waitForState(page, (s) => Math.abs(s.scroll.y - scrolled) < 2, `the page scrolled back to ${scrolled}`);

    // → and ← go to the next and previous lesson; Esc back to the list.
    await page.keyboard.press('ArrowRight');
    state = await waitForScreenDrawn(page, 'lessons', (s) => s.slug !== 'signs-shapes-and-colours', 'the next lesson');
    assert.equal(state.lessons.slug, 'signs-warning');
    await page.keyboard.press('ArrowLeft');
    await waitForScreenDrawn(page, 'lessons', (s) => s.slug === 'signs-shapes-and-colours', 'the previous lesson');
    await page.keyboard.press('Escape');
    await waitForScreenDrawn(page, 'lessons', (s) => s.view === 'list', 'the list after Esc');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

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
      await waitForScreenDrawn(page, 'signs', (s) => s.view === 'grid');

      await press(page, 'signs.flashcards', { screen: 'signs', touch });
      await pictureShown(page, 'signs', (s) => s.flashcards.picture, device.deviceScaleFactor, `signs-flashcard-${label}`);
      await press(page, 'flashcards.reveal', { screen: 'signs', touch });
      await waitForScreenDrawn(page, 'signs', (s) => s.flashcards.revealed);
      await settleFrames(page);
      await saveScreenshot(page, `signs-flashcard-answer-${label}`);
      await page.keyboard.press('Escape');
      await waitForScreenDrawn(page, 'signs', (s) => s.view === 'grid');
      await page.keyboard.press('Escape');
      await waitForState(page, (s) => s.drawn_screen === 'home', 'home');

      await press(page, 'home.lessons', { screen: 'home', touch });
      await waitForScreenDrawn(page, 'lessons', (s) => s.view === 'list');
      await settleFrames(page);
      await saveScreenshot(page, `lessons-list-${label}`);
      await press(page, 'lessons.open.signs-shapes-and-colours', { screen: 'lessons', touch });
      await waitForScreenDrawn(page, 'lessons', (s) => s.view === 'page' && s.pictures.every((p) => p.ready), 'the page pictures', 60000);
      await settleFrames(page);
      await saveScreenshot(page, `lesson-page-${label}`);
      await scrollRectIntoView(page, 'lessons', (s) => s.lessons.pictures[1].rect, device.viewport);
      await settleFrames(page);
      await saveScreenshot(page, `lesson-page-scrolled-${label}`);
      await scrollIntoView(page, 'language.fr');  // the header scrolls with the page
      await press(page, 'language.fr', { screen: 'lessons', touch });
      await waitForScreenDrawn(page, 'lessons', (s, all) => all.language === 'fr' && s.pictures.every((p) => p.ready));
      await settleFrames(page);
      await saveScreenshot(page, `lesson-page-fr-${label}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});
