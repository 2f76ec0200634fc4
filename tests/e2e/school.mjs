// What the school-side browser tests share: the JSON API called by the test itself (as a staff
// member's or student's session would), the server's command line on the test's data folder, and
// a restricted pack published by an admin. `env` is useServerAndBrowser()'s.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newClient, serverBinary, waitForState } from './harness.mjs';

export const password = "amahoro y'umuhanda 7";
const defaultPack = fileURLToPath(new URL('../../assets/packs/umuhanda-default', import.meta.url));

export function schoolTools(env) {
  async function api(method, path, { cookie, body, type = 'application/json' } = {}) {
    const headers = { Origin: env.server.url };
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) headers['Content-Type'] = type;
    const res = await fetch(env.server.url + path, { method, headers, body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, json, text, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] };
  }

  function cli(args, input) {
    const run = spawnSync(serverBinary, ['--data', env.server.dataDir, ...args], { input, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    return run.stdout;
  }

  // A staff member made with the command line (`role`: admin or instructor), signed in: their cookie.
  async function staffSession(role, name, login) {
    cli(['user', 'create', '--role', role, '--name', name, '--login', login], `${password}\n`);
    const signedIn = await api('POST', '/api/v1/sessions', { body: { login, password } });
    assert.equal(signedIn.status, 200, signedIn.text);
    return signedIn.cookie;
  }

  // A student who signed up: { id, cookie } (the cookie as "name=value").
  async function studentSession(name, login) {
    const signedUp = await api('POST', '/api/v1/accounts', { body: { name, login, password } });
    assert.equal(signedUp.status, 201, signedUp.text);
    return { id: signedUp.json.user.id, cookie: signedUp.cookie };
  }

  // The default pack as "kigali-premium", restricted with exam-01 free, zipped with Python's
  // zipfile (the machine's python3) and uploaded by an admin's session; its question counts.
  async function publishRestrictedPack(cookie) {
    const dir = mkdtempSync(join(tmpdir(), 'umuhanda-restricted-'));
    try {
      cpSync(defaultPack, join(dir, 'pack'), { recursive: true });
      const pack = JSON.parse(readFileSync(join(dir, 'pack', 'pack.json'), 'utf8'));
      pack.id = 'kigali-premium';
      pack.version = 1;
      pack.title = { en: 'Kigali premium', fr: 'Kigali premium' };
      pack.access = { kind: 'restricted', free_sample: { exam_sets: ['exam-01'] } };
      writeFileSync(join(dir, 'pack', 'pack.json'), JSON.stringify(pack));
      const zipped = spawnSync('/usr/bin/python3', ['-m', 'zipfile', '-c', join(dir, 'pack.zip'), 'pack.json', 'media'], { cwd: join(dir, 'pack'), encoding: 'utf8' });
      assert.equal(zipped.status, 0, zipped.stderr);
      const uploaded = await api('POST', '/api/v1/packs', { cookie, body: readFileSync(join(dir, 'pack.zip')), type: 'application/zip' });
      assert.equal(uploaded.status, 201, uploaded.text);
      const sampleQuestions = new Set(pack.exam_sets.find((set) => set.id === 'exam-01').questions).size;
      return { whole: pack.questions.length, sample: sampleQuestions };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // Plans written to a file in the data folder and imported with the command line.
  function importPlans(plans) {
    const file = join(env.server.dataDir, 'plans.json');
    writeFileSync(file, JSON.stringify({ plans }));
    cli(['plans', 'import', file]);
  }

  // A browser (newClient's options) signed in with `cookie` ("name=value"), on Home once the app is
  // ready: { context, page }, closed by the caller.
  async function signedInClient(cookie, options, ready = (s) => true) {
    const client = await newClient(options);
    const [name, value] = cookie.split('=');
    await client.context.addCookies([{ name, value, url: env.server.url }]);
    await client.page.goto(env.server.url + '/');
    await waitForState(client.page, (s) => s.phase === 'ready' && s.account.state === 'signed_in' && ready(s), 'the app, signed in');
    return client;
  }

  return { api, cli, staffSession, studentSession, publishRestrictedPack, importPlans, signedInClient };
}
