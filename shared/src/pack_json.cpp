// Reading and writing pack.json with nlohmann/json, never through its exceptions (the WASM build
// cannot catch them): every type is checked first and every problem becomes a Diagnostic.
#include "umuhanda/pack_json.hpp"

#include <limits>
#include <nlohmann/json.hpp>

namespace umuhanda {
namespace {

using nlohmann::json;

const char* type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number with a fraction";
    default: return "an unsupported value";
  }
}

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string item(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

// Collects diagnostics while walking a JSON document.
class Reader {
public:
  Diagnostics errors;

  const json* field(const json& object, const std::string& path, std::string_view key, bool required) {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) errors.push_back(error(child(path, key), "is missing"));
      return nullptr;
    }
    return &*it;
  }

  bool expect(const json& value, bool matches, const std::string& path, const char* wanted) {
    if (!matches) errors.push_back(error(path, std::string("must be ") + wanted + ", found " + type_name(value)));
    return matches;
  }

  std::string string(const json& object, const std::string& path, std::string_view key, bool required = true) {
    const json* value = field(object, path, key, required);
    if (!value || !expect(*value, value->is_string(), child(path, key), "a string")) return {};
    return value->get<std::string>();
  }

  long long integer(const json& object, const std::string& path, std::string_view key, bool required = true) {
    const json* value = field(object, path, key, required);
    if (!value || !expect(*value, value->is_number_integer(), child(path, key), "an integer")) return 0;
    return value->get<long long>();
  }

  int small_integer(const json& object, const std::string& path, std::string_view key, bool required = true) {
    long long value = integer(object, path, key, required);
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
      errors.push_back(error(child(path, key), "is out of range: " + std::to_string(value)));
      return 0;
    }
    return static_cast<int>(value);
  }

  LocalizedText text(const json& object, const std::string& path, std::string_view key, bool required = true) {
    LocalizedText result;
    const json* value = field(object, path, key, required);
    const std::string at = child(path, key);
    if (!value || !expect(*value, value->is_object(), at, "an object of language code to text, e.g. {\"en\": \"...\"}"))
      return result;
    for (const auto& [language, text] : value->items()) {
      if (expect(text, text.is_string(), child(at, language), "a string"))
        result.by_language.emplace(language, text.get<std::string>());
    }
    return result;
  }

  // Calls each_item(element, element_path) for every element of the array at object[key].
  template <class F>
  void array(const json& object, const std::string& path, std::string_view key, bool required, F each_item) {
    const json* value = field(object, path, key, required);
    const std::string at = child(path, key);
    if (!value || !expect(*value, value->is_array(), at, "an array")) return;
    for (std::size_t i = 0; i < value->size(); ++i) each_item((*value)[i], item(at, i));
  }

  bool object(const json& value, const std::string& path) { return expect(value, value.is_object(), path, "an object"); }

  std::vector<std::string> strings(const json& object, const std::string& path, std::string_view key, bool required = false) {
    std::vector<std::string> result;
    array(object, path, key, required, [&](const json& value, const std::string& item_path) {
      if (expect(value, value.is_string(), item_path, "a string")) result.push_back(value.get<std::string>());
    });
    return result;
  }

  bool boolean(const json& object, const std::string& path, std::string_view key) {
    const json* value = field(object, path, key, false);
    if (!value || !expect(*value, value->is_boolean(), child(path, key), "true or false")) return false;
    return value->get<bool>();
  }

  std::size_t index(const json& value, const std::string& path) {
    if (!expect(value, value.is_number_integer(), path, "a zero-based choice index")) return 0;
    if (value.get<long long>() < 0) {
      errors.push_back(error(path, "must be a zero-based choice index, found " + std::to_string(value.get<long long>())));
      return 0;
    }
    return value.get<std::size_t>();
  }
};

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

  Reader reader;
  Pack pack;
  const std::string root;
  if (!reader.object(document, root)) return reader.errors;

  pack.format = reader.small_integer(document, root, "format");
  if (reader.errors.empty() && pack.format != kPackFormat) {
    return Expected<Pack>::failure("format", "is " + std::to_string(pack.format) + ", this version of Umuhanda reads format " +
                                                 std::to_string(kPackFormat));
  }
  pack.id = reader.string(document, root, "id");
  pack.version = reader.small_integer(document, root, "version");
  pack.title = reader.text(document, root, "title");
  pack.languages = reader.strings(document, root, "languages", true);

  reader.array(document, root, "topics", true, [&](const json& value, const std::string& path) {
    if (!reader.object(value, path)) return;
    Topic topic;
    topic.id = reader.string(value, path, "id");
    topic.name = reader.text(value, path, "name");
    topic.order = reader.small_integer(value, path, "order", false);
    pack.topics.push_back(std::move(topic));
  });

  reader.array(document, root, "questions", true, [&](const json& value, const std::string& path) {
    if (!reader.object(value, path)) return;
    Question question;
    question.id = reader.string(value, path, "id");
    question.topic = reader.string(value, path, "topic");
    question.prompt = reader.text(value, path, "prompt");
    question.sign = reader.string(value, path, "sign", false);
    question.image = reader.string(value, path, "image", false);
    reader.array(value, path, "choices", true, [&](const json& choice_value, const std::string& choice_path) {
      if (!reader.object(choice_value, choice_path)) return;
      Choice choice;
      choice.text = reader.text(choice_value, choice_path, "text", false);
      choice.sign = reader.string(choice_value, choice_path, "sign", false);
      choice.image = reader.string(choice_value, choice_path, "image", false);
      question.choices.push_back(std::move(choice));
    });
    question.multiple_answers = reader.boolean(value, path, "multiple_answers");
    if (const json* correct = reader.field(value, path, "correct", true)) {
      const std::string correct_path = child(path, "correct");
      if (correct->is_array()) {
        for (std::size_t i = 0; i < correct->size(); ++i) question.correct.push_back(reader.index((*correct)[i], item(correct_path, i)));
      } else {
        question.correct.push_back(reader.index(*correct, correct_path));
      }
    }
    question.explanation = reader.text(value, path, "explanation", false);
    question.difficulty = reader.small_integer(value, path, "difficulty", false);
    question.tags = reader.strings(value, path, "tags");
    pack.questions.push_back(std::move(question));
  });

  reader.array(document, root, "signs", false, [&](const json& value, const std::string& path) {
    if (!reader.object(value, path)) return;
    Sign sign;
    sign.id = reader.string(value, path, "id");
    sign.code = reader.string(value, path, "code");
    std::string category = reader.string(value, path, "category");
    if (auto parsed = sign_category_from(category)) {
      sign.category = *parsed;
    } else if (!category.empty()) {
      std::string known;
      for (auto name : kSignCategoryNames) known += (known.empty() ? "" : ", ") + std::string(name);
      reader.errors.push_back(error(child(path, "category"), "\"" + category + "\" is not a sign category (" + known + ")"));
    }
    sign.name = reader.text(value, path, "name");
    sign.meaning = reader.text(value, path, "meaning");
    sign.image = reader.string(value, path, "image");
    sign.thumbnail = reader.string(value, path, "thumbnail", false);
    pack.signs.push_back(std::move(sign));
  });

  reader.array(document, root, "lessons", false, [&](const json& value, const std::string& path) {
    if (!reader.object(value, path)) return;
    Lesson lesson;
    lesson.slug = reader.string(value, path, "slug");
    lesson.topic = reader.string(value, path, "topic");
    lesson.title = reader.text(value, path, "title");
    lesson.body = reader.text(value, path, "body");
    lesson.images = reader.strings(value, path, "images");
    pack.lessons.push_back(std::move(lesson));
  });

  reader.array(document, root, "exam_blueprints", false, [&](const json& value, const std::string& path) {
    if (!reader.object(value, path)) return;
    ExamBlueprint blueprint;
    blueprint.id = reader.string(value, path, "id");
    blueprint.name = reader.text(value, path, "name");
    blueprint.question_count = reader.small_integer(value, path, "question_count");
    blueprint.time_limit_minutes = reader.small_integer(value, path, "time_limit_minutes");
    blueprint.pass_mark = reader.small_integer(value, path, "pass_mark");
    reader.array(value, path, "quotas", false, [&](const json& quota_value, const std::string& quota_path) {
      if (!reader.object(quota_value, quota_path)) return;
      blueprint.quotas.push_back({reader.string(quota_value, quota_path, "topic"), reader.small_integer(quota_value, quota_path, "count")});
    });
    pack.blueprints.push_back(std::move(blueprint));
  });

  reader.array(document, root, "exam_sets", false, [&](const json& value, const std::string& path) {
    if (!reader.object(value, path)) return;
    ExamSet set;
    set.id = reader.string(value, path, "id");
    set.name = reader.text(value, path, "name");
    set.blueprint = reader.string(value, path, "blueprint", false);
    set.questions = reader.strings(value, path, "questions", true);
    pack.exam_sets.push_back(std::move(set));
  });

  reader.array(document, root, "media", false, [&](const json& value, const std::string& path) {
    if (!reader.object(value, path)) return;
    MediaItem media;
    media.path = reader.string(value, path, "path");
    media.sha256 = reader.string(value, path, "sha256");
    media.mime = reader.string(value, path, "mime");
    media.width = reader.small_integer(value, path, "width");
    media.height = reader.small_integer(value, path, "height");
    long long bytes = reader.integer(value, path, "bytes");
    media.bytes = bytes > 0 ? static_cast<std::uint64_t>(bytes) : 0;
    pack.media.push_back(std::move(media));
  });

  if (!reader.errors.empty()) return reader.errors;
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
      json value = {{"id", sign.id}, {"code", sign.code}, {"category", std::string(to_string(sign.category))},
                    {"name", to_json_value(sign.name)}, {"meaning", to_json_value(sign.meaning)}, {"image", sign.image}};
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
      blueprints.push_back({{"id", blueprint.id}, {"name", to_json_value(blueprint.name)}, {"question_count", blueprint.question_count},
                            {"time_limit_minutes", blueprint.time_limit_minutes}, {"pass_mark", blueprint.pass_mark}, {"quotas", std::move(quotas)}});
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
  if (!pack.media.empty()) {
    json media = json::array();
    for (const auto& item : pack.media) {
      media.push_back({{"path", item.path}, {"sha256", item.sha256}, {"mime", item.mime}, {"width", item.width},
                       {"height", item.height}, {"bytes", item.bytes}});
    }
    document["media"] = std::move(media);
  }
  // Invalid UTF-8 is replaced rather than thrown on: the validator reports it before anything is stored.
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace umuhanda
