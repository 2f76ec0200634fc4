// Shared pieces of the browser tests: start the real server binary, launch Debian's Chromium
// through playwright-core, read the client's test hook, and check screenshots are not blank.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const serverBinary = process.env.UMUHANDA_SERVER;
export const webDist = process.env.UMUHANDA_WEB_DIST;
export const screenshotDir = process.env.UMUHANDA_SCREENSHOTS ?? join(tmpdir(), 'umuhanda-screenshots');

// Flags measured to work headless on this machine (../shared/TOOLCHAIN.md): SwiftShader WebGL,
// and no background networking, which the closed network would refuse.
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

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
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// playwright-core gives every launch a fresh, temporary profile (the --user-data-dir of TOOLCHAIN.md).
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  return { browser, close: () => browser.close() };
}

// Collects page errors and console errors so a test can show them when it fails.
export function watchConsole(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
  return problems;
}

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

// The client draws only when something changed: its rectangles (choice_rects, next_rect, ...) are
// those of the last frame it drew. Waits until that frame shows the current question and answer.
export const waitForDrawn = (page, what = 'the current question on screen') =>
  waitForState(page, (s) => s.drawn && s.drawn.position === s.position && s.drawn.answered === s.answered && s.drawn.language === s.language, what);

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

// [SECTION] Pressing things by name: the client lists every tap target of its last frame in
// state().targets ("home.practice", "choice.2", "next", "back", ...).

// Waits until the last frame drawn shows `screen` and has target `name`; returns the state.
export const waitForTarget = (page, name, screen = undefined, timeoutMs = 30000) =>
  waitForState(page, (s) => s.targets && s.targets[name] && (screen === undefined || s.drawn_screen === screen),
               `target ${name}${screen ? ` on ${screen}` : ''}`, timeoutMs);

// Clicks (or, with { touch: true }, taps) the middle of target `name` once it is drawn.
export async function press(page, name, { screen, touch = false } = {}) {
  const state = await waitForTarget(page, name, screen);
  const r = state.targets[name];
  const x = r.x + r.width / 2, y = r.y + r.height / 2;
  if (touch) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
  return state;
}

// From a fresh start: waits for Home, then opens the practice screen (every topic).
export async function openPractice(page, options = {}) {
  await waitForState(page, (s) => s.phase === 'ready', 'the pack loaded');
  await press(page, 'home.practice', { screen: 'home', ...options });
  return waitForState(page, (s) => s.drawn_screen === 'practice' && s.practice && s.practice.question_id, 'the practice screen');
}

// The practice screen's last frame shows its current question and answer state.
export const waitForPracticeDrawn = (page, what = 'the current question on screen') =>
  waitForState(page, (s) => s.drawn_screen === 'practice' && s.practice && s.practice.drawn.serial === s.practice.serial &&
                            s.practice.drawn.answered === s.practice.answered && s.practice.drawn.language === s.language, what);

// The practice screen's state flattened the way the first browser tests read it: the question's
// keys at the top, `position` (questions shown before this one in this visit), `phase` 'question'
// once a practice question is on screen, and the rectangles of the last frame by role.
export function practiceView(s) {
  if (!s) return s;
  const p = s.practice ?? {};
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

// [SECTION] Screens with a serial and a drawn check (signs, lessons, ...): state()[screen] has
// `serial` and `drawn: { serial, language }`.

// Waits until the last frame drawn shows `screen` in its current state (and `predicate` holds).
export const waitForScreenDrawn = (page, screen, predicate = () => true, what = `the ${screen} screen drawn`, timeoutMs = 30000) =>
  waitForState(page, (s) => s.drawn_screen === screen && s[screen] && s[screen].drawn.serial === s[screen].serial &&
                            s[screen].drawn.language === s.language && predicate(s[screen], s), what, timeoutMs);

// Scrolls the page with the mouse wheel until `rectOf(state)` lies inside the viewport; returns the state.
// (Named scrollRectIntoView: scrollIntoView below scrolls to a named target.)
export async function scrollRectIntoView(page, screen, rectOf, viewport) {
  for (let i = 0; i < 30; i++) {
    const state = await waitForScreenDrawn(page, screen);
    const rect = rectOf(state);
    if (rect && rect.y >= 0 && rect.y + rect.height <= viewport.height) return state;
    await page.mouse.move(viewport.width / 2, viewport.height / 2);
    await page.mouse.wheel(0, rect && rect.y < 0 ? -200 : 200);
    await settleFrames(page);
  }
  throw new Error(`could not scroll ${screen} to show the rectangle`);
}

// [SECTION] Screens that report a "view" and the "drawn" copy of their last frame (home, progress,
// settings): the canvas shows the screen's current state when the two are equal.

export const screenDrawn = (s, screen) =>
  s.screen === screen && s.drawn_screen === screen && s[screen] && s[screen].drawn !== undefined &&
  JSON.stringify(s[screen].view) === JSON.stringify(s[screen].drawn);

// Waits until `screen` is on display, drawn as it is now, and `predicate(state)` holds.
export const waitForScreen = (page, screen, predicate = () => true, what = `the ${screen} screen`, timeoutMs = 30000) =>
  waitForState(page, (s) => screenDrawn(s, screen) && predicate(s), what, timeoutMs);

// Answers the practice question on screen by key (choice index), then goes on with Enter.
// Returns the practice state as it was once answered (question_id, outcome, ...).
export async function answerPractice(page, choice = 0) {
  const before = await waitForPracticeDrawn(page);
  await page.keyboard.press(String(choice + 1));
  const answered = await waitForState(page, (s) => s.practice.answered && s.practice.serial === before.practice.serial, 'the answer');
  await waitForPracticeDrawn(page, 'the feedback on screen');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => !s.practice.answered && s.practice.serial > before.practice.serial, 'the next question');
  return answered.practice;
}

// The pack as the server serves it (ids, topics, questions), fetched from the page.
export const fetchPack = (page, packId = 'umuhanda-default') =>
  page.evaluate(async (id) => (await fetch(`/api/v1/packs/${id}`)).json(), packId);

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

// Every tap target of the last frame is at least 44 CSS px both ways.
export function smallTargets(state) {
  return Object.entries(state.targets).filter(([, r]) => r.width < 44 || r.height < 44).map(([name, r]) => `${name} ${r.width}x${r.height}`);
}

// [SECTION] Offline readiness and scrolling to a target

// Waits until the pack, every picture and the pending answers are stored, and the service worker
// controls the page with the hashed app shell cached: from then on the app starts offline.
export async function waitUntilOfflineReady(page, timeoutMs = 120000) {
  const state = await waitForState(page, (s) =>
    s.phase === 'ready' && s.content.media.queued === 0 && s.content.media.storing === 0 &&
    s.content.media.held === s.content.media.needed && s.textures.loading === 0 && s.progress.saving === 0,
    'pack, pictures and answers stored', timeoutMs);
  const shell = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 200; i++) {
      const name = (await caches.keys()).find((key) => key.startsWith('umuhanda-shell-'));
      if (name && navigator.serviceWorker.controller) {
        const files = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
        if (files.some((f) => /\.wasm$/.test(f)) && files.some((f) => /^\/index\.[0-9a-f]+\.js$/.test(f))) return files;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  });
  if (shell.length === 0) throw new Error('the service worker never cached the app shell');
  return state;
}

// Scrolls the page (mouse wheel over the canvas) until target `name` is wholly in view; returns the
// state of the frame that shows it there. `ready(state)` says the frame shows the current state.
export async function scrollIntoView(page, name, ready = () => true, what = name) {
  const viewport = page.viewportSize();
  for (let attempt = 0; attempt < 20; attempt++) {
    const state = await waitForState(page, (s) => s.targets && s.targets[name] && ready(s), `target ${what}`);
    const r = state.targets[name];
    if (r.y >= 0 && r.y + r.height <= viewport.height) return state;
    const delta = r.y < 0 ? r.y - 40 : r.y + r.height - viewport.height + 40;
    await page.mouse.move(viewport.width / 2, viewport.height / 2);
    await page.mouse.wheel(0, delta);
    await waitForState(page, (s) => s.scroll.y !== state.scroll.y || (delta > 0 ? s.scroll.y >= s.scroll.max : s.scroll.y <= 0),
                       `the page to scroll towards ${what}`, 5000).catch(() => undefined);
  }
  throw new Error(`could not scroll ${what} into view`);
}
