// ExamSession: one mock exam in progress: answers, flags, navigation, a countdown that keeps
// running through reloads and offline time (it stores the end time, not the time left), marking,
// and the records it leaves in the progress log. Pure: every call that depends on time is given it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/clock.hpp"
#include "umuhanda/expected.hpp"
#include "umuhanda/pack.hpp"
#include "umuhanda/progress_log.hpp"
#include "umuhanda/question_selection.hpp"

namespace umuhanda {

// What the session keeps of each question: enough to mark it without the pack, so a session
// saved mid-exam is marked as it was drawn even if the pack is updated before it is restored.
struct ExamQuestion {
  std::string id;
  std::string topic;
  std::vector<std::size_t> correct;  // sorted
  std::size_t choice_count = 0;
  bool multiple_answers = false;

  bool operator==(const ExamQuestion&) const = default;
};

struct QuestionReview {
  std::string question_id;
  std::optional<std::vector<std::size_t>> chosen;  // nullopt = not answered
  std::vector<std::size_t> correct;
  bool right = false;
  bool flagged = false;

  bool operator==(const QuestionReview&) const = default;
};

struct ExamResult {
  int score = 0;  // questions whose chosen set is exactly the correct set
  int question_count = 0;
  int pass_mark = 0;
  bool passed = false;  // score >= pass_mark
  bool timed_out = false;
  std::int64_t started_at_ms = 0;
  std::int64_t submitted_at_ms = 0;
  std::vector<QuestionReview> review;  // in exam order

  bool operator==(const ExamResult&) const = default;
};

// What a submitted exam adds to the progress log: the attempt, then one answer per question
// answered. Unanswered questions get no AnswerRecord: most are left when time runs out, and
// they would say nothing about what the student knows. The attempt keeps them (chosen = none).
struct ExamRecords {
  ExamAttemptRecord attempt;
  std::vector<AnswerRecord> answers;
};

class ExamSession {
public:
  // Starts the paper now: the clock is read once, and the end time fixed from it. Fails when a
  // question is not in the pack, the paper is for another pack, or its figures are unusable.
  static Expected<ExamSession> start(const Pack& pack, const ExamPaper& paper, const Clock& clock);

  // [SECTION] Reading
  std::size_t size() const { return m_questions.size(); }
  std::size_t current_index() const { return m_current; }
  const ExamQuestion& question(std::size_t index) const { return m_questions[index]; }
  const std::vector<ExamQuestion>& questions() const { return m_questions; }
  const std::optional<std::vector<std::size_t>>& chosen(std::size_t index) const { return m_slots[index].chosen; }
  bool is_answered(std::size_t index) const { return m_slots[index].chosen.has_value(); }
  bool is_flagged(std::size_t index) const { return m_slots[index].flagged; }
  std::size_t answered_count() const;
  std::vector<std::size_t> flagged_indexes() const;
  std::vector<std::size_t> unanswered_indexes() const;

  const std::string& pack_id() const { return m_pack_id; }
  const std::string& blueprint_id() const { return m_blueprint_id; }
  const std::optional<std::string>& exam_set_id() const { return m_exam_set_id; }
  std::int64_t started_at_ms() const { return m_started_at_ms; }
  std::int64_t ends_at_ms() const { return m_ends_at_ms; }
  int pass_mark() const { return m_pass_mark; }

  // [SECTION] Time
  std::int64_t remaining_ms(std::int64_t now_ms) const;
  bool is_time_up(std::int64_t now_ms) const { return now_ms >= m_ends_at_ms; }
  bool is_submitted() const { return m_submitted_at_ms.has_value(); }

  // Submits the exam if its time is up and it is not submitted yet; returns true when it just
  // did. The client calls it every frame, and first thing after restoring a session.
  bool tick(std::int64_t now_ms);

  // [SECTION] Answering. Each returns false, changing nothing, once submitted or for an index or
  // choice out of range; answer and clear also once the time is up (the next tick submits).
  // A single-answer question takes `choice` as its answer; a multiple-answer question toggles it.
  bool answer(std::size_t index, std::size_t choice, std::int64_t now_ms);
  bool clear(std::size_t index, std::int64_t now_ms);
  bool flag(std::size_t index) { return set_flag(index, true); }
  bool unflag(std::size_t index) { return set_flag(index, false); }
  bool toggle_flag(std::size_t index) { return index < size() && set_flag(index, !m_slots[index].flagged); }

  // Navigation counts the time spent on each question (for the AnswerRecords' time_spent_ms).
  bool jump(std::size_t index, std::int64_t now_ms);
  bool next(std::int64_t now_ms) { return jump(m_current + 1, now_ms); }
  bool previous(std::int64_t now_ms) { return m_current > 0 && jump(m_current - 1, now_ms); }

  // Marks the exam. A submission after the end time counts as made at the end time, with
  // timed_out set. Submitting twice returns the first result.
  ExamResult submit(std::int64_t now_ms);
  std::optional<ExamResult> result() const;  // once submitted

  // The log records of the submitted exam (nullopt before submission). Ids come from `ids`, so
  // call it once per exam and append what it returns: a second call gives the same records new ids.
  std::optional<ExamRecords> records(RecordIdGenerator& ids) const;

  // [SECTION] Saving. The whole state, end time included, as one JSON document to keep in
  // IndexedDB after every change; restoring it resumes the exam with the same end time.
  std::string to_json() const;
  static Expected<ExamSession> from_json(std::string_view text);

  bool operator==(const ExamSession&) const = default;

private:
  struct Slot {
    std::optional<std::vector<std::size_t>> chosen;  // sorted; never an empty list
    bool flagged = false;
    std::int64_t answered_at_ms = 0;  // last change of `chosen`
    std::int64_t time_spent_ms = 0;   // while this question was the current one

    bool operator==(const Slot&) const = default;
  };

  ExamSession() = default;
  bool can_change(std::size_t index, std::int64_t now_ms) const;
  bool set_flag(std::size_t index, bool flagged);
  void count_time_until(std::int64_t now_ms);

  std::string m_pack_id;
  std::string m_blueprint_id;
  std::optional<std::string> m_exam_set_id;
  std::vector<ExamQuestion> m_questions;
  std::vector<Slot> m_slots;
  std::int64_t m_started_at_ms = 0;
  std::int64_t m_ends_at_ms = 0;
  int m_pass_mark = 0;
  std::size_t m_current = 0;
  std::int64_t m_current_since_ms = 0;  // when the current question became current
  std::optional<std::int64_t> m_submitted_at_ms;
  bool m_timed_out = false;
};

}  // namespace umuhanda
