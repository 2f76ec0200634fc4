// Item statistics of a pack's questions from the exams students sat (classical test theory as
// Moodle's quiz statistics report defines it): how easy each question is, whether it tells the
// students who know more from those who know less, which wrong choices nobody takes, and how
// consistent each fixed paper is as a whole. Pure: the server gathers and scores the attempts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace umuhanda {

// One question of one attempt, already marked.
struct ItemResponse {
  std::string question_id;
  std::vector<std::size_t> chosen;  // empty: not answered
  bool correct = false;
};

struct ScoredAttempt {
  std::string student;  // whose (an opaque key): "first attempt" is per student and exam
  // The exam it is an attempt at: "set:<exam set id>" (a fixed paper of the pack),
  // "scheduled:<exam id>" (a scheduled exam's frozen paper) or "blueprint:<id>" (a paper drawn
  // at random for each attempt).
  std::string exam;
  std::int64_t submitted_at_ms = 0;
  std::string id;  // breaks ties between attempts submitted in the same millisecond
  std::vector<ItemResponse> items;
};

enum class AttemptSelection {
  first,  // each student's earliest attempt at each exam (Moodle's default: later attempts have
          // seen the questions)
  all,
};

// What the statistics need of a question beyond the attempts: its choices and its key.
struct QuestionKey {
  std::size_t choice_count = 0;
  std::vector<std::size_t> correct;
};

// The thresholds of the flags (percent, as the statistics are).
inline constexpr double kHardFacility = 30.0;
inline constexpr double kEasyFacility = 90.0;
inline constexpr double kWeakDiscrimination = 25.0;
inline constexpr double kUnusedDistractor = 2.0;

enum class ItemFlagKind { hard, easy, negative_discrimination, weak_discrimination, unused_distractor };
std::string_view to_string(ItemFlagKind kind);

struct ItemFlag {
  ItemFlagKind kind;
  std::optional<std::size_t> choice;  // the distractor, for unused_distractor
  std::string reason;                 // in English, with the figure and the threshold

  bool operator==(const ItemFlag&) const = default;
};

struct ChoiceShare {
  std::size_t picked = 0;  // attempts that chose it (a multiple-answer question counts each)
  double percent = 0.0;    // of the question's attempts
  bool correct = false;

  bool operator==(const ChoiceShare&) const = default;
};

// Per question, over the selected attempts whose paper held it. Percentages as Moodle shows them.
struct ItemStatistic {
  std::string question_id;
  std::size_t attempts = 0;
  double facility = 0.0;  // mean score, % of the maximum
  double sd = 0.0;        // sample standard deviation of the score, % of the maximum
  // 100 x the correlation of the item's score with the rest of the paper's (the score without
  // this item, as a share of the rest's questions, so papers of different lengths compare).
  // Unknown when either side does not vary (everyone right, or every rest score equal).
  std::optional<double> discrimination;
  // 100 x the covariance above over the largest covariance the same scores could have
  // (both sorted): how much of the discrimination the item's facility allows it reaches.
  std::optional<double> efficiency;
  std::vector<ChoiceShare> choices;  // by choice index
  std::size_t unanswered = 0;
  std::vector<ItemFlag> flags;

  bool operator==(const ItemStatistic&) const = default;
};

// Per exam over its selected attempts. For a fixed paper (every attempt held the same questions)
// also its internal consistency; a paper drawn anew for each attempt has none.
struct ExamStatistic {
  std::string exam;
  std::size_t attempts = 0;
  std::size_t items = 0;                 // questions per paper (the fixed paper's, or the most common length)
  double mean = 0.0;                     // % of the maximum
  double sd = 0.0;                       // sample standard deviation of the total, % of the maximum
  std::optional<double> alpha;           // Cronbach's alpha (Moodle's CIC), %
  std::optional<double> error_ratio;     // 100 x sqrt(1 - alpha)
  std::optional<double> standard_error;  // error ratio x sd, % of the maximum

  bool operator==(const ExamStatistic&) const = default;
};

struct ItemStatistics {
  std::size_t attempts = 0;  // selected
  std::size_t students = 0;
  std::vector<ItemStatistic> items;  // by question id
  std::vector<ExamStatistic> exams;  // by exam key

  bool operator==(const ItemStatistics&) const = default;
};

// The attempts that count under `selection`, in submission order.
std::vector<const ScoredAttempt*> select_attempts(std::span<const ScoredAttempt> attempts, AttemptSelection selection);

// Questions missing from `keys` (no longer in the pack) get no choice shares and no distractor
// flag, but their other figures.
ItemStatistics compute_item_statistics(std::span<const ScoredAttempt> attempts, AttemptSelection selection,
                                       const std::map<std::string, QuestionKey, std::less<>>& keys);

}  // namespace umuhanda
