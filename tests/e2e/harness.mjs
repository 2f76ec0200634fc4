// Shared pieces of the browser tests: one real server and one Debian Chromium per test file, a
// fresh browser context per client, the client's test hook (its state, each screen's own state and
// whether the last frame shows it), pressing targets by name, and screenshots checked not blank.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const serverBinary = process.env.UMUHANDA_SERVER;
export const webDist = process.env.UMUHANDA_WEB_DIST;
export const screenshotDir = process.env.UMUHANDA_SCREENSHOTS ?? join(tmpdir(), 'umuhanda-screenshots');
export const PACK_PATH = '/api/v1/packs/umuhanda-default';

// Flags measured to work headless here (docs/toolchain.md#headless-chromium): SwiftShader WebGL,
// and no background networking, which the closed network would refuse.
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

// [SECTION] The server, the browser and a client

// Starts umuhanda-server on a free loopback port with a fresh data folder, logging every request.
// `args` are appended to its command line (a later option wins); start-up
// compresses the web client, which can take far longer than `startTimeoutMs` on a busy machine.
export async function startServer({ args = [], startTimeoutMs = 90000 } = {}) {
  if (!serverBinary || !webDist) throw new Error('UMUHANDA_SERVER and UMUHANDA_WEB_DIST must be set (ctest sets them)');
  const dataDir = mkdtempSync(join(tmpdir(), 'umuhanda-e2e-'));
  // Every request is logged: tests read the server's log to see what the client asked for.
  const child = spawn(serverBinary, ['--host', '127.0.0.1', '--port', '0', '--data', dataDir, '--web', webDist, '--access-log', 'all', ...args],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = await new Promise((resolve, reject) => {
    let printed = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${startTimeoutMs / 1000} s; log:\n${log}`));
    }, startTimeoutMs);
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      const match = printed.match(/listening on (http:\/\/[^\s]+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}; log:\n${log}`)); });
  });
  return {
    url,
    dataDir,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// playwright-core gives every launch a fresh, temporary profile (the fresh --user-data-dir docs/toolchain.md asks for).
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  return { browser, close: () => browser.close() };
}

// The devices the tests use: a desktop window, and a phone (390x844 CSS px at 3 device pixels each).
export const desktop = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

const shared = { server: undefined, chromium: undefined, pack: undefined };

// Starts one server and one browser for the test file (before its first test, stopped after its
// last); `serverOptions` go to startServer. Each client is a fresh context of that browser. Read
// `server` inside the tests: node 20 may start a test file's own `before` before this one is done.
export function useServerAndBrowser(serverOptions = {}) {
  before(async () => {
    shared.server = await startServer(serverOptions);
    shared.chromium = await launchBrowser();
  });
  after(async () => {
    await shared.chromium?.close();
    await shared.server?.stop();
  });
  return {
    get server() { return shared.server; },
    get browser() { return shared.chromium.browser; },
    // The pack as the server serves it, fetched by the test itself (so it works while the browser is offline).
    servedPack: async () => (shared.pack ??= await (await fetch(shared.server.url + PACK_PATH)).json()),
  };
}

// A fresh browser context (playwright context options: viewport, deviceScaleFactor, hasTouch...) and
// a page in it; `problems` collects its page errors and console errors, to show when a test fails.
export async function newClient(options = desktop) {
  const context = await shared.chromium.browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
  return { context, page, problems, touch: options.hasTouch === true };
}

// newClient, then the app opened and its pack loaded; also returns that state.
export async function openClient(options = desktop, timeoutMs = 60000) {
  const client = await newClient(options);
  await client.page.goto(shared.server.url + '/');
  const state = await waitForState(client.page, (s) => s.phase === 'ready' || s.phase === 'failed', 'the pack', timeoutMs);
  assert.equal(state.phase, 'ready', `client failed to load: ${state.error}; console: ${client.problems.join('\n')}`);
  return { ...client, state };
}

// Runs `test` on the client `opening` resolves to (openClient(phone), newClient(), ...); then the
// client must have seen no page or console error but those `expected` accepts, and its browser
// context is closed whatever happened.
export async function withClient(opening, test, { expected = () => false } = {}) {
  const client = await opening;
  try {
    await test(client);
    assert.deepEqual(client.problems.filter((problem) => !expected(problem)), []);
  } finally {
    await client.context.close();
  }
}

// Offline, the browser reports every refused request; those are expected, nothing else is.
export const isExpectedOfflineError = (problem) =>
  /ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch|ServiceWorker|service worker/i.test(problem);

export const centre = (rect) => ({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });

// [SECTION] The test hook: window.umuhanda.state()

export const clientState = (page) => page.evaluate(() => window.umuhanda.state());

// Polls the test hook until `predicate(state)` holds.
export async function waitForState(page, predicate, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let state;
  while (Date.now() < deadline) {
    state = await clientState(page).catch(() => undefined);
    if (state && predicate(state)) return state;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(state)}`);
}

// The shown screen's own state (state.screens[name]); undefined for a screen not on display.
export const screenState = (state, name) => state?.screens?.[name];

// True when `screen` is on display and the last frame drew it as it is now. The client draws only
// when something changed, and the rectangles in state.targets are those of that frame. Screens
// say what their frame showed in `drawn`: either with a `serial` that grows with what they show
// (and `language`, and for practice `answered`), or as a copy of their `view`.
export function screenDrawn(state, screen) {
  const own = screenState(state, screen);
  if (state.screen !== screen || state.drawn_screen !== screen || !own || !own.drawn) return false;
  const { drawn } = own;
  if (drawn.serial === undefined) return JSON.stringify(own.view) === JSON.stringify(drawn);
  return drawn.serial === own.serial && drawn.language === state.language && (drawn.answered === undefined || drawn.answered === own.answered);
}

// Waits until `screen` is on display, drawn as it is now, and `predicate(screen's state, state)` holds;
// returns the whole state.
export const waitForScreen = (page, screen, predicate = () => true, what = `the ${screen} screen`, timeoutMs = 30000) =>
  waitForState(page, (s) => screenDrawn(s, screen) && predicate(screenState(s, screen), s), what, timeoutMs);

// Waits for a few animation frames so the canvas shows the latest state.
export const settleFrames = (page, frames = 4) =>
  page.evaluate((n) => new Promise((resolve) => {
    const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  }), frames);

// [SECTION] PNG inspection: decode with node's zlib, then measure how much is not background.

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(buffer) {
  let offset = 8;
  let width = 0, height = 0, colorType = 0, bitDepth = 0;
  const idat = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('ascii', offset + 4, offset + 8);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4); bitDepth = data[8]; colorType = data[9];
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6)) throw new Error(`unsupported PNG: depth ${bitDepth}, color type ${colorType}`);
  const channels = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      pixels[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

// Share of pixels that differ from the most common colour, and the number of distinct colours.
export function imageContent(png) {
  const { width, height, channels, pixels } = decodePng(png);
  const counts = new Map();
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    const key = (pixels[o] << 16) | (pixels[o + 1] << 8) | pixels[o + 2];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return { width, height, distinctColours: counts.size, foregroundShare: 1 - background / (width * height) };
}

// Distinct colours inside a CSS-pixel rectangle of a screenshot taken at `scale` device pixels per
// CSS pixel: a decoded sign shows dozens (anti-aliased edges), a placeholder two or three.
export function regionColours(png, rect, scale = 1) {
  const { width, height, channels, pixels } = decodePng(png);
  const colours = new Set();
  const x0 = Math.max(0, Math.floor(rect.x * scale)), y0 = Math.max(0, Math.floor(rect.y * scale));
  const x1 = Math.min(width, Math.ceil((rect.x + rect.width) * scale)), y1 = Math.min(height, Math.ceil((rect.y + rect.height) * scale));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * width + x) * channels;
      colours.add((pixels[o] << 16) | (pixels[o + 1] << 8) | pixels[o + 2]);
    }
  }
  return colours.size;
}

// The colour [r, g, b] at a CSS-pixel point of a screenshot taken at `scale` device pixels per CSS pixel.
export function pixelAt(png, point, scale = 1) {
  const { width, channels, pixels } = decodePng(png);
  const o = (Math.round(point.y * scale) * width + Math.round(point.x * scale)) * channels;
  return [pixels[o], pixels[o + 1], pixels[o + 2]];
}

// Saves a screenshot and fails if it is blank (one flat colour, or next to nothing drawn).
export async function saveScreenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const png = await page.screenshot({ type: 'png' });
  const path = join(screenshotDir, `${name}.png`);
  writeFileSync(path, png);
  const content = imageContent(png);
  if (content.distinctColours < 8 || content.foregroundShare < 0.01) {
    throw new Error(`screenshot ${path} looks blank: ${JSON.stringify(content)}`);
  }
  return { path, png, ...content };
}

// Each rectangle (CSS px) of a saved screenshot shows a picture: a decoded sign has dozens of colours
// (anti-aliased edges), a placeholder two or three.
export function expectPictures(shot, rects, scale = 1) {
  for (const rect of rects) {
    const colours = regionColours(shot.png, rect, scale);
    assert.ok(colours >= 20, `${shot.path}: the picture in ${JSON.stringify(rect)} shows ${colours} colours, a sign has far more`);
  }
}

// [SECTION] Pressing things by name: the client lists every tap target of its last frame in
// state().targets ("home.practice", "choice.2", "next", "back", ...).

// Waits until the last frame drawn shows `screen` and has target `name`; returns the state.
export const waitForTarget = (page, name, screen = undefined, timeoutMs = 30000) =>
  waitForState(page, (s) => s.targets && s.targets[name] && (screen === undefined || s.drawn_screen === screen),
               `target ${name}${screen ? ` on ${screen}` : ''}`, timeoutMs);

// The state once the app has no frame left to draw (state.frames_pending: a frame asked for by
// request_redraw may wait up to 150 ms): its rectangles are then those on the screen. Returns the
// latest state that still shows target `name` (on `screen`).
async function settledState(page, state, name, screen) {
  for (let attempt = 0; attempt < 200 && state.frames_pending !== false; attempt++) {
    await settleFrames(page, 1);
    const now = await clientState(page);
    const shows = now.targets?.[name] && (screen === undefined || now.drawn_screen === screen);
    if (!shows) return state;
    state = now;
  }
  return state;
}

// Clicks (or, with { touch: true }, taps) the middle of target `name` once it is drawn, then waits
// for the two frames that see the button go down and up. ImGui reads the pointer once a frame, where
// SDL says it is now: a second click (or a move) sent before those frames would merge with this one
// into a single hold that ends elsewhere, and neither would click (on a busy machine, where frames
// come late, the next press() used to get there first).
export async function press(page, name, { screen, touch = false } = {}) {
  let state = await waitForTarget(page, name, screen);
  // A target below the fold (Home grows with what the school offers) is scrolled to first, as a
  // student would.
  const viewport = page.viewportSize();
  const rect = state.targets[name];
  if (viewport && (rect.y < 0 || rect.y + rect.height > viewport.height)) state = await scrollIntoView(page, name, { screen });
  // The last frame drawn may have asked for one more (ImGui clamps the scroll of a page that just
  // got shorter only in the next frame): aim where the target is once the app stops drawing.
  state = await settledState(page, state, name, screen);
  const { x, y } = centre(state.targets[name]);
  // The frame count when the release arrives: from there, one frame sees the press, the next the release.
  await page.evaluate((type) => {
    window.umuhandaReleaseFrames = undefined;
    window.addEventListener(type, () => { window.umuhandaReleaseFrames = window.umuhanda.state().frames; }, { capture: true, once: true });
  }, touch ? 'touchend' : 'mouseup');
  if (touch) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
  // A press that reloads the page (Settings' clear cache) starts a new count, or has no count at all.
  const released = await page.evaluate(() => window.umuhandaReleaseFrames).catch(() => undefined);
  if (released !== undefined) {
    await waitForState(page, (s) => s.frames >= released + 2 || s.frames < released, `the frames after pressing ${name}`);
  }
  return state;
}

// Tap targets of the last frame under 44 CSS px either way, among those named `prefix`... and not
// `skip`...; given `width`, also those that start left of the page or reach past `width`.
export function tapTargetProblems(state, { prefix = '', skip, width } = {}) {
  const problems = [];
  for (const [name, r] of Object.entries(state.targets)) {
    if (!name.startsWith(prefix) || (skip !== undefined && name.startsWith(skip))) continue;
    if (r.width < 44 || r.height < 44) problems.push(`${name} is ${r.width}x${r.height}`);
    if (width !== undefined && (r.x < 0 || r.x + r.width > width)) problems.push(`${name} overflows the width ${width}: ${JSON.stringify(r)}`);
  }
  return problems;
}

// Scrolls the page (mouse wheel over the canvas) until `target` is wholly in view: a tap target's
// name, or a function giving a rectangle from the state. With `screen`, every rectangle is read
// from a frame that shows that screen as it is. Returns the state of the frame that shows it there.
export async function scrollIntoView(page, target, { screen, what = typeof target === 'string' ? `target ${target}` : 'the rectangle' } = {}) {
  const rectOf = typeof target === 'string' ? (s) => s.targets?.[target] : target;
  const viewport = page.viewportSize();
  for (let attempt = 0; attempt < 20; attempt++) {
    const state = await waitForState(page, (s) => (screen === undefined || screenDrawn(s, screen)) && rectOf(s), `${what}${screen ? ` on ${screen}` : ''}`);
    const r = rectOf(state);
    if (r.y >= 0 && r.y + r.height <= viewport.height) return state;
    const delta = r.y < 0 ? r.y - 40 : r.y + r.height - viewport.height + 40;
    await page.mouse.move(viewport.width / 2, viewport.height / 2);
    await page.mouse.wheel(0, delta);
    await waitForState(page, (s) => s.scroll.y !== state.scroll.y || (delta > 0 ? s.scroll.y >= s.scroll.max : s.scroll.y <= 0),
                       `the page to scroll towards ${what}`, 5000).catch(() => undefined);
    await settleFrames(page);
  }
  throw new Error(`could not scroll ${what} into view`);
}

// [SECTION] Practice

// From a fresh start: waits for Home, then opens the practice screen (every topic).
export async function openPractice(page, options = {}) {
  await waitForState(page, (s) => s.phase === 'ready', 'the pack loaded');
  await press(page, 'home.practice', { screen: 'home', ...options });
  return waitForState(page, (s) => s.drawn_screen === 'practice' && screenState(s, 'practice')?.question_id, 'the practice screen');
}

// Answers the practice question on screen by key (choice index), then goes on with Enter.
// Returns the practice screen's state as it was once answered (question_id, outcome, ...).
export async function answerPractice(page, choice = 0) {
  const before = screenState(await waitForScreen(page, 'practice'), 'practice');
  await page.keyboard.press(String(choice + 1));
  const answered = await waitForScreen(page, 'practice', (p) => p.answered && p.serial === before.serial, 'the answer, on screen');
  await page.keyboard.press('Enter');
  await waitForScreen(page, 'practice', (p) => !p.answered && p.serial === before.serial + 1, 'the next question');
  return screenState(answered, 'practice');
}

// The right answer to the practice question on screen, from `pack` as served.
export async function rightChoice(page, pack) {
  const id = screenState(await clientState(page), 'practice').question_id;
  const { correct } = pack.questions.find((q) => q.id === id);
  return Array.isArray(correct) ? correct[0] : correct;  // one answer is written as a number
}

// Answers practice questions right (a wrong answer would come back a few questions later) until
// `wanted(practice screen state)` holds for the one on screen, at most `most` of them; returns how
// many it answered.
export async function answerRightUntil(page, pack, wanted, most = 12) {
  let answered = 0;
  while (answered < most && !wanted(screenState(await clientState(page), 'practice'))) {
    await answerPractice(page, await rightChoice(page, pack));
    answered++;
  }
  return answered;
}

// The practice screen's state flattened the way the first browser tests read it: the question's
// keys at the top, `position` (questions shown before this one in this visit), `phase` 'question'
// once a practice question is on screen, and the rectangles of the last frame by role.
export function practiceView(s) {
  if (!s) return s;
  const p = screenState(s, 'practice') ?? {};
  const t = s.targets ?? {};
  const choice_rects = [];
  for (let i = 0; t[`choice.${i}`]; i++) choice_rects.push(t[`choice.${i}`]);
  const onPractice = s.phase === 'ready' && s.screen === 'practice' && p.question_id !== undefined;
  return {
    ...s, ...p, phase: onPractice ? 'question' : s.phase, position: (p.serial ?? 1) - 1, pictures: p.pictures ?? [],
    choice_rects, next_rect: t.next, prompt_picture_rect: t['picture.prompt'],
    language_rects: { en: t['language.en'], fr: t['language.fr'] },
  };
}
export const practiceState = async (page) => practiceView(await clientState(page));
export const waitForPractice = async (page, predicate, what, timeoutMs) =>
  practiceView(await waitForState(page, (s) => predicate(practiceView(s)), what, timeoutMs));

// [SECTION] Progress records

// Writes progress records (objects in the progress log's JSON Lines form, each with its `id`) into
// the client's IndexedDB, as another device's sync would leave them; the client reads them at its
// next start. The database must exist (the client has started once).
export const seedProgress = (page, records) =>
  page.evaluate((lines) => new Promise((resolve, reject) => {
    const opening = indexedDB.open('umuhanda');
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction('progress', 'readwrite');
      for (const record of lines) transaction.objectStore('progress').put(JSON.stringify(record), record.id);
      transaction.oncomplete = () => { db.close(); resolve(); };
      transaction.onerror = () => reject(transaction.error);
    };
  }), records);

// An exam attempt record of `pack` (its first blueprint), scored `score`, submitted at `at` (ms).
export function examAttempt(pack, id, score, at) {
  const blueprint = pack.exam_blueprints[0];
  const questionIds = pack.questions.slice(0, blueprint.question_count).map((q) => q.id);
  return {
    type: 'exam_attempt', id, pack_id: pack.id, blueprint_id: blueprint.id, exam_set_id: null,
    started_at_ms: at - 600000, submitted_at_ms: at, question_ids: questionIds,
    chosen: questionIds.map(() => null), flagged: questionIds.map(() => false),
    score, question_count: blueprint.question_count, pass_mark: blueprint.pass_mark, passed: score >= blueprint.pass_mark, timed_out: false,
  };
}

// [SECTION] Offline readiness

// Waits until the pack, every picture and the pending answers are stored and, unless `shell` is
// false (a client without a service worker), the service worker controls the page with the hashed
// app shell cached: from then on the app starts offline. Returns the state.
export async function waitUntilOfflineReady(page, { shell = true, timeoutMs = 120000 } = {}) {
  const state = await waitForState(page, (s) =>
    s.phase === 'ready' && s.content.media.queued === 0 && s.content.media.storing === 0 &&
    s.content.media.held === s.content.media.needed && s.textures.loading === 0 && s.progress.saving === 0,
    'pack, pictures and answers stored', timeoutMs);
  if (!shell) return state;
  const files = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const complete = (names) => names.some((f) => /^\/index\.[0-9a-f]{8,}\.wasm$/.test(f)) && names.some((f) => /^\/index\.[0-9a-f]{8,}\.js$/.test(f));
    let names = [];
    for (let i = 0; i < 200; i++) {
      const name = (await caches.keys()).find((key) => key.startsWith('umuhanda-shell-'));
      if (name && navigator.serviceWorker.controller) {
        names = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
        if (complete(names)) return names;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return names;
  });
  assert.ok(files.some((f) => /^\/index\.[0-9a-f]{8,}\.wasm$/.test(f)), `the service worker holds the hashed wasm: ${files}`);
  assert.ok(files.some((f) => /^\/index\.[0-9a-f]{8,}\.js$/.test(f)), `the service worker holds the hashed js: ${files}`);
  return state;
}

