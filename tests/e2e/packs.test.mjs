// An instructor's packs, end to end in the real client against the real server: a CSV with a wrong
// answer key is opened through the file picker and its error shown at its line before anything is
// sent; the fixed file is compared with nothing (a new pack), published with its progress, and a
// second version (a choice moved, a question added) is compared with the first before publishing;
// two stored versions are compared from the version list, a changed question previewed in both
// languages in the phone frame, and version 1 made current again after a confirmation. A file
// dropped on the page is checked the same way. At 1280 px, and at 390 px on a phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktop, phone, press, saveScreenshot, screenState, scrollIntoView, settleFrames, tapTargetProblems, useServerAndBrowser, waitForScreen } from './harness.mjs';
import { schoolTools } from './school.mjs';

const env = useServerAndBrowser();
const { api, staffSession, signedInClient } = schoolTools(env);

const header = 'id,lang,topic,question,choice1,choice2,choice3,correct,explanation';
const stop = [
  'stop-sign,en,Road signs,What does a red octagonal sign mean?,Stop,Give way,No entry,A,Stop completely then go on when the way is clear.',
  'stop-sign,fr,Panneaux,Que signifie un panneau rouge octogonal ?,Arrêt,Cédez le passage,Sens interdit,A,Arrêt complet puis on repart quand la voie est libre.',
];
const amber = (key) => [
  `amber-light,en,Traffic lights,What does a steady amber light mean?,Stop unless you can no longer stop safely,Speed up to pass,Turn right only,${key},It comes before red.`,
  'amber-light,fr,Feux,Que signifie un feu orange fixe ?,S’arrêter sauf si on ne peut plus le faire sans danger,Accélérer pour passer,Tourner à droite seulement,A,Il annonce le rouge.',
];
// Version 2: the amber light's right choice moved from A to B (its choices reordered), and a question added.
const amberMoved = [
  'amber-light,en,Traffic lights,What does a steady amber light mean?,Speed up to pass,Stop unless you can no longer stop safely,Turn right only,B,It comes before red.',
  'amber-light,fr,Feux,Que signifie un feu orange fixe ?,Accélérer pour passer,S’arrêter sauf si on ne peut plus le faire sans danger,Tourner à droite seulement,B,Il annonce le rouge.',
];
const noEntry = [
  'no-entry,en,Road signs,What does a red disc with a white horizontal bar mean?,No entry for any vehicle,Parking,End of all restrictions,A,It closes the road in this direction.',
  'no-entry,fr,Panneaux,Que signifie un disque rouge avec une barre blanche horizontale ?,Sens interdit à tout véhicule,Stationnement,Fin de toutes les interdictions,A,Il ferme la route dans ce sens.',
];
const csv = (...rows) => [header, ...rows.flat()].join('\n') + '\n';

const packsOf = (state) => screenState(state, 'packs')?.packs;

// Opens `name` with `text` through the screen's file picker (the hidden <input type=file>), as a
// person choosing it in the device's dialog would.
async function openFile(page, name, text, touch = false) {
  const chooser = page.waitForEvent('filechooser');
  await press(page, 'packs.open_file', { screen: 'packs', touch });
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('an instructor checks a CSV, publishes two versions, compares them, previews a question and rolls back', async () => {
  const instructor = await staffSession('instructor', 'Uwera Instructor', 'uwera@school.rw');
  const desk = await signedInClient(instructor, desktop);
  const handset = await signedInClient(instructor, phone);
  try {
    const { page } = desk;
    await press(page, 'home.packs', { screen: 'home' });
    let state = await waitForScreen(page, 'packs', (own) => own.packs.loaded && own.packs.versions.length > 0, 'the packs listed');
    assert.deepEqual(packsOf(state).packs.map((p) => p.id), ['umuhanda-default']);
    await press(page, 'packs.pack.new', { screen: 'packs' });
    await waitForScreen(page, 'packs', (own) => own.packs.selected === '', 'a new pack chosen');

    // A wrong key on line 4: located there, and nothing sent.
    await openFile(page, 'school-questions.csv', csv(stop, amber('Z')));
    state = await waitForScreen(page, 'packs', (own) => own.packs.checked?.file === 'school-questions.csv', 'the file checked');
    const checked = packsOf(state).checked;
    assert.equal(checked.ok, false);
    assert.equal(checked.kind, 'CSV');
    assert.match(checked.errors[0].path, /^school-questions\.csv:4:\d+$/, JSON.stringify(checked.errors));
    assert.match(checked.errors[0].message, /Z/);
    assert.equal(state.targets['packs.publish'], undefined, 'no Publish button for a file with errors');
    assert.equal((await api('GET', '/api/v1/packs/school-questions')).status, 404, 'nothing reached the server');
    await settleFrames(page);
    await saveScreenshot(page, 'packs-1-error-located-1280x800');

    // Fixed: a new pack, everything in it added; published with its progress.
    await openFile(page, 'school-questions.csv', csv(stop, amber('A')));
    state = await waitForScreen(page, 'packs', (own) => own.packs.checked?.ok && own.packs.comparison.ready, 'the fixed file compared');
    let own = packsOf(state);
    assert.equal(own.checked.pack, 'school-questions');
    assert.equal(own.checked.version, 1);
    assert.equal(own.comparison.from, 0);
    assert.deepEqual(own.comparison.diff.questions.added, ['stop-sign', 'amber-light']);
    await press(page, 'packs.publish', { screen: 'packs' });
    state = await waitForScreen(page, 'packs', (o) => o.packs.upload.stage === 'done' && o.packs.versions.length === 1, 'version 1 published');
    own = packsOf(state);
    assert.equal(own.upload.version, 1);
    assert.equal(own.upload.sent, own.upload.total);
    assert.equal(own.upload.total, own.checked.upload_bytes);
    assert.equal(own.selected, 'school-questions');
    const stored = await api('GET', '/api/v1/packs/school-questions');
    assert.equal(stored.status, 200, stored.text);
    assert.deepEqual(stored.json.questions.map((q) => q.id), ['stop-sign', 'amber-light']);

    // Version 2 compared with version 1 before it is sent: the moved key is flagged.
    await press(page, 'packs.close_file', { screen: 'packs' });
    await openFile(page, 'school-questions.csv', csv(stop, amberMoved, noEntry));
    state = await waitForScreen(page, 'packs', (o) => o.packs.checked?.ok && o.packs.comparison.ready && o.packs.comparison.from === 1, 'version 2 compared');
    own = packsOf(state);
    assert.equal(own.checked.version, 2);
    assert.deepEqual(own.comparison.diff.questions.added, ['no-entry']);
    const amberChange = own.comparison.diff.questions.changed.find((c) => c.id === 'amber-light');
    assert.ok(amberChange, JSON.stringify(own.comparison.diff));
    assert.equal(amberChange.answer_key_changed, true);
    assert.ok(amberChange.fields.includes('correct'), JSON.stringify(amberChange));
    await scrollIntoView(page, 'packs.diff.question.no-entry', { screen: 'packs' });
    await settleFrames(page);
    await saveScreenshot(page, 'packs-2-changes-before-publishing-1280x800');
    await press(page, 'packs.publish', { screen: 'packs' });
    await waitForScreen(page, 'packs', (o) => o.packs.upload.stage === 'done' && o.packs.versions.length === 2, 'version 2 published');
    await press(page, 'packs.close_file', { screen: 'packs' });

    // Any two stored versions: Compare on 1, then on 2.
    await press(page, 'packs.compare.1', { screen: 'packs' });
    await waitForScreen(page, 'packs', (o) => o.view.compare_from === 1, 'version 1 picked');
    await press(page, 'packs.compare.2', { screen: 'packs' });
    state = await waitForScreen(page, 'packs', (o) => o.packs.comparison.ready && o.packs.comparison.from === 1 && o.packs.comparison.to === 2, 'versions 1 and 2');
    assert.deepEqual(packsOf(state).comparison.diff.questions.added, ['no-entry']);

    // The changed question as a student sees it, in English then in French.
    await press(page, 'packs.diff.question.amber-light', { screen: 'packs' });
    state = await waitForScreen(page, 'packs', (o) => o.view.preview.question === 'amber-light', 'the preview');
    assert.equal(screenState(state, 'packs').view.preview.version, 2);
    assert.ok(state.targets['choice.1'], 'the choices are drawn as in practice');
    await press(page, 'packs.preview.language.fr', { screen: 'packs' });
    await waitForScreen(page, 'packs', (o) => o.view.preview.language === 'fr', 'the preview in French');
    await settleFrames(page);
    await saveScreenshot(page, 'packs-3-preview-fr-1280x800');
    await press(page, 'packs.preview.close', { screen: 'packs' });

    // Version 1 current again, after a confirmation.
    await press(page, 'packs.rollback.1', { screen: 'packs' });
    await waitForScreen(page, 'packs', (o) => o.view.confirm_rollback === 1, 'the confirmation');
    assert.equal((await api('GET', '/api/v1/packs/school-questions')).json.version, 2, 'nothing changed before confirming');
    await press(page, 'packs.rollback.confirm', { screen: 'packs' });
    await waitForScreen(page, 'packs', (o) => o.view.rolled_back_to === 1 && o.packs.versions.find((v) => v.current)?.version === 1, 'version 1 current');
    assert.equal((await api('GET', '/api/v1/packs/school-questions')).json.version, 1);

    // A file dropped on the page is checked like a picked one.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, csv(stop));
    state = await waitForScreen(page, 'packs', (o) => o.packs.checked?.file === 'dropped.csv', 'the dropped file checked');
    assert.equal(packsOf(state).checked.ok, true);
    assert.equal(packsOf(state).checked.version, 3, 'the next version above every stored one');

    // On a phone: every target thumb-sized and inside 390 px.
    await press(handset.page, 'home.packs', { screen: 'home', touch: true });
    await waitForScreen(handset.page, 'packs', (o) => o.packs.loaded && o.packs.versions.length > 0, 'the packs on the phone');
    await press(handset.page, 'packs.pack.school-questions', { screen: 'packs', touch: true });
    await waitForScreen(handset.page, 'packs', (o) => o.packs.selected === 'school-questions' && o.packs.versions.length === 2, 'the school pack on the phone');
    await openFile(handset.page, 'school-questions.csv', csv(stop, amberMoved, noEntry), true);
    state = await waitForScreen(handset.page, 'packs', (o) => o.packs.checked?.ok && o.packs.comparison.ready, 'the file on the phone');
    assert.deepEqual(tapTargetProblems(state, { prefix: 'packs.', width: 390 }), []);
    await settleFrames(handset.page);
    await saveScreenshot(handset.page, 'packs-4-phone-390x844');
    await scrollIntoView(handset.page, 'packs.diff.question.no-entry', { screen: 'packs' });
    await settleFrames(handset.page);
    await saveScreenshot(handset.page, 'packs-5-phone-changes-390x844');
    assert.deepEqual(desk.problems, []);
    assert.deepEqual(handset.problems, []);
  } finally {
    await desk.context.close();
    await handset.context.close();
  }
});
