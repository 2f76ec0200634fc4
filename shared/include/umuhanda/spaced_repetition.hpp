// Spaced repetition: Leitner boxes replayed from the progress log, and the choice of the next
// practice question (by topic, "my mistakes", "not yet seen"). The scheme is described below and
// in docs/spaced-repetition.md; keep the two in step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/pack.hpp"
#include "umuhanda/progress_log.hpp"

namespace umuhanda {

// [SECTION] The scheme
//
// Every question the student has answered sits in one of five boxes. Box 1 holds what they do not
// know yet, box 5 what they know well. Boxes are never stored: they are replayed from the answers
// in the progress log, oldest first, so they agree on every device that holds the same log.
//   - A right answer moves the question up one box (at most 5); the first right answer of a new
//     question puts it in box 2.
//   - A wrong answer sends it back to box 1.
//   - A question is due again interval(box) after its last answer (kLeitnerIntervalsMs): the
//     better it is known, the longer it rests. Box 1 is due at once.
//   - Boxes 4 and 5 count as "mastered" in the statistics (kMasteredBox).
// Answers of every mode (practice, exam, flashcard, review) count alike: they are all evidence.
//
// Within one practice session a wrong answer comes back sooner than any interval: the question
// is asked again after kReaskAfter other answers, or earlier if nothing else is left to ask.

inline constexpr int kLeitnerBoxCount = 5;
inline constexpr int kMasteredBox = 4;
inline constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// How long a question rests in each box before it is due again, indexed by box - 1. Roughly
// tripling, as in Leitner's own schedule, so five boxes span the weeks before a theory exam.
inline constexpr std::int64_t kLeitnerIntervalsMs[kLeitnerBoxCount] = {
    0,           // box 1: not known; due at once (the session's re-ask rule spaces it)
    1 * kDayMs,  // box 2: right once
    3 * kDayMs,  // box 3
    7 * kDayMs,  // box 4: mastered
    21 * kDayMs, // box 5
};
std::int64_t leitner_interval_ms(int box);  // box clamped to 1..kLeitnerBoxCount

inline constexpr std::size_t kReaskAfter = 3;

// What the log says about one question.
struct QuestionProgress {
  int box = 1;
  std::int64_t last_answered_at_ms = 0;
  bool last_correct = false;
  std::size_t answers = 0;
  std::size_t right_answers = 0;

  std::int64_t due_at_ms() const { return last_answered_at_ms + leitner_interval_ms(box); }
  bool is_due(std::int64_t now_ms) const { return due_at_ms() <= now_ms; }
  // "My mistakes": the last answer was wrong, which is the same as sitting in box 1.
  bool is_mistake() const { return !last_correct; }
  bool is_mastered() const { return box >= kMasteredBox; }
};

// The boxes of one pack's questions. Questions never answered are absent ("unseen").
class LeitnerBoxes {
public:
  explicit LeitnerBoxes(std::string pack_id) : m_pack_id(std::move(pack_id)) {}

  // Replays the pack's answers in time order (log order among equal times).
  static LeitnerBoxes from_log(const ProgressLog& log, std::string pack_id);

  // Applies one answer; answers of other packs are ignored. Callers give answers in time order.
  void record(const AnswerRecord& answer);

  const QuestionProgress* find(std::string_view question_id) const;
  bool seen(std::string_view question_id) const { return find(question_id) != nullptr; }
  const std::string& pack_id() const { return m_pack_id; }
  const std::map<std::string, QuestionProgress, std::less<>>& questions() const { return m_questions; }

private:
  std::string m_pack_id;
  std::map<std::string, QuestionProgress, std::less<>> m_questions;
};

enum class PracticeMode {
  topic,     // due questions first, then unseen ones, then the least recently seen
  mistakes,  // only questions whose last answer was wrong, the oldest mistake first
  unseen,    // only questions never answered, in pack order
};

struct PracticeScope {
  PracticeMode mode = PracticeMode::topic;
  std::string topic;  // a topic id, or empty for every topic
};

// Chooses question after question for one practice session. Holds no pack: only the ids in scope.
class PracticeQueue {
public:
  PracticeQueue(const Pack& pack, PracticeScope scope, LeitnerBoxes boxes, std::size_t reask_after = kReaskAfter);

  // The question to ask now, or nullopt when the mode has nothing (left) to ask. Order:
  //  1. a question answered wrong in this session once kReaskAfter other answers have followed;
  //  2. what the mode offers (see PracticeMode), never a question waiting for its re-ask;
  //     in topic mode, questions not yet asked in this session come before ones that were;
  //  3. a question waiting for its re-ask, the longest-waiting first (nothing else is left);
  //  4. topic mode only: questions already asked in this session, least recently seen first.
  std::optional<std::string> next(std::int64_t now_ms) const;

  // Takes the student's answer into the boxes and the re-ask queue.
  void record(const AnswerRecord& answer);

  const LeitnerBoxes& boxes() const { return m_boxes; }
  const std::vector<std::string>& questions_in_scope() const { return m_question_ids; }
  std::size_t answered_in_session() const { return m_answered; }

private:
  struct PendingReask {
    std::string question_id;
    std::size_t wrong_at = 0;  // m_answered just after the wrong answer
  };
  bool is_pending(const std::string& question_id) const;

  PracticeMode m_mode;
  std::vector<std::string> m_question_ids;  // in scope, pack order
  LeitnerBoxes m_boxes;
  std::size_t m_reask_after;
  std::size_t m_answered = 0;
  std::vector<PendingReask> m_pending;  // oldest first
  std::set<std::string, std::less<>> m_asked_in_session;
};

}  // namespace umuhanda
