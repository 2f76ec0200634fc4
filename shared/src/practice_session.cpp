// PracticeSession implementation.
#include "umuhanda/practice_session.hpp"

#include <cassert>

namespace umuhanda {

PracticeSession::PracticeSession(Pack pack) : m_pack(std::move(pack)) {
  assert(!m_pack.questions.empty() && "a practice session needs a validated pack with at least one question");
}

bool PracticeSession::answer(std::size_t choice) {
  if (answered() || choice >= current().choices.size()) return false;
  m_selected = choice;
  ++m_answered_count;
  if (current().is_correct(choice)) ++m_right_count;
  return true;
}

std::optional<AnswerOutcome> PracticeSession::outcome() const {
  if (!m_selected) return std::nullopt;
  return current().is_correct(*m_selected) ? AnswerOutcome::right : AnswerOutcome::wrong;
}

bool PracticeSession::next() {
  if (!answered()) return false;
  m_position = (m_position + 1) % m_pack.questions.size();
  m_selected.reset();
  return true;
}

}  // namespace umuhanda
