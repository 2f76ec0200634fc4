// QuestionView: one question drawn the same way wherever it appears (practice, mock exam, exam
// review, a sign's related questions): the sign or picture above the prompt, then the choices as
// full-width rows (letter, optional picture, text), or as a grid when every choice is a picture.
// The screen decides what a tap means; the view only reports it.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "app/screen.hpp"

namespace umuhanda {

struct QuestionLook {
  std::vector<std::size_t> selected;  // choices the student picked
  bool reveal = false;                // colour the right choice(s) green and a wrong pick red
  bool enabled = true;                // false: taps do nothing (answered, or exam over)
};

// Draws the question; returns the choice tapped this frame, if any. Tap targets: "choice.<i>";
// the prompt picture is recorded as "picture.prompt".
std::optional<std::size_t> draw_question(AppContext& ctx, const Question& question, const QuestionLook& look, float width);

// "✓ Right" / "✗ Wrong: the answer is B", then the explanation.
void draw_feedback(AppContext& ctx, const Question& question, bool right, float width);

// 1-6 or A-F pressed this frame: the choice index, if the question has that many choices.
std::optional<std::size_t> choice_key_pressed(std::size_t choice_count);
// Enter (or keypad Enter) pressed this frame.
bool confirm_key_pressed();

// Starts decoding the question's pictures (the next question, while the student reads this one).
void prefetch_pictures(AppContext& ctx, const Question& question);

// The question's pictures and whether each is decoded, for the test hook.
nlohmann::json question_pictures_state(AppContext& ctx, const Question& question);

}  // namespace umuhanda
