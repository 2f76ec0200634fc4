// ExamSession: answering, the countdown, marking, log records and the saved state.
#include "umuhanda/exam_session.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "umuhanda/json_reader.hpp"

namespace umuhanda {

// Bumped when the saved session's shape changes; an unknown format is refused, not guessed at.
static constexpr int kExamSessionFormat = 1;

Expected<ExamSession> ExamSession::start(const Pack& pack, const ExamPaper& paper, const Clock& clock) {
  Diagnostics errors;
  if (paper.pack_id != pack.id) errors.push_back(error("pack_id", "the paper is for pack \"" + paper.pack_id + "\", not \"" + pack.id + "\""));
  if (paper.question_ids.empty()) errors.push_back(error("question_ids", "is empty"));
  if (paper.time_limit_ms < 1) errors.push_back(error("time_limit_ms", "must be 1 or more"));
  if (paper.pass_mark < 1 || paper.pass_mark > static_cast<int>(paper.question_ids.size())) {
    errors.push_back(error("pass_mark", "is " + std::to_string(paper.pass_mark) + ": it must be between 1 and the number of questions"));
  }
  ExamSession session;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < paper.question_ids.size(); ++i) {
    const std::string& id = paper.question_ids[i];
    const std::string at = "question_ids[" + std::to_string(i) + "]";
    const Question* question = pack.find_question(id);
    if (!question) {
      errors.push_back(error(at, "question \"" + id + "\" is not in pack \"" + pack.id + "\""));
      continue;
    }
    if (!seen.insert(id).second) errors.push_back(error(at, "question \"" + id + "\" appears twice"));
    session.m_questions.push_back(
        ExamQuestion{question->id, question->topic, normalized_choices(question->correct), question->choices.size(), question->multiple_answers});
  }
  if (!errors.empty()) return errors;

  session.m_pack_id = paper.pack_id;
  session.m_blueprint_id = paper.blueprint_id;
  session.m_exam_set_id = paper.exam_set_id;
  session.m_slots.resize(session.m_questions.size());
  session.m_pass_mark = paper.pass_mark;
  // The end time, not the time left, is the state: a reload, a closed laptop or a day offline
  // all keep counting down. FIXME: it trusts the device clock; a student who sets it back gains
  // time. The server could compare submitted_at_ms with when the attempt reaches it.
  session.m_started_at_ms = clock.now_ms();
  session.m_ends_at_ms = session.m_started_at_ms + paper.time_limit_ms;
  session.m_current_since_ms = session.m_started_at_ms;
  return session;
}

// [SECTION] Reading

std::size_t ExamSession::answered_count() const {
  return static_cast<std::size_t>(std::count_if(m_slots.begin(), m_slots.end(), [](const Slot& s) { return s.chosen.has_value(); }));
}

std::vector<std::size_t> ExamSession::flagged_indexes() const {
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i < m_slots.size(); ++i) {
    if (m_slots[i].flagged) result.push_back(i);
  }
  return result;
}

std::vector<std::size_t> ExamSession::unanswered_indexes() const {
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i < m_slots.size(); ++i) {
    if (!m_slots[i].chosen) result.push_back(i);
  }
  return result;
}

// [SECTION] Time

std::int64_t ExamSession::remaining_ms(std::int64_t now_ms) const {
  if (is_submitted()) return 0;
  return std::max<std::int64_t>(m_ends_at_ms - now_ms, 0);
}

bool ExamSession::tick(std::int64_t now_ms) {
  if (is_submitted() || !is_time_up(now_ms)) return false;
  submit(now_ms);
  return true;
}

void ExamSession::count_time_until(std::int64_t now_ms) {
  // Time after the end is nobody's; a clock that went back restarts the count from its new time.
  const std::int64_t until = std::min(now_ms, m_ends_at_ms);
  if (until > m_current_since_ms) m_slots[m_current].time_spent_ms += until - m_current_since_ms;
  m_current_since_ms = until;
}

// [SECTION] Answering

bool ExamSession::can_change(std::size_t index, std::int64_t now_ms) const { return !is_submitted() && !is_time_up(now_ms) && index < size(); }

bool ExamSession::answer(std::size_t index, std::size_t choice, std::int64_t now_ms) {
  if (!can_change(index, now_ms) || choice >= m_questions[index].choice_count) return false;
  Slot& slot = m_slots[index];
  if (!m_questions[index].multiple_answers) {
    slot.chosen = std::vector<std::size_t>{choice};
  } else {
    std::vector<std::size_t> choices = slot.chosen.value_or(std::vector<std::size_t>{});
    auto it = std::find(choices.begin(), choices.end(), choice);
    if (it != choices.end()) choices.erase(it);
    else choices.push_back(choice);
    // Unticking the last choice leaves the question unanswered, as it looks on screen.
    if (choices.empty()) slot.chosen.reset();
    else slot.chosen = normalized_choices(std::move(choices));
  }
  slot.answered_at_ms = now_ms;
  return true;
}

bool ExamSession::clear(std::size_t index, std::int64_t now_ms) {
  if (!can_change(index, now_ms)) return false;
  m_slots[index].chosen.reset();
  m_slots[index].answered_at_ms = now_ms;
  return true;
}

bool ExamSession::set_flag(std::size_t index, bool flagged) {
  if (is_submitted() || index >= size()) return false;
  m_slots[index].flagged = flagged;
  return true;
}

bool ExamSession::jump(std::size_t index, std::int64_t now_ms) {
  if (is_submitted() || index >= size()) return false;
  count_time_until(now_ms);
  m_current = index;
  return true;
}

// [SECTION] Marking

ExamResult ExamSession::submit(std::int64_t now_ms) {
  if (!is_submitted()) {
    count_time_until(now_ms);
    m_timed_out = is_time_up(now_ms);
    m_submitted_at_ms = std::min(now_ms, m_ends_at_ms);
  }
  return *result();
}

std::optional<ExamResult> ExamSession::result() const {
  if (!is_submitted()) return std::nullopt;
  ExamResult result;
  result.question_count = static_cast<int>(size());
  result.pass_mark = m_pass_mark;
  result.timed_out = m_timed_out;
  result.started_at_ms = m_started_at_ms;
  result.submitted_at_ms = *m_submitted_at_ms;
  for (std::size_t i = 0; i < size(); ++i) {
    QuestionReview review;
    review.question_id = m_questions[i].id;
    review.chosen = m_slots[i].chosen;
    review.correct = m_questions[i].correct;
    review.right = review.chosen && *review.chosen == review.correct;
    review.flagged = m_slots[i].flagged;
    if (review.right) ++result.score;
    result.review.push_back(std::move(review));
  }
  result.passed = result.score >= m_pass_mark;
  return result;
}

std::optional<ExamRecords> ExamSession::records(RecordIdGenerator& ids) const {
  std::optional<ExamResult> marked = result();
  if (!marked) return std::nullopt;
  ExamRecords records;
  ExamAttemptRecord& attempt = records.attempt;
  attempt.id = ids.next();
  attempt.pack_id = m_pack_id;
  attempt.blueprint_id = m_blueprint_id;
  attempt.exam_set_id = m_exam_set_id;
  attempt.started_at_ms = m_started_at_ms;
  attempt.submitted_at_ms = marked->submitted_at_ms;
  attempt.score = marked->score;
  attempt.question_count = marked->question_count;
  attempt.pass_mark = marked->pass_mark;
  attempt.passed = marked->passed;
  attempt.timed_out = marked->timed_out;
  for (std::size_t i = 0; i < size(); ++i) {
    const Slot& slot = m_slots[i];
    attempt.question_ids.push_back(m_questions[i].id);
    attempt.chosen.push_back(slot.chosen);
    attempt.flagged.push_back(slot.flagged);
    if (!slot.chosen) continue;
    AnswerRecord answer;
    answer.id = ids.next();
    answer.pack_id = m_pack_id;
    answer.question_id = m_questions[i].id;
    answer.chosen = *slot.chosen;
    answer.correct = marked->review[i].right;
    answer.answered_at_ms = slot.answered_at_ms;
    answer.time_spent_ms = slot.time_spent_ms;
    answer.mode = AnswerMode::exam;
    records.answers.push_back(std::move(answer));
  }
  return records;
}

// [SECTION] Saving

std::string ExamSession::to_json() const {
  using nlohmann::ordered_json;
  auto optional_string = [](const std::optional<std::string>& value) { return value ? ordered_json(*value) : ordered_json(nullptr); };
  ordered_json questions = ordered_json::array();
  for (const ExamQuestion& q : m_questions) {
    questions.push_back(ordered_json{
        {"id", q.id}, {"topic", q.topic}, {"correct", q.correct}, {"choice_count", q.choice_count}, {"multiple_answers", q.multiple_answers}});
  }
  ordered_json slots = ordered_json::array();
  for (const Slot& slot : m_slots) {
    slots.push_back(ordered_json{{"chosen", slot.chosen ? ordered_json(*slot.chosen) : ordered_json(nullptr)},
                                 {"flagged", slot.flagged},
                                 {"answered_at_ms", slot.answered_at_ms},
                                 {"time_spent_ms", slot.time_spent_ms}});
  }
  ordered_json document{{"format", kExamSessionFormat},
                        {"pack_id", m_pack_id},
                        {"blueprint_id", m_blueprint_id},
                        {"exam_set_id", optional_string(m_exam_set_id)},
                        {"started_at_ms", m_started_at_ms},
                        {"ends_at_ms", m_ends_at_ms},
                        {"pass_mark", m_pass_mark},
                        {"questions", questions},
                        {"slots", slots},
                        {"current", m_current},
                        {"current_since_ms", m_current_since_ms},
                        {"submitted_at_ms", m_submitted_at_ms ? ordered_json(*m_submitted_at_ms) : ordered_json(nullptr)},
                        {"timed_out", m_timed_out}};
  return document.dump();
}

Expected<ExamSession> ExamSession::from_json(std::string_view text) {
  using nlohmann::json;
  json document = json::parse(text.begin(), text.end(), nullptr, false);
  if (document.is_discarded()) return Expected<ExamSession>::failure("", "the saved exam is not valid JSON");
  if (!document.is_object()) return Expected<ExamSession>::failure("", "the saved exam must be a JSON object");

  // Optional values that are not set are saved as null.
  Diagnostics errors;
  JsonReader reader(document, "", errors);
  const int format = reader.integer("format");
  if (errors.empty() && format != kExamSessionFormat) {
    return Expected<ExamSession>::failure("format",
                                          "is " + std::to_string(format) + ", this client reads format " + std::to_string(kExamSessionFormat));
  }
  ExamSession session;
  session.m_pack_id = reader.string("pack_id");
  session.m_blueprint_id = reader.string("blueprint_id");
  session.m_exam_set_id = reader.find_string("exam_set_id", Field::optional_or_null);
  session.m_started_at_ms = reader.int64("started_at_ms");
  session.m_ends_at_ms = reader.int64("ends_at_ms");
  session.m_pass_mark = reader.integer("pass_mark");
  session.m_current = reader.index("current");
  session.m_current_since_ms = reader.int64("current_since_ms");
  session.m_timed_out = reader.boolean("timed_out");
  session.m_submitted_at_ms = reader.find_int64("submitted_at_ms", Field::optional_or_null);

  reader.for_each_object("questions", Field::required, [&](JsonReader& r) {
    ExamQuestion q;
    q.id = r.string("id");
    q.topic = r.string("topic");
    q.correct = normalized_choices(r.indexes("correct"));
    q.choice_count = r.index("choice_count");
    q.multiple_answers = r.boolean("multiple_answers");
    if (q.correct.empty() || q.correct.back() >= q.choice_count) r.report("correct", "names no choice of the question");
    session.m_questions.push_back(std::move(q));
  });
  reader.for_each_object("slots", Field::required, [&](JsonReader& r) {
    Slot slot;
    const std::size_t question = session.m_slots.size();
    if (auto chosen = r.find_indexes("chosen", Field::optional_or_null)) {
      std::vector<std::size_t> choices = normalized_choices(std::move(*chosen));
      const bool in_range = question < session.m_questions.size() && !choices.empty() && choices.back() < session.m_questions[question].choice_count;
      if (in_range) slot.chosen = std::move(choices);
      else r.report("chosen", "names no choice of the question");
    }
    slot.flagged = r.boolean("flagged");
    slot.answered_at_ms = r.int64("answered_at_ms");
    slot.time_spent_ms = r.int64("time_spent_ms");
    session.m_slots.push_back(std::move(slot));
  });

  if (errors.empty()) {
    const std::size_t count = session.m_questions.size();
    if (count == 0) errors.push_back(error("questions", "is empty"));
    if (session.m_slots.size() != count) {
      errors.push_back(error("slots", "has " + std::to_string(session.m_slots.size()) + " entries for " + std::to_string(count) + " questions"));
    }
    if (count > 0 && session.m_current >= count) errors.push_back(error("current", "is past the last question"));
    if (session.m_ends_at_ms <= session.m_started_at_ms) errors.push_back(error("ends_at_ms", "is not after started_at_ms"));
    if (session.m_pass_mark < 1 || session.m_pass_mark > static_cast<int>(count)) {
      errors.push_back(error("pass_mark", "is " + std::to_string(session.m_pass_mark) + ": it must be between 1 and the number of questions"));
    }
  }
  if (!errors.empty()) return errors;
  return session;
}

}  // namespace umuhanda
