// Drawing exam papers from blueprints and exam sets.
#include "umuhanda/question_selection.hpp"

#include <algorithm>
#include <set>

namespace umuhanda {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

}  // namespace

Expected<ExamPaper> draw_exam(const Pack& pack, const ExamBlueprint& blueprint, RandomSource& random) {
  const std::string path = "exam_blueprints." + blueprint.id;
  Diagnostics errors;
  const int available = static_cast<int>(pack.questions.size());
  if (blueprint.question_count < 1 || blueprint.question_count > available) {
    errors.push_back(error(path + ".question_count", "asks for " + std::to_string(blueprint.question_count) +
                                                         " questions, the pack has " + std::to_string(available)));
  }
  if (blueprint.time_limit_minutes < 1) errors.push_back(error(path + ".time_limit_minutes", "must be 1 or more"));
  if (blueprint.pass_mark < 1 || blueprint.pass_mark > blueprint.question_count) {
    errors.push_back(error(path + ".pass_mark", "is " + std::to_string(blueprint.pass_mark) + ": it must be between 1 and question_count"));
  }

  std::vector<std::size_t> drawn;  // indexes into pack.questions
  std::vector<bool> taken(pack.questions.size(), false);
  int quota_total = 0;
  for (std::size_t q = 0; q < blueprint.quotas.size(); ++q) {
    const TopicQuota& quota = blueprint.quotas[q];
    const std::string quota_path = path + ".quotas[" + std::to_string(q) + "]";
    quota_total += std::max(quota.count, 0);
    if (quota.count < 1) {
      errors.push_back(error(quota_path + ".count", "must be 1 or more"));
      continue;
    }
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < pack.questions.size(); ++i) {
      if (!taken[i] && pack.questions[i].topic == quota.topic) candidates.push_back(i);
    }
    if (static_cast<int>(candidates.size()) < quota.count) {
      const bool known = pack.find_topic(quota.topic) != nullptr;
      errors.push_back(error(quota_path, "asks for " + std::to_string(quota.count) + " questions of " + (known ? "topic " : "unknown topic ") +
                                             quoted(quota.topic) + ", the pack has " + std::to_string(candidates.size())));
      continue;
    }
    for (int k = 0; k < quota.count; ++k) {
      const std::size_t pick = random.uniform_index(candidates.size());
      drawn.push_back(candidates[pick]);
      taken[candidates[pick]] = true;
      candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(pick));
    }
  }
  if (quota_total > blueprint.question_count) {
    errors.push_back(error(path + ".quotas", "add up to " + std::to_string(quota_total) + " questions, more than question_count (" +
                                                 std::to_string(blueprint.question_count) + ")"));
  }
  if (!errors.empty()) return errors;

  std::vector<std::size_t> rest;
  for (std::size_t i = 0; i < pack.questions.size(); ++i) {
    if (!taken[i]) rest.push_back(i);
  }
  const auto missing = static_cast<std::size_t>(blueprint.question_count) - drawn.size();
  for (std::size_t k = 0; k < missing; ++k) {
    const std::size_t pick = random.uniform_index(rest.size());
    drawn.push_back(rest[pick]);
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(pick));
  }
  random.shuffle(drawn);

  ExamPaper paper;
  paper.pack_id = pack.id;
  paper.blueprint_id = blueprint.id;
  for (std::size_t index : drawn) paper.question_ids.push_back(pack.questions[index].id);
  paper.time_limit_ms = blueprint.time_limit_minutes * kMinuteMs;
  paper.pass_mark = blueprint.pass_mark;
  return paper;
}

Expected<ExamPaper> exam_from_set(const Pack& pack, const ExamSet& set) {
  const std::string path = "exam_sets." + set.id;
  const ExamBlueprint* blueprint = nullptr;
  if (set.blueprint.empty()) {
    if (!pack.blueprints.empty()) blueprint = &pack.blueprints.front();
  } else {
    auto it = std::find_if(pack.blueprints.begin(), pack.blueprints.end(), [&](const ExamBlueprint& b) { return b.id == set.blueprint; });
    if (it != pack.blueprints.end()) blueprint = &*it;
  }
  Diagnostics errors;
  if (!blueprint) {
    errors.push_back(error(path + ".blueprint", set.blueprint.empty() ? "names no blueprint and the pack has none to give a time limit and pass mark"
                                                                       : "refers to blueprint " + quoted(set.blueprint) + ", which the pack does not define"));
  }
  if (set.questions.empty()) errors.push_back(error(path + ".questions", "is empty"));
  std::set<std::string> seen;
  for (std::size_t i = 0; i < set.questions.size(); ++i) {
    const std::string& id = set.questions[i];
    const std::string at = path + ".questions[" + std::to_string(i) + "]";
    if (!pack.find_question(id)) errors.push_back(error(at, "refers to question " + quoted(id) + ", which the pack does not define"));
    else if (!seen.insert(id).second) errors.push_back(error(at, "repeats question " + quoted(id)));
  }
  if (blueprint) {
    if (blueprint->time_limit_minutes < 1) errors.push_back(error(path + ".blueprint", "has no time limit"));
    // The blueprint's pass mark applies as it stands; a set too short to reach it could never be passed.
    if (blueprint->pass_mark < 1 || blueprint->pass_mark > static_cast<int>(set.questions.size())) {
      errors.push_back(error(path + ".questions", "has " + std::to_string(set.questions.size()) + " questions, the pass mark of blueprint " +
                                                      quoted(blueprint->id) + " is " + std::to_string(blueprint->pass_mark)));
    }
  }
  if (!errors.empty()) return errors;

  ExamPaper paper;
  paper.pack_id = pack.id;
  paper.blueprint_id = blueprint->id;
  paper.exam_set_id = set.id;
  paper.question_ids = set.questions;
  paper.time_limit_ms = blueprint->time_limit_minutes * kMinuteMs;
  paper.pass_mark = blueprint->pass_mark;
  return paper;
}

}  // namespace umuhanda
