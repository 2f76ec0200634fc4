// Statistics from the progress log; the readiness rule is described in statistics.hpp.
#include "umuhanda/statistics.hpp"

#include <algorithm>
#include <map>

#include "umuhanda/spaced_repetition.hpp"

namespace umuhanda {

Statistics compute_statistics(const ProgressLog& log, const Pack& pack, std::size_t recent_per_topic) {
  Statistics stats;

  std::vector<const Topic*> topics;
  for (const Topic& topic : pack.topics) topics.push_back(&topic);
  std::stable_sort(topics.begin(), topics.end(), [](const Topic* a, const Topic* b) { return a->order < b->order; });
  std::map<std::string, std::size_t, std::less<>> topic_index;
  for (const Topic* topic : topics) {
    topic_index.emplace(topic->id, stats.topics.size());
    stats.topics.push_back(TopicStatistics{topic->id, {}, 0, 0, 0});
  }
  auto topic_of = [&](std::string_view question_id) -> TopicStatistics* {
    const Question* question = pack.find_question(question_id);
    if (!question) return nullptr;
    auto it = topic_index.find(question->topic);
    return it == topic_index.end() ? nullptr : &stats.topics[it->second];
  };

  for (const Question& question : pack.questions) {
    if (TopicStatistics* topic = topic_of(question.id)) ++topic->total;
  }
  const LeitnerBoxes boxes = LeitnerBoxes::from_log(log, pack.id);
  for (const auto& [question_id, progress] : boxes.questions()) {
    TopicStatistics* topic = topic_of(question_id);
    if (!topic) continue;
    ++topic->seen;
    if (progress.is_mastered()) ++topic->mastered;
  }

  // Newest first, so each topic's window fills with its most recent answers.
  std::vector<const AnswerRecord*> answers;
  for (const AnswerRecord* answer : log.answers()) {
    if (answer->pack_id == pack.id) answers.push_back(answer);
  }
  std::stable_sort(answers.begin(), answers.end(),
                   [](const AnswerRecord* a, const AnswerRecord* b) { return a->answered_at_ms > b->answered_at_ms; });
  for (const AnswerRecord* answer : answers) {
    TopicStatistics* topic = topic_of(answer->question_id);
    if (!topic || topic->recent.answered >= recent_per_topic) continue;
    ++topic->recent.answered;
    if (answer->correct) ++topic->recent.right;
  }

  for (const TopicStatistics& topic : stats.topics) {
    stats.recent.answered += topic.recent.answered;
    stats.recent.right += topic.recent.right;
    stats.seen += topic.seen;
    stats.mastered += topic.mastered;
    stats.total += topic.total;
  }

  for (const ExamAttemptRecord* attempt : log.exam_attempts()) {
    if (attempt->pack_id != pack.id) continue;
    stats.exams.push_back(ExamScore{attempt->id, attempt->blueprint_id, attempt->started_at_ms, attempt->submitted_at_ms, attempt->score,
                                    attempt->question_count, attempt->pass_mark, attempt->passed});
  }
  std::stable_sort(stats.exams.begin(), stats.exams.end(), [](const ExamScore& a, const ExamScore& b) {
    return a.submitted_at_ms != b.submitted_at_ms ? a.submitted_at_ms < b.submitted_at_ms : a.started_at_ms < b.started_at_ms;
  });

  Readiness& readiness = stats.readiness;
  readiness.recent = stats.recent;
  const std::size_t last = std::min(kReadinessExamCount, stats.exams.size());
  readiness.last_exams.assign(stats.exams.end() - static_cast<std::ptrdiff_t>(last), stats.exams.end());
  bool ready = readiness.last_exams.size() == kReadinessExamCount && readiness.recent.answered > 0;
  for (const ExamScore& exam : readiness.last_exams) {
    // recent.right / recent.answered >= pass_mark / question_count, in integers to avoid rounding.
    const auto needed = static_cast<std::uint64_t>(std::max(exam.pass_mark, 0)) * readiness.recent.answered;
    const auto have = static_cast<std::uint64_t>(std::max(exam.question_count, 1)) * readiness.recent.right;
    ready = ready && exam.passed && have >= needed;
  }
  readiness.ready = ready;
  return stats;
}

std::vector<Mistake> current_mistakes(const ProgressLog& log, std::string_view pack_id) {
  struct Seen {
    Mistake figures;
    bool last_right = false;
  };
  std::map<std::string, Seen, std::less<>> by_question;
  for (const AnswerRecord* answer : log.answers()) {
    if (answer->pack_id != pack_id) continue;
    Seen& seen = by_question[answer->question_id];
    seen.figures.question_id = answer->question_id;
    ++seen.figures.answered;
    if (!answer->correct) ++seen.figures.wrong;
    // The log is in the order records arrived, not the order they were made (two devices): the
    // latest by time decides, the later in the log among equals.
    if (seen.figures.answered == 1 || answer->answered_at_ms >= seen.figures.last_answered_at_ms) {
      seen.figures.last_answered_at_ms = answer->answered_at_ms;
      seen.last_right = answer->correct;
    }
  }
  std::vector<Mistake> mistakes;
  for (auto& [question_id, seen] : by_question) {
    if (!seen.last_right) mistakes.push_back(std::move(seen.figures));
  }
  std::stable_sort(mistakes.begin(), mistakes.end(), [](const Mistake& a, const Mistake& b) {
    return a.last_answered_at_ms != b.last_answered_at_ms ? a.last_answered_at_ms > b.last_answered_at_ms : a.question_id < b.question_id;
  });
  return mistakes;
}

}  // namespace umuhanda
