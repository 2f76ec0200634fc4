// PracticeSession: one question at a time from a pack, answer, feedback, next. Pure logic: the
// client draws it and feeds it input, tests drive it directly.
#pragma once

#include <cstddef>
#include <optional>

#include "umuhanda/pack.hpp"

namespace umuhanda {

enum class AnswerOutcome { right, wrong };

class PracticeSession {
public:
  explicit PracticeSession(Pack pack);

  const Pack& pack() const { return m_pack; }
  std::size_t position() const { return m_position; }  // index of the current question in the pack
  const Question& current() const { return m_pack.questions[m_position]; }

  // Records the choice for the current question; ignored once answered or when out of range.
  // Returns whether it was taken.
  bool answer(std::size_t choice);
  bool answered() const { return m_selected.has_value(); }
  std::optional<std::size_t> selected() const { return m_selected; }
  std::optional<AnswerOutcome> outcome() const;

  // Moves to the next question (wrapping to the first), only once the current one is answered.
  bool next();

  std::size_t answered_count() const { return m_answered_count; }
  std::size_t right_count() const { return m_right_count; }

private:
  Pack m_pack;
  std::size_t m_position = 0;
  std::optional<std::size_t> m_selected;
  std::size_t m_answered_count = 0;
  std::size_t m_right_count = 0;
};

}  // namespace umuhanda
