// Charts of a student's statistics (statistics.hpp), drawn at the cursor: the mock exam scores
// against the pass mark, and a topic's recent accuracy as a bar. The progress screen shows the
// student's own; the class student screen shows them to their instructor.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "umuhanda/pack.hpp"
#include "umuhanda/statistics.hpp"

namespace umuhanda {

// Scores of `exams` (oldest first, at least one) against the question count: y from 0 to the
// largest question count, a dashed pass line labelled with the latest exam's pass mark, one point
// per attempt (filled when passed, a ring when failed), joined in order; the attempts' numbers
// (from `first_number`) under the first and last; a legend below. `width` CSS px wide.
void draw_score_chart(const std::vector<ExamScore>& exams, std::size_t first_number, float width, const std::string& l);

// The pack's first blueprint's pass ratio (pass mark / question count), or -1 without one: the
// mark topic_row draws on its bar.
float pass_ratio(const Pack* pack);

// `name` and the share right of `recent` on a line, a bar with `goal` (0..1, or < 0: none) marked
// on it, and `subtitle` below, muted.
void accuracy_row(const Accuracy& recent, const std::string& name, float goal, const std::string& subtitle, float width, const std::string& l);
// A topic's accuracy_row, with "seen of total, mastered" below.
void topic_row(const TopicStatistics& topic, const std::string& name, float goal, float width, const std::string& l);

}  // namespace umuhanda
