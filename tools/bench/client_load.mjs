// Benchmark, not a test: what the student client costs to load. Bytes on the wire for a first visit
// (page, JS, WASM with the embedded font, service worker, pack, its pictures) and a warm revisit,
// and the time from navigation to the first question (cold online, warm offline) and to the home
// screen, in Debian's headless Chromium against our server on 127.0.0.1. Prints figures and the
// targets met or not; asserts nothing. Run through client_load.sh (see tools/bench/README.md).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { launchBrowser, startServer } from '../../tests/e2e/harness.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const [VIEW_W, VIEW_H] = (process.env.BENCH_VIEWPORT ?? '390x844').split('x').map(Number);
const SCALE = Number(process.env.BENCH_SCALE ?? 3);
const WAIT_MS = Number(process.env.BENCH_WAIT_SECONDS ?? 180) * 1000;  // any single wait; the machine may be busy
const PACK_ID = 'umuhanda-default';
const PACK_PATH = `/api/v1/packs/${PACK_ID}`;
// The issue's targets, in decimal units (1 KB = 1000 B, 1 MB = 1000 KB).
const TARGET_FIRST_VISIT = 1_500_000;
const TARGET_REVISIT = 5_000;

const repo = new URL('../../', import.meta.url).pathname;
const webDist = process.env.UMUHANDA_WEB_DIST;
const serverBin = process.env.UMUHANDA_SERVER;

// [SECTION] Small helpers

const say = (text = '') => console.log(text);
const kb = (bytes) => (bytes / 1000).toFixed(1);
const pad = (value, width) => String(value).padStart(width);
const padEnd = (value, width) => String(value).padEnd(width);
const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)}` : '-');
const loadAverage = () => os.loadavg().map((v) => v.toFixed(2)).join(' ');
const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

const brotli11 = (bytes) => brotliCompressSync(bytes, {
  params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
}).length;

function kindOf(path) {
  if (path === '/' || path === '/index.html') return 'html';
  if (/^\/index\.[0-9a-f]+\.js$/.test(path)) return 'js';
  if (path.endsWith('.wasm')) return 'wasm';
  if (path === '/sw.js') return 'sw.js';
  if (path.startsWith('/api/v1/packs')) return 'pack json';
  if (path.startsWith('/api/v1/media/')) return 'media';
  return 'other';
}
const KINDS = ['html', 'js', 'wasm', 'sw.js', 'pack json', 'media', 'other'];

// A GET with Accept-Encoding as given, through node's http (fetch would decode the body): the
// status, the encoding, the bytes of the body as sent and of the status line and headers.
function rawGet(url, encoding, extraHeaders = {}) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, headers: { 'Accept-Encoding': encoding, ...extraHeaders } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        let headerBytes = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n\r\n`.length;
        for (let i = 0; i < res.rawHeaders.length; i += 2) headerBytes += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`.length;
        resolve({ status: res.statusCode, encoding: res.headers['content-encoding'] ?? 'identity', length: res.headers['content-length'],
                  etag: res.headers.etag, body: Buffer.concat(chunks), headerBytes });
      });
      res.on('error', reject);
    });
    request.setTimeout(30000, () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

// [SECTION] Counting bytes: the page's own CDP session, the service worker's requests (Playwright
// attaches to the worker before it runs, and reports them), and the server's request log.

// Every request of the page, from Network events: a response that came from the service worker or
// a browser cache moved no bytes on the wire.
function trackPage(cdp, recorder) {
  const byId = new Map();
  const extraHeaders = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (byId.has(e.requestId)) return;  // a redirect keeps its id; the final answer is what counts
    const record = recorder.add({ source: 'page', url: e.request.url });
    byId.set(e.requestId, record);
  });
  cdp.on('Network.requestServedFromCache', (e) => { const r = byId.get(e.requestId); if (r) r.fromCache = true; });
  cdp.on('Network.responseReceivedExtraInfo', (e) => extraHeaders.set(e.requestId, (e.headersText ?? '').length));
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.fromCache ||= Boolean(e.response.fromDiskCache || e.response.fromPrefetchCache);
    r.fromServiceWorker = Boolean(e.response.fromServiceWorker);
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    r.encoding = headers['content-encoding'] ?? 'identity';
  });
  cdp.on('Network.dataReceived', (e) => { const r = byId.get(e.requestId); if (r) r.body += e.encodedDataLength; });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.wire = e.encodedDataLength;  // status line, headers and body as received
    // A navigation reports no dataReceived: its body is what came beyond the headers.
    const headers = extraHeaders.get(e.requestId);
    r.headers = headers ?? Math.max(0, r.wire - r.body);
    if (headers !== undefined) r.body = Math.max(r.body, r.wire - headers);
    r.done = true;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.failed = e.errorText;
    r.done = true;
  });
}

// The service worker's own requests (it fetches the shell itself when it installs).
function trackServiceWorker(context, recorder) {
  const pending = new Set();
  const finish = (request, failure) => {
    if (!request.serviceWorker()) return;
    const record = recorder.add({ source: 'service worker', url: request.url() });
    const work = (async () => {
      if (failure !== undefined) {
        record.failed = failure ?? 'failed';
      } else {
        const response = await request.response();
        const sizes = await request.sizes();
        record.status = response?.status() ?? 0;
        record.encoding = (await response?.headerValue('content-encoding')) ?? 'identity';
        record.headers = sizes.responseHeadersSize;
        record.body = sizes.responseBodySize;
        record.wire = sizes.responseHeadersSize + sizes.responseBodySize;
      }
      record.done = true;
    })().catch((error) => { record.failed = String(error.message ?? error); record.done = true; });
    pending.add(work);
    work.finally(() => pending.delete(work));
  };
  context.on('requestfinished', (request) => finish(request, undefined));
  context.on('requestfailed', (request) => finish(request, request.failure()?.errorText ?? null));
  return { settle: () => Promise.all([...pending]) };
}

class Recorder {
  constructor(origin) { this.origin = origin; this.records = []; }
  add(fields) {
    const record = { status: 0, body: 0, headers: 0, wire: 0, fromCache: false, fromServiceWorker: false, done: false, failed: null, ...fields };
    this.records.push(record);
    return record;
  }
  reset() { this.records = []; }
  inFlight() { return this.records.filter((r) => !r.done).length; }
  // Requests answered over the network by our server.
  onWire() {
    return this.records.filter((r) => r.done && !r.failed && r.status > 0 && !r.fromCache && !r.fromServiceWorker && r.url.startsWith(this.origin))
                       .map((r) => ({ ...r, path: new URL(r.url).pathname }));
  }
  servedLocally() { return this.records.filter((r) => r.done && (r.fromCache || r.fromServiceWorker)); }
  failed() { return this.records.filter((r) => r.failed); }
}

// Requests in the server's log after `offset`: "GET /path STATUS BYTESB ..." (body bytes as sent).
function serverRequests(server, offset) {
  const lines = server.log().slice(offset).split('\n');
  const found = [];
  for (const line of lines) {
    const match = line.match(/ (GET|HEAD) (\S+) (\d{3}) (\d+)B /);
    if (match) found.push({ method: match[1], path: match[2], status: Number(match[3]), body: Number(match[4]) });
  }
  return found;
}

// Pairs browser-seen requests with the server's log lines: same path and status first, then the
// same path alone (a 304 that revalidated the browser's HTTP cache reaches the page as a 200).
// `counted`: the bytes a request moved, the server's body count winning where the browser reports
// less (it reports no body for the service worker's script).
function matchWithServer(browserRequests, serverLines) {
  const left = [...serverLines];
  const unmatched = [];
  for (const r of browserRequests) {
    const i = left.findIndex((s) => s.path === r.path && s.status === r.status);
    if (i >= 0) { r.server = left[i]; left.splice(i, 1); } else unmatched.push(r);
  }
  const browserOnly = [];
  for (const r of unmatched) {
    const i = left.findIndex((s) => s.path === r.path);
    if (i >= 0) { r.server = left[i]; left.splice(i, 1); } else browserOnly.push(r);
  }
  for (const r of browserRequests) r.counted = r.server ? Math.max(r.wire, r.headers + r.server.body) : r.wire;
  return { serverOnly: left, browserOnly };
}

// Waits until nothing is in flight in the browser and the server log stops growing for `quietMs`.
async function waitQuiet(recorder, server, quietMs = 1000, limitMs = 15000) {
  const deadline = Date.now() + limitMs;
  let lastLength = server.log().length, quietSince = Date.now();
  while (Date.now() < deadline) {
    await sleep(100);
    const length = server.log().length;
    if (length !== lastLength || recorder.inFlight() > 0) { lastLength = length; quietSince = Date.now(); }
    if (Date.now() - quietSince >= quietMs) return;
  }
}

function byKind(requests, bytesOf) {
  const rows = Object.fromEntries(KINDS.map((k) => [k, { count: 0, bytes: 0 }]));
  for (const r of requests) {
    const row = rows[kindOf(r.path)];
    row.count += 1;
    row.bytes += bytesOf(r);
  }
  return rows;
}

// [SECTION] The client: waiting for it, and the in-page timer

const clientState = (page) => page.evaluate(() => window.umuhanda.state());

async function waitForClient(page, predicate, what) {
  const deadline = Date.now() + WAIT_MS;
  let state;
  while (Date.now() < deadline) {
    state = await clientState(page).catch(() => undefined);
    if (state && predicate(state)) return state;
    await sleep(100);
  }
  throw new Error(`timed out after ${WAIT_MS / 1000} s waiting for ${what}; last state: ${JSON.stringify(state)?.slice(0, 800)}`);
}

// Pack, every picture and pending answers stored (as tests/e2e/offline_first.test.mjs's `settled`).
const stored = (s) =>
  s.phase === 'ready' && s.content && ['updated', 'up_to_date'].includes(s.content.sync.state) &&
  s.content.media.queued === 0 && s.content.media.storing === 0 && s.content.media.held === s.content.media.needed &&
  s.progress.saving === 0;

// The service worker controls the page and holds the hashed JS and WASM: the shell is offline.
async function waitForShell(page) {
  const files = await page.evaluate(async (limit) => {
    await navigator.serviceWorker.ready;
    for (const end = Date.now() + limit; Date.now() < end;) {
      const name = (await caches.keys()).find((key) => key.startsWith('umuhanda-shell-'));
      if (name && navigator.serviceWorker.controller) {
        const paths = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
        if (paths.some((p) => /\.wasm$/.test(p)) && paths.some((p) => /^\/index\.[0-9a-f]+\.js$/.test(p))) return paths;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  }, WAIT_MS);
  if (files.length === 0) throw new Error('the service worker never cached the app shell');
  return files;
}

// Runs in every document before the client: once per animation frame it reads the test hook and
// notes, for each start-up timeline event, when (performance.now(), i.e. ms since navigation start)
// it was first seen, and the client's own "ms after start". A frame is drawn inside an animation
// frame callback, so "seen" is at most one frame after the event. Stops once the first frame it
// waits for (the question on /#practice, the first screen elsewhere) is in.
const TIMER_SCRIPT = () => {
  const marks = {};
  window.__umuhandaBench = marks;
  const look = () => {
    const hook = window.umuhanda;
    if (hook) {
      let state;
      try { state = hook.state(); } catch { state = undefined; }
      if (state && state.phase !== 'starting' && !marks.runtime) marks.runtime = { seen: performance.now() };
      for (const e of state?.content?.timeline ?? []) if (!marks[e.event]) marks[e.event] = { seen: performance.now(), ms: e.ms };
      // The same read off the screens' own state, for a client without those timeline events
      // (state.screens.practice; an older client put it at state.practice).
      const p = state?.screens?.practice ?? state?.practice;
      if (!marks.hook_question && state?.drawn_screen === 'practice' && p?.question_id && p.drawn?.serial === p.serial) marks.hook_question = { seen: performance.now() };
      if (!marks.hook_screen && state?.phase === 'ready' && state.drawn_screen) marks.hook_screen = { seen: performance.now() };
    }
    const [event, fallback] = location.hash === '#practice' ? ['question_drawn', 'hook_question'] : ['screen_drawn', 'hook_screen'];
    if (!marks[event] && !(marks[fallback] && performance.now() - marks[fallback].seen > 60000)) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
};

// After a navigation: waits for `event` (or what the test hook shows of it) and returns the
// figures (ms since navigation start).
const HOOK_MARK = { question_drawn: 'hook_question', screen_drawn: 'hook_screen' };
async function readTimes(page, event) {
  const fallback = HOOK_MARK[event];
  // The hook's reading stands in only when the client never notes the event.
  await page.waitForFunction(([name, other]) => {
    const marks = window.__umuhandaBench;
    return marks && (marks[name] || (marks[other] && performance.now() - marks[other].seen > 5000));
  }, [event, fallback], { timeout: WAIT_MS, polling: 100 });
  return page.evaluate(([event, fallback]) => {
    const marks = window.__umuhandaBench;
    const name = marks[event] ? event : fallback;
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const wasm = resources.find((r) => /\.wasm$/.test(new URL(r.name).pathname));
    // The client's start, bounded from above by every event seen: seen >= start + ms.
    let start = Infinity;
    for (const mark of Object.values(marks)) if (mark.ms !== undefined) start = Math.min(start, mark.seen - mark.ms);
    return {
      event: marks[name].seen,
      eventByClock: marks[name].ms === undefined ? NaN : start + marks[name].ms,  // placed by the client's own clock
      html: navigation?.responseEnd,
      wasm: wasm?.responseEnd,
      runtime: marks.runtime?.seen,
      clientMs: marks[name].ms,
      fromServiceWorker: navigation ? navigation.workerStart > 0 : undefined,
      source: name,
    };
  }, [event, fallback]);
}

// [SECTION] The benchmark

const phone = { viewport: { width: VIEW_W, height: VIEW_H }, deviceScaleFactor: SCALE, isMobile: SCALE > 1, hasTouch: SCALE > 1 };

async function main() {
  if (!webDist || !serverBin) throw new Error('UMUHANDA_WEB_DIST and UMUHANDA_SERVER must be set (client_load.sh sets them)');
  const loadBefore = loadAverage();
  say('Umuhanda student client: load benchmark (tools/bench/client_load.sh); prints figures, asserts nothing');
  say(`  load average before: ${loadBefore} on ${os.cpus().length} cores; node ${process.version}`);
  say(`  web client: ${webDist}`);
  say(`  server: ${serverBin}`);
  if (Number(loadBefore.split(' ')[0]) > os.cpus().length / 2) {
    say('  warning: the machine is busy (load above half the cores): times will be noisy and slower than on an idle machine');
  }

  // Our server logs every request only with --access-log all (older builds logged all by default).
  const help = execFileSync(serverBin, ['--help'], { encoding: 'utf8' });
  const serverArgs = help.includes('--access-log') ? ['--access-log', 'all'] : [];
  const server = await startServer({ args: serverArgs, startTimeoutMs: WAIT_MS });
  const origin = server.url;
  const { browser, close } = await launchBrowser();
  // Ctrl-C or a TERM stops the browser and the server too.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`[bench] ${signal}: stopping`);
      Promise.allSettled([close(), server.stop()]).then(() => process.exit(130));
    });
  }
  try {
    say(`  server on ${origin}; Chromium ${browser.version()} headless (SwiftShader WebGL); device ${VIEW_W}x${VIEW_H} CSS px at scale ${SCALE}`);
    say();
    const dist = await distFiles(origin);
    const first = await firstVisitAndRevisit(browser, server, origin);
    printTraffic(first.visit);
    printTraffic(first.revisit);
    const timing = await timings(browser, origin, first.context);
    await first.context.close();
    report({ dist, first, timing, browserVersion: browser.version(), loadBefore });
  } finally {
    await close().catch(() => {});
    await server.stop().catch(() => {});
  }
}

// 1. The files of the build, raw and brotli, and what our server sends for each.
async function distFiles(origin) {
  const names = readdirSync(webDist);
  const pick = (re) => names.filter((n) => re.test(n)).sort();
  const files = [...pick(/^index\.html$/), ...pick(/^index\.[0-9a-f]+\.js$/), ...pick(/^index\.[0-9a-f]+\.wasm$/), ...pick(/^sw\.js$/)];
  if (!files.some((f) => f.endsWith('.wasm'))) throw new Error(`no index.<hash>.wasm in ${webDist}`);
  const rows = [];
  for (const name of files) {
    const bytes = readFileSync(join(webDist, name));
    const served = await rawGet(`${origin}/${name}`, 'br');
    rows.push({ name, raw: bytes.length, br: brotli11(bytes), served });
  }
  const font = join(repo, 'assets/fonts/umuhanda-ui.ttf');
  const fontBytes = statSync(font, { throwIfNoEntry: false }) ? readFileSync(font) : null;
  const pack = await rawGet(`${origin}${PACK_PATH}`, 'identity');
  const packBr = await rawGet(`${origin}${PACK_PATH}`, 'br');
  const packGzip = await rawGet(`${origin}${PACK_PATH}`, 'gzip');
  const catalog = JSON.parse((await rawGet(`${origin}/api/v1/packs`, 'identity')).body);
  const entry = catalog.packs?.find((p) => p.id === PACK_ID) ?? {};
  const packQ11 = brotli11(pack.body);

  say('1. App files (web/dist) and what our server sends with Accept-Encoding: br');
  say(`   ${padEnd('file', 26)} ${pad('raw B', 9)} ${pad('br q11 B', 9)} | served: ${padEnd('status', 6)} ${padEnd('encoding', 8)} ${pad('body B', 8)} ${pad('headers B', 9)} ${pad('vs q11', 7)}`);
  for (const r of rows) {
    say(`   ${padEnd(r.name, 26)} ${pad(r.raw, 9)} ${pad(r.br, 9)} |         ${padEnd(r.served.status, 6)} ${padEnd(r.served.encoding, 8)} ${pad(r.served.body.length, 8)} ${pad(r.served.headerBytes, 9)} ${pad(`${r.served.body.length - r.br >= 0 ? '+' : ''}${r.served.body.length - r.br}`, 7)}`);
  }
  if (fontBytes) say(`   ${padEnd('UI font (inside the wasm)', 26)} ${pad(fontBytes.length, 9)} ${pad(brotli11(fontBytes), 9)} |         no request of its own: assets/fonts/umuhanda-ui.ttf, embedded`);
  say(`   ${padEnd(`pack ${PACK_ID}.json`, 26)} ${pad(pack.body.length, 9)} ${pad(packQ11, 9)} |         ${padEnd(packBr.status, 6)} ${padEnd(packBr.encoding, 8)} ${pad(packBr.body.length, 8)} ${pad(packBr.headerBytes, 9)} ${pad(`${packBr.body.length - packQ11 >= 0 ? '+' : ''}${packBr.body.length - packQ11}`, 7)}`);
  say(`   (pack with Accept-Encoding: gzip: ${packGzip.encoding} ${packGzip.body.length} B; the catalog lists ${entry.counts?.media ?? '?'} media files, ${entry.media_bytes ?? '?'} B in all, sent as they are)`);
  say();
  return { rows };
}

// 2 and 3. A first visit on a fresh profile, then a reload of the same profile.
async function firstVisitAndRevisit(browser, server, origin) {
  const context = await browser.newContext(phone);
  await context.addInitScript(TIMER_SCRIPT);
  const recorder = new Recorder(origin);
  const worker = trackServiceWorker(context, recorder);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  trackPage(cdp, recorder);

  let logOffset = server.log().length;
  const started = Date.now();
  await page.goto(`${origin}/#practice`, { timeout: WAIT_MS });
  const firstTimes = await readTimes(page, 'question_drawn');
  const state = await waitForClient(page, stored, 'the pack and every picture stored');
  const shell = await waitForShell(page);
  await waitQuiet(recorder, server);
  await worker.settle();
  const visit = summarise('First visit (cold: no cache, no service worker), /#practice', recorder, serverRequests(server, logOffset));
  visit.seconds = (Date.now() - started) / 1000;
  visit.state = state;
  visit.shell = shell;
  visit.times = firstTimes;

  // 3. Warm revisit online: a reload; the app starts from storage and revalidates the pack.
  recorder.reset();
  logOffset = server.log().length;
  await page.reload({ timeout: WAIT_MS });
  const revisitTimes = await readTimes(page, 'question_drawn');
  const again = await waitForClient(page, (s) => stored(s) && s.content.sync.state === 'up_to_date', 'the pack revalidated (304)');
  await waitQuiet(recorder, server, 3000);  // a service worker update check may come a little later
  await worker.settle();
  const revisit = summarise('Warm revisit online (same profile, reload)', recorder, serverRequests(server, logOffset));
  revisit.state = again;
  revisit.times = revisitTimes;
  await cdp.detach().catch(() => {});
  return { context, page, visit, revisit };
}

function summarise(title, recorder, serverLines) {
  const wire = recorder.onWire();
  const { serverOnly, browserOnly } = matchWithServer(wire, serverLines);
  return {
    title,
    wire,
    serverLines,
    serverOnly,
    browserOnly,
    local: recorder.servedLocally().map((r) => ({ path: new URL(r.url).pathname, source: r.source, how: r.fromServiceWorker ? 'service worker' : 'browser cache' })),
    failed: recorder.failed().map((r) => `${r.source} ${new URL(r.url).pathname}: ${r.failed}`),
    browserKinds: byKind(wire, (r) => r.wire),
    browserBodies: byKind(wire, (r) => r.body),
    serverKinds: byKind(serverLines, (r) => r.body),
    countedKinds: byKind([...wire, ...serverOnly], (r) => r.counted ?? r.body),
    // For the target: what the browser saw (status lines, headers, bodies; the server's body count
    // where it is larger), plus the bodies of requests only the server saw.
    total: wire.reduce((sum, r) => sum + r.counted, 0) + serverOnly.reduce((sum, r) => sum + r.body, 0),
  };
}

// 4. Navigation to the first question (and to the home screen): cold online, warm offline.
async function timings(browser, origin, warmContext) {
  const results = { coldPractice: [], coldHome: [], warmOfflinePractice: [], warmOfflineHome: [], warmOnlinePractice: [] };
  const warmPage = warmContext.pages()[0];

  // Warm online: reloads of the visited profile (the pack answers 304).
  for (let i = 0; i < RUNS; i++) {
    await warmPage.reload({ timeout: WAIT_MS });
    results.warmOnlinePractice.push(await readTimes(warmPage, 'question_drawn'));
    await waitForClient(warmPage, (s) => stored(s) && s.content.sync.state === 'up_to_date', 'the 304');
  }
  // Warm offline: the same profile with the network gone; the service worker serves the shell.
  await warmContext.setOffline(true);
  for (let i = 0; i < RUNS; i++) {
    await warmPage.reload({ timeout: WAIT_MS });
    results.warmOfflinePractice.push(await readTimes(warmPage, 'question_drawn'));
  }
  await warmPage.goto(`${origin}/`, { timeout: WAIT_MS });
  results.warmOfflineHome.push(await readTimes(warmPage, 'screen_drawn'));
  for (let i = 1; i < RUNS; i++) {
    await warmPage.reload({ timeout: WAIT_MS });
    results.warmOfflineHome.push(await readTimes(warmPage, 'screen_drawn'));
  }
  await warmContext.setOffline(false);

  // Cold online: a fresh profile each time (no HTTP cache, no service worker, empty IndexedDB).
  for (const [key, path, event] of [['coldPractice', '/#practice', 'question_drawn'], ['coldHome', '/', 'screen_drawn']]) {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext(phone);
      await context.addInitScript(TIMER_SCRIPT);
      const page = await context.newPage();
      await page.goto(`${origin}${path}`, { timeout: WAIT_MS });
      results[key].push(await readTimes(page, event));
      await context.close();
      await sleep(300);
    }
  }
  return results;
}

// [SECTION] The report

function report({ dist, first, timing, browserVersion, loadBefore }) {
  const { visit, revisit } = first;
  const verdict = (ok) => (ok ? 'met' : 'NOT MET');
  const rows = [];
  const row = (what, value, target, ok) => rows.push([what, value, target, ok === undefined ? '' : verdict(ok)]);
  const wasm = dist.rows.find((r) => r.name.endsWith('.wasm'));
  const js = dist.rows.find((r) => /\.js$/.test(r.name) && r.name !== 'sw.js');
  say('4. Time from navigation start to the first frame showing it (ms, median of runs; each run listed)');
  say('   "seen": the first animation frame in which the test hook reports the event (at most one frame late);');
  say('   "clock": the same event placed by the client\'s own timeline; html, wasm: when those responses ended;');
  say('   runtime: WebAssembly started. Cold: a fresh profile each run. Warm: the visited profile, reloaded.');
  const timingRows = [
    ['cold online, /#practice: first question', timing.coldPractice],
    ['warm online, /#practice: first question', timing.warmOnlinePractice],
    ['warm offline, /#practice: first question', timing.warmOfflinePractice],
    ['cold online, /: home screen', timing.coldHome],
    ['warm offline, /: home screen', timing.warmOfflineHome],
  ];
  say(`   ${padEnd('', 42)} ${pad('seen', 6)} ${pad('clock', 6)} ${pad('html', 6)} ${pad('wasm', 6)} ${pad('runtime', 7)}   runs (seen)`);
  for (const [label, runs] of timingRows) {
    const m = (key) => ms(median(runs.map((r) => r[key])));
    const hook = runs.some((r) => r.source.startsWith('hook')) ? '  (read off the screen state: no timeline event)' : '';
    say(`   ${padEnd(label, 42)} ${pad(m('event'), 6)} ${pad(m('eventByClock'), 6)} ${pad(m('html'), 6)} ${pad(m('wasm'), 6)} ${pad(m('runtime'), 7)}   ${runs.map((r) => ms(r.event)).join(' ')}${hook}`);
  }
  const offlineFromWorker = timing.warmOfflinePractice.every((r) => r.fromServiceWorker);
  say(`   warm offline pages came from the service worker: ${offlineFromWorker ? 'yes, every run' : 'NO (see the runs)'}`);
  say();

  row('first visit, bytes on the wire', `${kb(visit.total)} KB`, `<= ${kb(TARGET_FIRST_VISIT)} KB`, visit.total <= TARGET_FIRST_VISIT);
  row('warm revisit, bytes on the wire', `${kb(revisit.total)} KB`, `<= ${kb(TARGET_REVISIT)} KB`, revisit.total <= TARGET_REVISIT);
  row('  first visit, server log (bodies only)', `${kb(sum(visit.serverLines))} KB`, '', undefined);
  row('  warm revisit, server log (bodies only)', `${kb(sum(revisit.serverLines))} KB`, '', undefined);
  row('first question, cold online (median)', `${ms(median(timing.coldPractice.map((r) => r.event)))} ms`, '', undefined);
  row('first question, warm offline (median)', `${ms(median(timing.warmOfflinePractice.map((r) => r.event)))} ms`, '', undefined);
  row('first question, warm online (median)', `${ms(median(timing.warmOnlinePractice.map((r) => r.event)))} ms`, '', undefined);
  row('home screen, cold online (median)', `${ms(median(timing.coldHome.map((r) => r.event)))} ms`, '', undefined);
  row('home screen, warm offline (median)', `${ms(median(timing.warmOfflineHome.map((r) => r.event)))} ms`, '', undefined);
  row(`${wasm.name}: raw / br q11 / served`, `${kb(wasm.raw)} / ${kb(wasm.br)} / ${kb(wasm.served.body.length)} KB`, '', undefined);
  row(`${js.name}: raw / br q11 / served`, `${kb(js.raw)} / ${kb(js.br)} / ${kb(js.served.body.length)} KB`, '', undefined);

  say('5. Summary (1 KB = 1000 B; bytes on the wire = status lines, headers and bodies received)');
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) say(`   ${padEnd(r[0], widths[0])}  ${pad(r[1], widths[1])}  ${padEnd(r[2], widths[2])}  ${r[3]}`.trimEnd());
  say();
  say(`   Chromium ${browserVersion}; load average ${loadBefore} before, ${loadAverage()} after, on ${os.cpus().length} cores; ${RUNS} runs per timing`);
  say(`   uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
}

const sum = (lines) => lines.reduce((total, l) => total + l.body, 0);

function printTraffic(part) {
  const number = part.title.startsWith('First') ? 2 : 3;
  say(`${number}. ${part.title}`);
  say(`   ${padEnd('kind', 10)} | browser: ${pad('requests', 8)} ${pad('wire B', 9)} ${pad('bodies B', 9)} | server log: ${pad('requests', 8)} ${pad('bodies B', 9)} | ${pad('counted B', 9)}`);
  let totals = [0, 0, 0, 0, 0, 0];
  for (const kind of KINDS) {
    const b = part.browserKinds[kind], bb = part.browserBodies[kind], s = part.serverKinds[kind], c = part.countedKinds[kind];
    if (b.count === 0 && s.count === 0) continue;
    say(`   ${padEnd(kind, 10)} |          ${pad(b.count, 8)} ${pad(b.bytes, 9)} ${pad(bb.bytes, 9)} |             ${pad(s.count, 8)} ${pad(s.bytes, 9)} | ${pad(c.bytes, 9)}`);
    totals = [totals[0] + b.count, totals[1] + b.bytes, totals[2] + bb.bytes, totals[3] + s.count, totals[4] + s.bytes, totals[5] + c.bytes];
  }
  say(`   ${padEnd('total', 10)} |          ${pad(totals[0], 8)} ${pad(totals[1], 9)} ${pad(totals[2], 9)} |             ${pad(totals[3], 8)} ${pad(totals[4], 9)} | ${pad(totals[5], 9)}`);
  const bySource = (source) => part.wire.filter((r) => r.source === source);
  say(`   browser: ${bySource('page').length} page requests, ${bySource('service worker').length} service worker requests on the wire` +
      `${part.local.length ? `; ${part.local.length} served locally (${[...new Set(part.local.map((l) => `${l.path} by the ${l.how}`))].join(', ')})` : ''}`);
  const matched = part.wire.filter((r) => r.server);
  const mismatched = matched.filter((r) => r.server.body !== r.body);
  const revalidated = matched.filter((r) => r.server.status !== r.status);
  say(`   cross-check: ${matched.length} of ${part.wire.length} browser requests found in the server log;` +
      ` bodies ${mismatched.length === 0 ? 'equal for every one' : `equal but for ${mismatched.map((r) => `${r.path} (browser ${r.body}, server ${r.server.body})`).join(', ')}`}`);
  if (revalidated.length) {
    say(`   answered ${[...new Set(revalidated.map((r) => r.server.status))].join('/')} by the server, seen as ${[...new Set(revalidated.map((r) => r.status))].join('/')} by the browser` +
        ` (revalidated its HTTP cache): ${revalidated.map((r) => `${r.source === 'page' ? '' : 'sw:'}${r.path}`).join(', ')}`);
  }
  for (const r of part.serverOnly) say(`   only in the server log (not reported to the page or worker): GET ${r.path} ${r.status} ${r.body} B`);
  for (const r of part.browserOnly) say(`   only in the browser (not in the server log): ${r.source} ${r.path} ${r.status} ${r.wire} B`);
  for (const f of part.failed) say(`   failed: ${f}`);
  const details = part.wire.filter((r) => kindOf(r.path) !== 'media')
                           .map((r) => `${r.source === 'page' ? '' : 'sw:'}${r.path.replace(/^\/api\/v1\//, '')} ${r.server?.status ?? r.status} ${r.encoding === 'identity' ? '' : `${r.encoding} `}${r.counted}`);
  say(`   requests other than media (server status, bytes counted): ${details.join(', ')}`);
  if (part.state) {
    const c = part.state.content;
    say(`   client: pack ${c.pack_source} (${c.sync.state}), pictures held ${c.media.held}/${c.media.needed}, downloaded ${c.media.downloaded} (${c.media.bytes_downloaded} B)`);
  }
  if (part.shell) say(`   service worker shell cache: ${part.shell.join(' ')}`);
  if (part.seconds) say(`   everything stored ${part.seconds.toFixed(1)} s after navigation; first question seen at ${ms(part.times.event)} ms (CDP Network on)`);
  const target = number === 2 ? TARGET_FIRST_VISIT : TARGET_REVISIT;
  say(`   total on the wire: ${part.total} B = ${kb(part.total)} KB, target <= ${kb(target)} KB: ${part.total <= target ? 'met' : 'NOT MET'}`);
  say();
}

main().then(() => process.exit(0), (error) => {
  console.error(`[bench] error: the benchmark could not run: ${error.stack ?? error}`);
  process.exit(1);
});
