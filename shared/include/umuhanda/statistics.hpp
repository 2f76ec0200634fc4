// Statistics for the progress screen, derived from the progress log and the pack: recent accuracy
// per topic, questions seen and mastered, the exam history, and whether the student looks ready.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/pack.hpp"
#include "umuhanda/progress_log.hpp"

namespace umuhanda {

// Accuracy counts only each topic's most recent answers, so a student who has improved sees it
// instead of an average dragged down by their first week.
inline constexpr std::size_t kRecentAnswersPerTopic = 50;
inline constexpr std::size_t kReadinessExamCount = 3;

struct Accuracy {
  std::size_t answered = 0;
  std::size_t right = 0;

  double ratio() const { return answered == 0 ? 0.0 : static_cast<double>(right) / static_cast<double>(answered); }
  bool operator==(const Accuracy&) const = default;
};

struct TopicStatistics {
  std::string topic;
  Accuracy recent;           // over the topic's last kRecentAnswersPerTopic answers
  std::size_t seen = 0;      // questions answered at least once
  std::size_t mastered = 0;  // questions in Leitner box kMasteredBox or above
  std::size_t total = 0;     // questions of the topic in the pack

  bool operator==(const TopicStatistics&) const = default;
};

struct ExamScore {
  std::string attempt_id;
  std::string blueprint_id;
  std::int64_t started_at_ms = 0;
  std::int64_t submitted_at_ms = 0;
  int score = 0;
  int question_count = 0;
  int pass_mark = 0;
  bool passed = false;

  bool operator==(const ExamScore&) const = default;
};

// The rule, kept simple enough to explain on screen: the student is "ready" when
//   1. they have sat at least kReadinessExamCount exams and passed each of the last ones, and
//   2. their recent accuracy (all topics) is at least the pass ratio (pass_mark / question_count)
//      of the strictest of those exams.
// Mock exams alone can be lucky draws; recent accuracy alone can come from easy topics. Both
// together say the student passes the real thing's format and knows the whole pack.
struct Readiness {
  Accuracy recent;                    // the per-topic windows added together
  std::vector<ExamScore> last_exams;  // the last kReadinessExamCount, oldest first
  bool ready = false;

  bool operator==(const Readiness&) const = default;
};

struct Statistics {
  std::vector<TopicStatistics> topics;  // in the pack's topic order
  Accuracy recent;                      // the per-topic windows added together
  std::size_t seen = 0;
  std::size_t mastered = 0;
  std::size_t total = 0;
  std::vector<ExamScore> exams;  // by submission time, oldest first
  Readiness readiness;

  bool operator==(const Statistics&) const = default;
};

// Only the pack's records count; answers to questions the pack no longer has are left out, as
// there is no topic to put them in.
Statistics compute_statistics(const ProgressLog& log, const Pack& pack, std::size_t recent_per_topic = kRecentAnswersPerTopic);

// A question the student still gets wrong: their latest answer to it was wrong.
struct Mistake {
  std::string question_id;
  std::size_t wrong = 0;     // wrong answers to it, in all (since the latest reset)
  std::size_t answered = 0;  // answers to it, in all
  std::int64_t last_answered_at_ms = 0;

  bool operator==(const Mistake&) const = default;
};

// The questions of `pack_id` whose latest answer (since the latest reset) was wrong, the most
// recently answered first (ties by question id). A question answered right since is left out:
// the student has corrected it, whatever came before. Answers made in the same millisecond count
// in log order.
std::vector<Mistake> current_mistakes(const ProgressLog& log, std::string_view pack_id);

}  // namespace umuhanda
