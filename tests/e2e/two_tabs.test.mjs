// Two tabs of one browser are two writers on one IndexedDB. Before, both counted record ids
// "<device>:N" from the same number, and the later tab's answers replaced the earlier one's: 8 + 8
// answers left 8. Now each running instance writes ids of its own, and each tab hears of the
// other's records over a BroadcastChannel: both tabs, and a tab opened afterwards, count all 16,
// online and offline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answerPractice, clientState, isExpectedOfflineError, openClient, openPractice, phone, saveScreenshot, screenState, settleFrames, useServerAndBrowser,
  waitForScreen, waitForState, withClient
} from './harness.mjs';

const env = useServerAndBrowser();

test('two tabs answering in turn keep every answer and each shows what the other recorded', () => withClient(openClient(phone), async ({ context, page }) => {
  const first = page;
  await openPractice(first);
  const second = await context.newPage();
  await second.goto(env.server.url + '/');
  await openPractice(second);
  const [a, b] = [await clientState(first), await clientState(second)];
  assert.notEqual(a.progress.writer_id, b.progress.writer_id, 'two writers');
  assert.equal(a.progress.writer_id.split('.')[0], b.progress.writer_id.split('.')[0], 'one device');

  // Eight answers in each tab, in turn; the second half offline (the channel needs no network).
  for (let i = 0; i < 8; i++) {
    if (i === 4) await context.setOffline(true);
    await first.bringToFront();
    await answerPractice(first, i % 3);
    await second.bringToFront();
    await answerPractice(second, (i + 1) % 3);
  }
  for (const [name, tab] of [['first', first], ['second', second]]) {
    const state = await waitForState(tab, (s) => s.progress.records === 16 && s.progress.saving === 0, `the ${name} tab with all 16 answers`);
    assert.equal(state.progress.from_other_tabs, 8, `the ${name} tab heard of the other's 8`);
    const ids = state.progress.answers.map((answer) => answer.id);
    assert.equal(new Set(ids).size, 16, `16 different ids in the ${name} tab`);
  }
  await settleFrames(second);
  await saveScreenshot(second, 'two-tabs-1-second-tab-390x844');

  // A tab opened afterwards (online again) reads all of them from storage.
  await context.setOffline(false);
  const third = await context.newPage();
  await third.goto(env.server.url + '/');
  const fresh = await waitForState(third, (s) => s.phase === 'ready' && s.progress.loaded, 'the third tab');
  assert.equal(fresh.progress.loaded_records, 16, 'a fresh tab counts them all');
  assert.equal(fresh.progress.bad_lines, 0);
  const home = await waitForScreen(third, 'home', (h) => h.readiness !== undefined, 'home in the third tab');
  assert.ok(screenState(home, 'home').readiness.answered > 0, 'home counts the answers of both tabs');
}, { expected: isExpectedOfflineError }));
