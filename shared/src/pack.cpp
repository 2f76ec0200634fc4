// Small lookups on the content model.
#include "umuhanda/pack.hpp"

#include <algorithm>
#include <set>

namespace umuhanda {

std::string_view to_string(SignCategory category) { return kSignCategoryNames[static_cast<std::size_t>(category)]; }

std::optional<SignCategory> sign_category_from(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kSignCategoryNames); ++i) {
    if (kSignCategoryNames[i] == name) return static_cast<SignCategory>(i);
  }
  return std::nullopt;
}

bool Question::is_correct(std::size_t choice) const { return std::find(correct.begin(), correct.end(), choice) != correct.end(); }

namespace {
template <class T, class Key>
const T* find_by(const std::vector<T>& items, Key key, std::string_view wanted) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.*key == wanted; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

const Topic* Pack::find_topic(std::string_view wanted) const { return find_by(topics, &Topic::id, wanted); }
const Sign* Pack::find_sign(std::string_view wanted) const { return find_by(signs, &Sign::id, wanted); }
const Question* Pack::find_question(std::string_view wanted) const { return find_by(questions, &Question::id, wanted); }
const MediaItem* Pack::find_media(std::string_view wanted) const { return find_by(media, &MediaItem::path, wanted); }

std::vector<std::string> referenced_media_paths(const Pack& pack) {
  std::vector<std::string> paths;
  std::set<std::string> seen;
  auto add = [&](const std::string& path) {
    if (!path.empty() && seen.insert(path).second) paths.push_back(path);
  };
  for (const auto& sign : pack.signs) {
    add(sign.image);
    add(sign.thumbnail);
  }
  for (const auto& question : pack.questions) {
    add(question.image);
    for (const auto& choice : question.choices) add(choice.image);
  }
  for (const auto& lesson : pack.lessons)
    for (const auto& image : lesson.images) add(image);
  return paths;
}

Pack free_sample(const Pack& pack) {
  if (!pack.access.restricted) return pack;
  Pack sample = pack;
  const std::set<std::string> free_sets(pack.access.free_exam_sets.begin(), pack.access.free_exam_sets.end());
  std::set<std::string> free_questions(pack.access.free_questions.begin(), pack.access.free_questions.end());
  sample.exam_sets.clear();
  for (const ExamSet& set : pack.exam_sets) {
    if (!free_sets.count(set.id)) continue;
    sample.exam_sets.push_back(set);
    free_questions.insert(set.questions.begin(), set.questions.end());
  }
  sample.questions.clear();
  for (const Question& question : pack.questions) {
    if (free_questions.count(question.id)) sample.questions.push_back(question);
  }
  const std::vector<std::string> used = referenced_media_paths(sample);
  const std::set<std::string> kept(used.begin(), used.end());
  sample.media.clear();
  for (const MediaItem& item : pack.media) {
    if (kept.count(item.path)) sample.media.push_back(item);
  }
  return sample;
}

Pack exam_paper_pack(const Pack& pack, const std::vector<std::string>& question_ids) {
  Pack paper = pack;
  paper.questions.clear();
  paper.lessons.clear();
  paper.blueprints.clear();
  paper.exam_sets.clear();
  paper.access = PackAccess{};
  std::set<std::string> signs;
  for (const std::string& id : question_ids) {
    const Question* question = pack.find_question(id);
    if (!question) continue;
    paper.questions.push_back(*question);
    if (!question->sign.empty()) signs.insert(question->sign);
    for (const Choice& choice : question->choices) {
      if (!choice.sign.empty()) signs.insert(choice.sign);
    }
  }
  paper.signs.clear();
  for (const Sign& sign : pack.signs) {
    if (signs.count(sign.id)) paper.signs.push_back(sign);
  }
  const std::vector<std::string> used = referenced_media_paths(paper);
  const std::set<std::string> kept(used.begin(), used.end());
  paper.media.clear();
  for (const MediaItem& item : pack.media) {
    if (kept.count(item.path)) paper.media.push_back(item);
  }
  return paper;
}

}  // namespace umuhanda
