// The mock exam's lifecycle: begin, restore, answer, submit, save, record.
#include "app/mock_exam.hpp"

#include <algorithm>
#include <utility>

#include "umuhanda/question_selection.hpp"

namespace umuhanda {
namespace {

const ExamBlueprint* first_blueprint(const Pack& pack) { return pack.blueprints.empty() ? nullptr : &pack.blueprints.front(); }

const ExamSet* find_exam_set(const Pack& pack, const std::string& id) {
  for (const ExamSet& set : pack.exam_sets) {
    if (set.id == id) return &set;
  }
  return nullptr;
}

std::string describe(const Diagnostics& errors) {
  std::string text;
  for (const Diagnostic& d : errors) text += (text.empty() ? "" : "; ") + (d.path.empty() ? d.message : d.path + ": " + d.message);
  return text;
}

}  // namespace

MockExam::MockExam(KeyValueStore& storage, ProgressStore& progress, const Clock& clock, RandomSource& random)
    : m_storage(storage), m_progress(progress), m_clock(clock), m_random(random) {}

bool MockExam::holds_pack() const { return m_reading_saved || m_saved_json.has_value() || (m_session && !m_session->is_submitted()); }

void MockExam::load_saved(bool storage_open) {
  m_storage_open = storage_open;
  if (!storage_open) return;
  m_reading_saved = true;
  m_storage.get(stores::kMeta, kStorageKey, [this](StorageResult<std::optional<std::string>> stored) {
    m_reading_saved = false;
    // An exam started meanwhile wins: the student chose it (and it has overwritten the saved one).
    if (!stored.ok() || !stored.value || m_session) return;
    m_saved_json = std::move(*stored.value);
    restore();
    if (m_saved_json) emit(Event::changed);  // still waiting for its pack, which it now holds
  });
}

void MockExam::use_pack(const Pack* pack) {
  m_pack = pack;
  restore();
}

void MockExam::begin(std::optional<std::string> exam_set_id) {
  record_if_due(/*even_before_the_log_is_read=*/true);  // the last result is about to go
  restore();
  m_start_error.clear();
  if (m_session && !m_session->is_submitted()) {
    m_phase = Phase::running;
    return emit(Event::changed);
  }
  m_session.reset();
  m_phase = Phase::intro;
  emit(Event::changed);
  if (exam_set_id && m_pack) start(exam_set_id);
}

void MockExam::start(const std::optional<std::string>& exam_set_id) {
  if (!m_pack) return;
  const Pack& pack = *m_pack;
  std::optional<Expected<ExamPaper>> paper;
  if (exam_set_id) {
    if (const ExamSet* set = find_exam_set(pack, *exam_set_id)) paper.emplace(exam_from_set(pack, *set));
    else paper.emplace(Expected<ExamPaper>::failure("exam_sets", "no exam set \"" + *exam_set_id + "\" in this pack"));
  } else if (const ExamBlueprint* blueprint = first_blueprint(pack)) {
    paper.emplace(draw_exam(pack, *blueprint, m_random));
  } else {
    paper.emplace(Expected<ExamPaper>::failure("exam_blueprints", "this pack has no exam blueprint"));
  }
  if (!*paper) {
    m_start_error = describe(paper->errors());
    return emit(Event::changed);
  }
  auto session = ExamSession::start(pack, paper->value(), m_clock);
  if (!session) {
    m_start_error = describe(session.errors());
    return emit(Event::changed);
  }
  m_session = std::move(session).value();
  m_phase = Phase::running;
  m_restored = false;
  m_start_error.clear();
  save();
  emit(Event::changed);
  emit(Event::started);
}

// The saved exam, once there is a pack to show it with. Its clock ran on while the page was closed:
// if the time is up it is submitted now, marked as it was drawn (the session keeps its answer key).
void MockExam::restore() {
  if (!m_saved_json || !m_pack) return;
  const std::string text = *std::exchange(m_saved_json, std::nullopt);
  auto session = ExamSession::from_json(text);
  if (!session || session->pack_id() != m_pack->id || m_session) {
    if (!m_session) forget_saved();
    return;
  }
  m_session = std::move(session).value();
  m_restored = true;
  const bool all_in_pack = std::all_of(m_session->questions().begin(), m_session->questions().end(),
                                       [&](const ExamQuestion& q) { return m_pack->find_question(q.id) != nullptr; });
  if (m_session->is_submitted()) {
    m_phase = Phase::result;
    m_record_due = true;
  } else if (m_session->tick(m_clock.now_ms())) {
    on_submitted();
  } else if (!all_in_pack) {
    submit();  // a question left the pack: it cannot be shown, so the exam ends as it stands
  } else {
    m_phase = Phase::running;
  }
  emit(Event::changed);
  record_if_due();
  // The student left in the middle of an exam: they come back to it (or to its result).
  emit(Event::restored);
}

bool MockExam::answer(std::size_t choice) {
  if (!m_session || !m_session->answer(m_session->current_index(), choice, m_clock.now_ms())) return false;
  save();
  emit(Event::changed);
  return true;
}

bool MockExam::go_to(std::size_t index) {
  if (!m_session || index == m_session->current_index() || !m_session->jump(index, m_clock.now_ms())) return false;
  save();
  emit(Event::changed);
  return true;
}

bool MockExam::toggle_flag() {
  if (!m_session || !m_session->toggle_flag(m_session->current_index())) return false;
  save();
  emit(Event::changed);
  return true;
}

void MockExam::submit() {
  if (!m_session) return;
  m_session->submit(m_clock.now_ms());
  on_submitted();
}

bool MockExam::submit_if_time_up() {
  if (!m_session || m_phase != Phase::running || !m_session->tick(m_clock.now_ms())) return false;
  on_submitted();
  return true;
}

void MockExam::on_submitted() {
  m_phase = Phase::result;
  m_record_due = true;
  record_if_due();
  emit(Event::changed);
  emit(Event::submitted);
}

// The attempt goes to the progress log, then the saved exam is deleted. Both wait for the log to be
// read: a page closed between the two writes leaves the saved exam, and the log then shows the
// attempt is already there, so it is never recorded twice.
void MockExam::record_if_due(bool even_before_the_log_is_read) {
  if (!m_record_due || !m_session) return;
  if (!m_progress.loaded() && !even_before_the_log_is_read) return;
  m_record_due = false;
  const auto attempts = m_progress.log().exam_attempts();
  const bool recorded = m_progress.loaded() && std::any_of(attempts.begin(), attempts.end(), [&](const ExamAttemptRecord* a) {
                          return a->pack_id == m_session->pack_id() && a->started_at_ms == m_session->started_at_ms();
                        });
  if (!recorded) m_progress.record_exam(*m_session);
  forget_saved();
}

void MockExam::save() {
  if (!m_storage_open) return;
  ++m_saves_pending;
  m_storage.put(stores::kMeta, kStorageKey, m_session->to_json(), WriteDurability::strict, [this](std::optional<StorageError> error) {
    --m_saves_pending;
    if (error) m_save_error = std::move(error);
    else ++m_saves_done;
  });
}

void MockExam::forget_saved() {
  if (!m_storage_open) return;
  ++m_saves_pending;
  m_storage.write({KeyValueWrite{stores::kMeta, kStorageKey, std::nullopt}}, WriteDurability::strict, [this](std::optional<StorageError> error) {
    --m_saves_pending;
    if (error) m_save_error = std::move(error);
    else ++m_saves_done;
  });
}

}  // namespace umuhanda
