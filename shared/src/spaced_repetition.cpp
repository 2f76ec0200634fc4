// Leitner boxes and the practice queue; the scheme is described in spaced_repetition.hpp.
#include "umuhanda/spaced_repetition.hpp"

#include <algorithm>

namespace umuhanda {

std::int64_t leitner_interval_ms(int box) {
  const int clamped = std::clamp(box, 1, kLeitnerBoxCount);
  return kLeitnerIntervalsMs[static_cast<std::size_t>(clamped - 1)];
}

// [SECTION] Leitner boxes

LeitnerBoxes LeitnerBoxes::from_log(const ProgressLog& log, std::string pack_id) {
  std::vector<const AnswerRecord*> answers;
  for (const AnswerRecord* answer : log.answers()) {
    if (answer->pack_id == pack_id) answers.push_back(answer);
  }
  // Logs merged from several devices are not in time order; the stable sort keeps log order
  // for answers given in the same millisecond.
  std::stable_sort(answers.begin(), answers.end(),
                   [](const AnswerRecord* a, const AnswerRecord* b) { return a->answered_at_ms < b->answered_at_ms; });
  LeitnerBoxes boxes(std::move(pack_id));
  for (const AnswerRecord* answer : answers) boxes.record(*answer);
  return boxes;
}

void LeitnerBoxes::record(const AnswerRecord& answer) {
  if (answer.pack_id != m_pack_id) return;
  QuestionProgress& progress = m_questions[answer.question_id];
  progress.box = answer.correct ? std::min(progress.box + 1, kLeitnerBoxCount) : 1;
  progress.last_answered_at_ms = answer.answered_at_ms;
  progress.last_correct = answer.correct;
  ++progress.answers;
  if (answer.correct) ++progress.right_answers;
}

const QuestionProgress* LeitnerBoxes::find(std::string_view question_id) const {
  auto it = m_questions.find(question_id);
  return it == m_questions.end() ? nullptr : &it->second;
}

// [SECTION] Practice queue

PracticeQueue::PracticeQueue(const Pack& pack, PracticeScope scope, LeitnerBoxes boxes, std::size_t reask_after)
    : m_mode(scope.mode), m_boxes(std::move(boxes)), m_reask_after(reask_after) {
  for (const Question& question : pack.questions) {
    if (scope.topic.empty() || question.topic == scope.topic) m_question_ids.push_back(question.id);
  }
}

bool PracticeQueue::is_pending(const std::string& question_id) const {
  return std::any_of(m_pending.begin(), m_pending.end(), [&](const PendingReask& p) { return p.question_id == question_id; });
}

std::optional<std::string> PracticeQueue::next(std::int64_t now_ms) const {
  for (const PendingReask& pending : m_pending) {
    if (m_answered - pending.wrong_at >= m_reask_after) return pending.question_id;
  }

  // The in-scope question, not waiting for a re-ask, with the smallest key (a time); ties go to
  // pack order. A key of nullopt leaves the question out.
  auto smallest = [&](auto key_of) -> std::optional<std::string> {
    std::optional<std::string> best;
    std::optional<std::int64_t> best_key;
    for (const std::string& id : m_question_ids) {
      if (is_pending(id)) continue;
      std::optional<std::int64_t> key = key_of(id, m_boxes.find(id));
      if (key && (!best_key || *key < *best_key)) {
        best = id;
        best_key = key;
      }
    }
    return best;
  };
  auto first_unseen = [&](const std::string&, const QuestionProgress* progress) -> std::optional<std::int64_t> {
    if (progress) return std::nullopt;
    return 0;
  };

  std::optional<std::string> pick;
  switch (m_mode) {
    case PracticeMode::topic:
      pick = smallest([&](const std::string&, const QuestionProgress* progress) -> std::optional<std::int64_t> {
        if (!progress || !progress->is_due(now_ms)) return std::nullopt;
        return progress->due_at_ms();  // the longest overdue first
      });
      if (!pick) pick = smallest(first_unseen);
      if (!pick) {
        pick = smallest([&](const std::string& id, const QuestionProgress* progress) -> std::optional<std::int64_t> {
          if (!progress || m_asked_in_session.count(id) != 0) return std::nullopt;
          return progress->last_answered_at_ms;
        });
      }
      break;
    case PracticeMode::mistakes:
      pick = smallest([&](const std::string&, const QuestionProgress* progress) -> std::optional<std::int64_t> {
        if (!progress || !progress->is_mistake()) return std::nullopt;
        return progress->last_answered_at_ms;
      });
      break;
    case PracticeMode::unseen: pick = smallest(first_unseen); break;
  }
  if (pick) return pick;
  if (!m_pending.empty()) return m_pending.front().question_id;
  if (m_mode == PracticeMode::topic) {
    // Everything in scope was asked in this session: go round again, the least recently seen first.
    return smallest([&](const std::string&, const QuestionProgress* progress) -> std::optional<std::int64_t> {
      if (!progress) return std::nullopt;
      return progress->last_answered_at_ms;
    });
  }
  return std::nullopt;
}

void PracticeQueue::record(const AnswerRecord& answer) {
  if (answer.pack_id != m_boxes.pack_id()) return;
  m_boxes.record(answer);
  ++m_answered;
  m_asked_in_session.insert(answer.question_id);
  std::erase_if(m_pending, [&](const PendingReask& p) { return p.question_id == answer.question_id; });
  const bool in_scope = std::find(m_question_ids.begin(), m_question_ids.end(), answer.question_id) != m_question_ids.end();
  if (!answer.correct && in_scope) m_pending.push_back({answer.question_id, m_answered});
}

}  // namespace umuhanda
