// Reading and writing pack.json with nlohmann/json, never through its exceptions (the WASM build
// cannot catch them): every type is checked first and every problem becomes a Diagnostic.
#include "umuhanda/pack_json.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "umuhanda/json_reader.hpp"

namespace umuhanda {
namespace {

using nlohmann::json;

json to_json_value(const LocalizedText& text) {
  json object = json::object();
  for (const auto& [language, value] : text.by_language) object[language] = value;
  return object;
}

// Optional members are left out when empty, so the canonical form stays small and stable.
void put_text(json& object, const char* key, const LocalizedText& text) {
  if (!text.empty()) object[key] = to_json_value(text);
}
void put_string(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

}  // namespace

Expected<Pack> parse_pack_json(std::string_view text) {
  json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return Expected<Pack>::failure("", "is not valid JSON");

  // pack.json never writes null: a null where a value may be left out is a wrong type.
  Diagnostics errors;
  JsonReader reader(document, "", errors);
  Pack pack;
  if (!reader.expect_object()) return errors;

  pack.format = reader.integer("format");
  if (errors.empty() && pack.format != kPackFormat) {
    return Expected<Pack>::failure("format",
                                   "is " + std::to_string(pack.format) + ", this version of Umuhanda reads format " + std::to_string(kPackFormat));
  }
  pack.id = reader.string("id");
  pack.version = reader.integer("version");
  pack.title = reader.text("title");
  pack.languages = reader.strings("languages");

  reader.for_each_object("topics", Field::required, [&](JsonReader& value) {
    Topic topic;
    topic.id = value.string("id");
    topic.name = value.text("name");
    topic.order = value.integer("order", Field::optional);
    pack.topics.push_back(std::move(topic));
  });

  reader.for_each_object("questions", Field::required, [&](JsonReader& value) {
    Question question;
    question.id = value.string("id");
    question.topic = value.string("topic");
    question.prompt = value.text("prompt");
    question.sign = value.string("sign", Field::optional);
    question.image = value.string("image", Field::optional);
    value.for_each_object("choices", Field::required, [&](JsonReader& choice_value) {
      Choice choice;
      choice.text = choice_value.text("text", Field::optional);
      choice.sign = choice_value.string("sign", Field::optional);
      choice.image = choice_value.string("image", Field::optional);
      question.choices.push_back(std::move(choice));
    });
    question.multiple_answers = value.boolean("multiple_answers", Field::optional);
    // One index, or a list of them for multiple_answers.
    if (auto correct = value.find("correct")) {
      if (correct->value().is_array()) question.correct = correct->as_indexes().value_or(std::vector<std::size_t>());
      else question.correct.push_back(correct->as_index().value_or(0));
    }
    question.explanation = value.text("explanation", Field::optional);
    question.difficulty = value.integer("difficulty", Field::optional);
    question.tags = value.strings("tags", Field::optional);
    pack.questions.push_back(std::move(question));
  });

  reader.for_each_object("signs", Field::optional, [&](JsonReader& value) {
    Sign sign;
    sign.id = value.string("id");
    sign.code = value.string("code");
    std::string category = value.string("category");
    if (auto parsed = sign_category_from(category)) {
      sign.category = *parsed;
    } else if (!category.empty()) {
      std::string known;
      for (auto name : kSignCategoryNames) known += (known.empty() ? "" : ", ") + std::string(name);
      value.report("category", "\"" + category + "\" is not a sign category (" + known + ")");
    }
    sign.name = value.text("name");
    sign.meaning = value.text("meaning");
    sign.image = value.string("image");
    sign.thumbnail = value.string("thumbnail", Field::optional);
    pack.signs.push_back(std::move(sign));
  });

  reader.for_each_object("lessons", Field::optional, [&](JsonReader& value) {
    Lesson lesson;
    lesson.slug = value.string("slug");
    lesson.topic = value.string("topic");
    lesson.title = value.text("title");
    lesson.body = value.text("body");
    lesson.images = value.strings("images", Field::optional);
    pack.lessons.push_back(std::move(lesson));
  });

  reader.for_each_object("exam_blueprints", Field::optional, [&](JsonReader& value) {
    ExamBlueprint blueprint;
    blueprint.id = value.string("id");
    blueprint.name = value.text("name");
    blueprint.question_count = value.integer("question_count");
    blueprint.time_limit_minutes = value.integer("time_limit_minutes");
    blueprint.pass_mark = value.integer("pass_mark");
    value.for_each_object("quotas", Field::optional, [&](JsonReader& quota) {
      blueprint.quotas.push_back({quota.string("topic"), quota.integer("count")});
    });
    pack.blueprints.push_back(std::move(blueprint));
  });

  reader.for_each_object("exam_sets", Field::optional, [&](JsonReader& value) {
    ExamSet set;
    set.id = value.string("id");
    set.name = value.text("name");
    set.blueprint = value.string("blueprint", Field::optional);
    set.questions = value.strings("questions");
    pack.exam_sets.push_back(std::move(set));
  });

  if (auto access = reader.find("access", Field::optional)) {
    if (access->expect_object()) {
      const std::string kind = access->string("kind");
      if (kind == "restricted") pack.access.restricted = true;
      else if (kind != "public")
        access->report("kind", "is \"" + kind + "\": \"public\" (everyone) or \"restricted\" (subscribers, and a free sample for everyone)");
      if (auto sample = access->find("free_sample", Field::optional)) {
        if (sample->expect_object()) {
          pack.access.free_exam_sets = sample->strings("exam_sets", Field::optional);
          pack.access.free_questions = sample->strings("questions", Field::optional);
        }
      }
    }
  }

  reader.for_each_object("media", Field::optional, [&](JsonReader& value) {
    MediaItem media;
    media.path = value.string("path");
    media.sha256 = value.string("sha256");
    media.mime = value.string("mime");
    media.width = value.integer("width");
    media.height = value.integer("height");
    const std::int64_t bytes = value.int64("bytes");
    media.bytes = bytes > 0 ? static_cast<std::uint64_t>(bytes) : 0;
    pack.media.push_back(std::move(media));
  });

  if (!errors.empty()) return errors;
  return pack;
}

std::string to_json(const Pack& pack) {
  json document = json::object();
  document["format"] = pack.format;
  document["id"] = pack.id;
  document["version"] = pack.version;
  document["title"] = to_json_value(pack.title);
  document["languages"] = pack.languages;

  json topics = json::array();
  for (const auto& topic : pack.topics) topics.push_back({{"id", topic.id}, {"name", to_json_value(topic.name)}, {"order", topic.order}});
  document["topics"] = std::move(topics);

  json questions = json::array();
  for (const auto& question : pack.questions) {
    json choices = json::array();
    for (const auto& choice : question.choices) {
      json value = json::object();
      put_text(value, "text", choice.text);
      put_string(value, "sign", choice.sign);
      put_string(value, "image", choice.image);
      choices.push_back(std::move(value));
    }
    json value = {{"id", question.id}, {"topic", question.topic}, {"prompt", to_json_value(question.prompt)}, {"choices", std::move(choices)}};
    put_string(value, "sign", question.sign);
    put_string(value, "image", question.image);
    if (question.multiple_answers) {
      value["multiple_answers"] = true;
      value["correct"] = question.correct;
    } else {
      value["correct"] = question.correct.empty() ? json(0) : json(question.correct.front());
    }
    put_text(value, "explanation", question.explanation);
    if (question.difficulty != 0) value["difficulty"] = question.difficulty;
    if (!question.tags.empty()) value["tags"] = question.tags;
    questions.push_back(std::move(value));
  }
  document["questions"] = std::move(questions);

  if (!pack.signs.empty()) {
    json signs = json::array();
    for (const auto& sign : pack.signs) {
      json value = {{"id", sign.id},
                    {"code", sign.code},
                    {"category", std::string(to_string(sign.category))},
                    {"name", to_json_value(sign.name)},
                    {"meaning", to_json_value(sign.meaning)},
                    {"image", sign.image}};
      put_string(value, "thumbnail", sign.thumbnail);
      signs.push_back(std::move(value));
    }
    document["signs"] = std::move(signs);
  }
  if (!pack.lessons.empty()) {
    json lessons = json::array();
    for (const auto& lesson : pack.lessons) {
      json value = {{"slug", lesson.slug}, {"topic", lesson.topic}, {"title", to_json_value(lesson.title)}, {"body", to_json_value(lesson.body)}};
      if (!lesson.images.empty()) value["images"] = lesson.images;
      lessons.push_back(std::move(value));
    }
    document["lessons"] = std::move(lessons);
  }
  if (!pack.blueprints.empty()) {
    json blueprints = json::array();
    for (const auto& blueprint : pack.blueprints) {
      json quotas = json::array();
      for (const auto& quota : blueprint.quotas) quotas.push_back({{"topic", quota.topic}, {"count", quota.count}});
      blueprints.push_back({{"id", blueprint.id},
                            {"name", to_json_value(blueprint.name)},
                            {"question_count", blueprint.question_count},
                            {"time_limit_minutes", blueprint.time_limit_minutes},
                            {"pass_mark", blueprint.pass_mark},
                            {"quotas", std::move(quotas)}});
    }
    document["exam_blueprints"] = std::move(blueprints);
  }
  if (!pack.exam_sets.empty()) {
    json sets = json::array();
    for (const auto& set : pack.exam_sets) {
      json value = {{"id", set.id}, {"name", to_json_value(set.name)}, {"questions", set.questions}};
      put_string(value, "blueprint", set.blueprint);
      sets.push_back(std::move(value));
    }
    document["exam_sets"] = std::move(sets);
  }
  if (pack.access.restricted) {
    json sample = json::object();
    if (!pack.access.free_exam_sets.empty()) sample["exam_sets"] = pack.access.free_exam_sets;
    if (!pack.access.free_questions.empty()) sample["questions"] = pack.access.free_questions;
    document["access"] = {{"kind", "restricted"}, {"free_sample", std::move(sample)}};
  }
  if (!pack.media.empty()) {
    json media = json::array();
    for (const auto& item : pack.media) {
      media.push_back(
          {{"path", item.path}, {"sha256", item.sha256}, {"mime", item.mime}, {"width", item.width}, {"height", item.height}, {"bytes", item.bytes}});
    }
    document["media"] = std::move(media);
  }
  // Invalid UTF-8 is replaced rather than thrown on: the validator reports it before anything is stored.
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace umuhanda
