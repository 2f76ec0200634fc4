// Item statistics (item_statistics.hpp): sample variances and covariances (divided by S - 1) as
// Moodle's quiz statistics use them.
#include "umuhanda/item_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>
#include <utility>

namespace umuhanda {
namespace {

// Variances this small are rounding, not spread: a question everyone got right has none.
constexpr double kNoSpread = 1e-12;

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (double value : values) sum += value;
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

double covariance_of(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2) return 0.0;
  const double mean_a = mean_of(a), mean_b = mean_of(b);
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += (a[i] - mean_a) * (b[i] - mean_b);
  return sum / static_cast<double>(a.size() - 1);
}

double variance_of(const std::vector<double>& values) { return covariance_of(values, values); }

std::string percent_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", value);
  return text;
}

// One question's scores over the attempts that held it, each beside the rest of its paper.
struct ItemScores {
  std::vector<double> scores;            // 0 or 1
  std::vector<double> rest_scores;       // the same attempts' other questions, as a share right
  std::vector<double> scores_with_rest;  // the scores of the attempts that had a rest
  std::map<std::size_t, std::size_t> picked;
  std::size_t unanswered = 0;
};

std::vector<ItemFlag> flags_of(const ItemStatistic& item, const QuestionKey* key) {
  std::vector<ItemFlag> flags;
  if (item.facility < kHardFacility)
    flags.push_back({ItemFlagKind::hard, std::nullopt,
                     "facility " + percent_text(item.facility) + " is under " + percent_text(kHardFacility) + ": too hard, or a wrong key"});
  if (item.facility > kEasyFacility)
    flags.push_back({ItemFlagKind::easy, std::nullopt,
                     "facility " + percent_text(item.facility) + " is over " + percent_text(kEasyFacility) + ": it tells the class little"});
  if (item.discrimination && *item.discrimination < 0.0) {
    flags.push_back({ItemFlagKind::negative_discrimination, std::nullopt,
                     "discrimination " + percent_text(*item.discrimination) +
                         " is negative: the stronger students get it wrong more often; check the answer key"});
  } else if (item.discrimination && *item.discrimination < kWeakDiscrimination) {
    flags.push_back({ItemFlagKind::weak_discrimination, std::nullopt,
                     "discrimination " + percent_text(*item.discrimination) + " is under " + percent_text(kWeakDiscrimination) +
                         ": it barely tells who knows more"});
  }
  if (key) {
    for (std::size_t choice = 0; choice < item.choices.size(); ++choice) {
      const ChoiceShare& share = item.choices[choice];
      if (share.correct || share.percent >= kUnusedDistractor) continue;
      flags.push_back({ItemFlagKind::unused_distractor, choice,
                       "choice " + std::to_string(choice + 1) + " was picked by " + percent_text(share.percent) + " (under " +
                           percent_text(kUnusedDistractor) + "): a distractor nobody believes"});
    }
  }
  return flags;
}

ItemStatistic item_statistic(const std::string& question_id, const ItemScores& scores, const QuestionKey* key) {
  ItemStatistic item;
  item.question_id = question_id;
  item.attempts = scores.scores.size();
  item.facility = 100.0 * mean_of(scores.scores);
  const double variance = variance_of(scores.scores);
  item.sd = 100.0 * std::sqrt(std::max(variance, 0.0));
  const double item_variance = variance_of(scores.scores_with_rest);
  const double rest_variance = variance_of(scores.rest_scores);
  if (scores.rest_scores.size() >= 2 && item_variance > kNoSpread && rest_variance > kNoSpread) {
    double covariance = covariance_of(scores.scores_with_rest, scores.rest_scores);
    if (std::abs(covariance) <= kNoSpread) covariance = 0.0;  // rounding must not read as negative
    item.discrimination = 100.0 * covariance / std::sqrt(item_variance * rest_variance);
    std::vector<double> sorted_scores = scores.scores_with_rest, sorted_rest = scores.rest_scores;
    std::sort(sorted_scores.begin(), sorted_scores.end());
    std::sort(sorted_rest.begin(), sorted_rest.end());
    const double most = covariance_of(sorted_scores, sorted_rest);
    if (most > kNoSpread) item.efficiency = 100.0 * covariance / most;
  }
  item.unanswered = scores.unanswered;
  if (key) {
    item.choices.resize(key->choice_count);
    for (std::size_t choice = 0; choice < key->choice_count; ++choice) {
      ChoiceShare& share = item.choices[choice];
      const auto picked = scores.picked.find(choice);
      share.picked = picked == scores.picked.end() ? 0 : picked->second;
      share.percent = item.attempts == 0 ? 0.0 : 100.0 * static_cast<double>(share.picked) / static_cast<double>(item.attempts);
      share.correct = std::find(key->correct.begin(), key->correct.end(), choice) != key->correct.end();
    }
  }
  item.flags = flags_of(item, key);
  return item;
}

ExamStatistic exam_statistic(const std::string& exam, const std::vector<const ScoredAttempt*>& attempts) {
  ExamStatistic statistic;
  statistic.exam = exam;
  statistic.attempts = attempts.size();
  std::vector<double> shares;  // each attempt's total as a share of its paper
  std::map<std::size_t, std::size_t> lengths;
  std::set<std::vector<std::string>> papers;
  for (const ScoredAttempt* attempt : attempts) {
    std::size_t right = 0;
    std::vector<std::string> paper;
    for (const ItemResponse& item : attempt->items) {
      right += item.correct ? 1 : 0;
      paper.push_back(item.question_id);
    }
    shares.push_back(attempt->items.empty() ? 0.0 : static_cast<double>(right) / static_cast<double>(attempt->items.size()));
    ++lengths[attempt->items.size()];
    std::sort(paper.begin(), paper.end());
    papers.insert(std::move(paper));
  }
  std::size_t most_common = 0;
  for (const auto& [length, count] : lengths) {
    if (count > most_common) std::tie(statistic.items, most_common) = std::pair(length, count);
  }
  statistic.mean = 100.0 * mean_of(shares);
  statistic.sd = 100.0 * std::sqrt(std::max(variance_of(shares), 0.0));
  // Internal consistency needs one paper: every attempt held the same questions.
  if (papers.size() != 1 || attempts.size() < 2 || statistic.items < 2) return statistic;
  const std::vector<std::string>& paper = *papers.begin();
  std::map<std::string, std::vector<double>, std::less<>> by_question;
  std::vector<double> totals;
  for (const ScoredAttempt* attempt : attempts) {
    double total = 0.0;
    for (const ItemResponse& item : attempt->items) {
      by_question[item.question_id].push_back(item.correct ? 1.0 : 0.0);
      total += item.correct ? 1.0 : 0.0;
    }
    totals.push_back(total);
  }
  const double total_variance = variance_of(totals);
  if (total_variance <= kNoSpread) return statistic;
  double item_variances = 0.0;
  for (const auto& [question, scores] : by_question) item_variances += variance_of(scores);
  const double count = static_cast<double>(paper.size());
  const double alpha = count / (count - 1.0) * (1.0 - item_variances / total_variance);
  statistic.alpha = 100.0 * alpha;
  statistic.error_ratio = 100.0 * std::sqrt(std::max(1.0 - alpha, 0.0));
  statistic.standard_error = *statistic.error_ratio / 100.0 * statistic.sd;
  return statistic;
}

}  // namespace

std::string_view to_string(ItemFlagKind kind) {
  switch (kind) {
    case ItemFlagKind::hard: return "hard";
    case ItemFlagKind::easy: return "easy";
    case ItemFlagKind::negative_discrimination: return "negative_discrimination";
    case ItemFlagKind::weak_discrimination: return "weak_discrimination";
    case ItemFlagKind::unused_distractor: return "unused_distractor";
  }
  return "unknown";
}

std::vector<const ScoredAttempt*> select_attempts(std::span<const ScoredAttempt> attempts, AttemptSelection selection) {
  std::vector<const ScoredAttempt*> ordered;
  ordered.reserve(attempts.size());
  for (const ScoredAttempt& attempt : attempts) ordered.push_back(&attempt);
  std::sort(ordered.begin(), ordered.end(),
            [](const ScoredAttempt* a, const ScoredAttempt* b) { return std::tie(a->submitted_at_ms, a->id) < std::tie(b->submitted_at_ms, b->id); });
  if (selection == AttemptSelection::all) return ordered;
  std::set<std::pair<std::string_view, std::string_view>> seen;
  std::vector<const ScoredAttempt*> first;
  for (const ScoredAttempt* attempt : ordered) {
    if (seen.insert({attempt->student, attempt->exam}).second) first.push_back(attempt);
  }
  return first;
}

ItemStatistics compute_item_statistics(std::span<const ScoredAttempt> attempts, AttemptSelection selection,
                                       const std::map<std::string, QuestionKey, std::less<>>& keys) {
  const std::vector<const ScoredAttempt*> selected = select_attempts(attempts, selection);
  ItemStatistics result;
  result.attempts = selected.size();
  std::set<std::string_view> students;
  std::map<std::string, ItemScores, std::less<>> by_question;
  std::map<std::string, std::vector<const ScoredAttempt*>, std::less<>> by_exam;
  for (const ScoredAttempt* attempt : selected) {
    students.insert(attempt->student);
    by_exam[attempt->exam].push_back(attempt);
    std::size_t right = 0;
    for (const ItemResponse& item : attempt->items) right += item.correct ? 1 : 0;
    const std::size_t length = attempt->items.size();
    for (const ItemResponse& item : attempt->items) {
      ItemScores& scores = by_question[item.question_id];
      const double score = item.correct ? 1.0 : 0.0;
      scores.scores.push_back(score);
      if (length > 1) {
        scores.scores_with_rest.push_back(score);
        scores.rest_scores.push_back((static_cast<double>(right) - score) / static_cast<double>(length - 1));
      }
      if (item.chosen.empty()) ++scores.unanswered;
      for (std::size_t choice : item.chosen) ++scores.picked[choice];
    }
  }
  result.students = students.size();
  for (const auto& [question, scores] : by_question) {
    const auto key = keys.find(question);
    result.items.push_back(item_statistic(question, scores, key == keys.end() ? nullptr : &key->second));
  }
  for (const auto& [exam, exam_attempts] : by_exam) result.exams.push_back(exam_statistic(exam, exam_attempts));
  return result;
}

}  // namespace umuhanda
