// Drawing a mock exam: from a blueprint (quotas per topic, the rest from anywhere, shuffled with
// the injected RandomSource) or from a fixed exam set. The result is what ExamSession starts from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "umuhanda/clock.hpp"
#include "umuhanda/expected.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

// The questions of one exam and the rules it is marked by.
struct ExamPaper {
  std::string pack_id;
  std::string blueprint_id;
  std::optional<std::string> exam_set_id;
  std::vector<std::string> question_ids;  // in the order the student sees them
  std::int64_t time_limit_ms = 0;
  int pass_mark = 0;  // questions right needed to pass

  bool operator==(const ExamPaper&) const = default;
};

// Every quota first (without replacement, a topic's questions each at most once), then the
// rest of question_count from all questions not drawn yet, whatever their topic; then the whole
// paper is shuffled so quota topics do not come in blocks. Fails, naming the blueprint field,
// when the pack cannot fill a quota or the figures do not add up.
Expected<ExamPaper> draw_exam(const Pack& pack, const ExamBlueprint& blueprint, RandomSource& random);

// A fixed exam: the set's questions in the set's order, timed and marked by its blueprint (or the
// pack's first one when the set names none).
Expected<ExamPaper> exam_from_set(const Pack& pack, const ExamSet& set);

}  // namespace umuhanda
