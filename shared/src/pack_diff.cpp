// diff_packs(): two versions of a pack compared item by item, every changed field named as
// pack.json names it (see pack_json.cpp for the names and their order).
#include "umuhanda/pack_diff.hpp"

#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace umuhanda {
namespace {

using FieldNames = std::vector<std::string>;

template <typename T>
void compare_value(FieldNames& fields, std::string_view name, const T& from, const T& to) {
  if (from != to) fields.emplace_back(name);
}

// One entry per language whose text was added, removed or edited, in language-code order.
void compare_text(FieldNames& fields, std::string_view name, const LocalizedText& from, const LocalizedText& to) {
  auto old_text = from.by_language.begin();
  auto new_text = to.by_language.begin();
  const auto report = [&](const std::string& language) { fields.push_back(std::string(name) + "." + language); };
  while (old_text != from.by_language.end() || new_text != to.by_language.end()) {
    if (new_text == to.by_language.end() || (old_text != from.by_language.end() && old_text->first < new_text->first)) {
      report(old_text->first);
      ++old_text;
    } else if (old_text == from.by_language.end() || new_text->first < old_text->first) {
      report(new_text->first);
      ++new_text;
    } else {
      if (old_text->second != new_text->second) report(old_text->first);
      ++old_text;
      ++new_text;
    }
  }
}

// The choices of `to` marked correct, compared with the choices at the same places in `from`.
bool correct_choices_show_something_else(const Question& from, const Question& to) {
  for (std::size_t index : to.correct) {
    if (index >= from.choices.size() || index >= to.choices.size()) return true;
    if (from.choices[index] != to.choices[index]) return true;
  }
  return false;
}

QuestionChange compare_questions(const Question& from, const Question& to) {
  QuestionChange change;
  FieldNames& fields = change.fields;
  compare_value(fields, "topic", from.topic, to.topic);
  compare_text(fields, "prompt", from.prompt, to.prompt);
  compare_value(fields, "sign", from.sign, to.sign);
  compare_value(fields, "image", from.image, to.image);
  // With a choice added or removed, the choices after it move: comparing them by index would name
  // every one of them, so the count is the one change reported.
  if (from.choices.size() != to.choices.size()) {
    fields.emplace_back("choices");
  } else {
    for (std::size_t index = 0; index < to.choices.size(); ++index) {
      const std::string prefix = "choices[" + std::to_string(index) + "]";
      compare_text(fields, prefix + ".text", from.choices[index].text, to.choices[index].text);
      compare_value(fields, prefix + ".sign", from.choices[index].sign, to.choices[index].sign);
      compare_value(fields, prefix + ".image", from.choices[index].image, to.choices[index].image);
    }
  }
  compare_value(fields, "multiple_answers", from.multiple_answers, to.multiple_answers);
  compare_value(fields, "correct", from.correct, to.correct);
  compare_text(fields, "explanation", from.explanation, to.explanation);
  compare_value(fields, "difficulty", from.difficulty, to.difficulty);
  compare_value(fields, "tags", from.tags, to.tags);
  change.answer_key_changed =
      from.correct != to.correct || from.multiple_answers != to.multiple_answers || correct_choices_show_something_else(from, to);
  return change;
}

ItemChange compare_topics(const Topic& from, const Topic& to) {
  ItemChange change;
  compare_text(change.fields, "name", from.name, to.name);
  compare_value(change.fields, "order", from.order, to.order);
  return change;
}

ItemChange compare_signs(const Sign& from, const Sign& to) {
  ItemChange change;
  compare_value(change.fields, "code", from.code, to.code);
  compare_value(change.fields, "category", from.category, to.category);
  compare_text(change.fields, "name", from.name, to.name);
  compare_text(change.fields, "meaning", from.meaning, to.meaning);
  compare_value(change.fields, "image", from.image, to.image);
  compare_value(change.fields, "thumbnail", from.thumbnail, to.thumbnail);
  return change;
}

ItemChange compare_lessons(const Lesson& from, const Lesson& to) {
  ItemChange change;
  compare_value(change.fields, "topic", from.topic, to.topic);
  compare_text(change.fields, "title", from.title, to.title);
  compare_text(change.fields, "body", from.body, to.body);
  compare_value(change.fields, "images", from.images, to.images);
  return change;
}

ItemChange compare_blueprints(const ExamBlueprint& from, const ExamBlueprint& to) {
  ItemChange change;
  compare_text(change.fields, "name", from.name, to.name);
  compare_value(change.fields, "question_count", from.question_count, to.question_count);
  compare_value(change.fields, "time_limit_minutes", from.time_limit_minutes, to.time_limit_minutes);
  compare_value(change.fields, "pass_mark", from.pass_mark, to.pass_mark);
  compare_value(change.fields, "quotas", from.quotas, to.quotas);
  return change;
}

ItemChange compare_exam_sets(const ExamSet& from, const ExamSet& to) {
  ItemChange change;
  compare_text(change.fields, "name", from.name, to.name);
  compare_value(change.fields, "blueprint", from.blueprint, to.blueprint);
  compare_value(change.fields, "questions", from.questions, to.questions);
  return change;
}

ItemChange compare_media(const MediaItem& from, const MediaItem& to) {
  ItemChange change;
  compare_value(change.fields, "sha256", from.sha256, to.sha256);
  compare_value(change.fields, "mime", from.mime, to.mime);
  compare_value(change.fields, "width", from.width, to.width);
  compare_value(change.fields, "height", from.height, to.height);
  compare_value(change.fields, "bytes", from.bytes, to.bytes);
  return change;
}

// Matches the items of the two lists by key. `compare` fills a change's fields; no field, no change.
template <typename Item, typename KeyOf, typename Compare>
auto diff_items(const std::vector<Item>& from, const std::vector<Item>& to, KeyOf key_of, Compare compare) {
  using Change = decltype(compare(from.front(), to.front()));
  std::unordered_map<std::string_view, const Item*> old_by_key;
  for (const Item& item : from) old_by_key.emplace(key_of(item), &item);  // keeps the first of a key

  ItemsDiff<Change> diff;
  std::unordered_set<std::string_view> new_keys;
  for (const Item& item : to) {
    const std::string& key = key_of(item);
    if (!new_keys.insert(key).second) continue;
    const auto old_item = old_by_key.find(key);
    if (old_item == old_by_key.end()) {
      diff.added.push_back(key);
      continue;
    }
    Change change = compare(*old_item->second, item);
    if (change.fields.empty()) continue;
    change.key = key;
    diff.changed.push_back(std::move(change));
  }
  std::unordered_set<std::string_view> old_keys;
  for (const Item& item : from) {
    const std::string& key = key_of(item);
    if (old_keys.insert(key).second && !new_keys.contains(key)) diff.removed.push_back(key);
  }
  return diff;
}

const std::string& id_of(const auto& item) { return item.id; }

FieldNames compare_pack_fields(const Pack& from, const Pack& to) {
  FieldNames fields;
  compare_value(fields, "id", from.id, to.id);
  compare_text(fields, "title", from.title, to.title);
  compare_value(fields, "languages", from.languages, to.languages);
  compare_value(fields, "access.kind", from.access.restricted, to.access.restricted);
  compare_value(fields, "access.free_sample.exam_sets", from.access.free_exam_sets, to.access.free_exam_sets);
  compare_value(fields, "access.free_sample.questions", from.access.free_questions, to.access.free_questions);
  return fields;
}

std::string join(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

template <typename Change>
void describe_items(std::string& out, std::string_view kind, const ItemsDiff<Change>& items) {
  if (items.empty()) return;
  const ItemCounts counts = items.counts();
  out += std::string(kind) + ": " + std::to_string(counts.added) + " added, " + std::to_string(counts.removed) + " removed, " +
         std::to_string(counts.changed) + " changed\n";
  for (const auto& key : items.added) out += "  + " + key + "\n";
  for (const auto& key : items.removed) out += "  - " + key + "\n";
  for (const auto& change : items.changed) {
    out += "  ~ " + change.key + ": " + join(change.fields);
    if constexpr (std::is_same_v<Change, QuestionChange>) {
      if (change.answer_key_changed) out += " [answer key changed]";
    }
    out += "\n";
  }
}

}  // namespace

bool PackDiff::empty() const {
  return pack_fields.empty() && topics.empty() && questions.empty() && signs.empty() && lessons.empty() && blueprints.empty() && exam_sets.empty() &&
         media.empty();
}

PackDiffSummary PackDiff::summary() const {
  PackDiffSummary summary;
  summary.pack_fields_changed = pack_fields.size();
  summary.topics = topics.counts();
  summary.questions = questions.counts();
  for (const auto& change : questions.changed) {
    if (change.answer_key_changed) ++summary.answer_keys_changed;
  }
  summary.signs = signs.counts();
  summary.lessons = lessons.counts();
  summary.blueprints = blueprints.counts();
  summary.exam_sets = exam_sets.counts();
  summary.media = media.counts();
  return summary;
}

PackDiff diff_packs(const Pack& from, const Pack& to) {
  PackDiff diff;
  diff.from_version = from.version;
  diff.to_version = to.version;
  diff.pack_fields = compare_pack_fields(from, to);
  diff.topics = diff_items(from.topics, to.topics, id_of<Topic>, compare_topics);
  diff.questions = diff_items(from.questions, to.questions, id_of<Question>, compare_questions);
  diff.signs = diff_items(from.signs, to.signs, id_of<Sign>, compare_signs);
  diff.lessons = diff_items(
      from.lessons, to.lessons, [](const Lesson& lesson) -> const std::string& { return lesson.slug; }, compare_lessons);
  diff.blueprints = diff_items(from.blueprints, to.blueprints, id_of<ExamBlueprint>, compare_blueprints);
  diff.exam_sets = diff_items(from.exam_sets, to.exam_sets, id_of<ExamSet>, compare_exam_sets);
  diff.media = diff_items(
      from.media, to.media, [](const MediaItem& item) -> const std::string& { return item.path; }, compare_media);
  return diff;
}

std::string describe(const PackDiff& diff) {
  std::string out;
  if (!diff.pack_fields.empty()) out += "pack: " + join(diff.pack_fields) + "\n";
  describe_items(out, "topics", diff.topics);
  describe_items(out, "questions", diff.questions);
  describe_items(out, "signs", diff.signs);
  describe_items(out, "lessons", diff.lessons);
  describe_items(out, "exam_blueprints", diff.blueprints);
  describe_items(out, "exam_sets", diff.exam_sets);
  describe_items(out, "media", diff.media);
  return out;
}

}  // namespace umuhanda
