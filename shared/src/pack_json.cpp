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
};

json to_json_value(const LocalizedText& text) {
  json object = json::object();
  for (const auto& [language, value] : text.by_language) object[language] = value;
  return object;
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
  reader.array(document, root, "languages", true, [&](const json& value, const std::string& path) {
    if (reader.expect(value, value.is_string(), path, "a language code string")) pack.languages.push_back(value.get<std::string>());
  });
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
    reader.array(value, path, "choices", true, [&](const json& choice_value, const std::string& choice_path) {
      if (!reader.object(choice_value, choice_path)) return;
      question.choices.push_back(Choice{reader.text(choice_value, choice_path, "text")});
    });
    long long correct = reader.integer(value, path, "correct");
    if (correct < 0) {
      reader.errors.push_back(error(child(path, "correct"), "must be a zero-based choice index, found " + std::to_string(correct)));
    } else {
      question.correct = static_cast<std::size_t>(correct);
    }
    question.explanation = reader.text(value, path, "explanation", false);
    pack.questions.push_back(std::move(question));
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
  for (const auto& topic : pack.topics) {
    topics.push_back({{"id", topic.id}, {"name", to_json_value(topic.name)}, {"order", topic.order}});
  }
  document["topics"] = std::move(topics);
  json questions = json::array();
  for (const auto& question : pack.questions) {
    json choices = json::array();
    for (const auto& choice : question.choices) choices.push_back({{"text", to_json_value(choice.text)}});
    json value = {{"id", question.id},
                  {"topic", question.topic},
                  {"prompt", to_json_value(question.prompt)},
                  {"choices", std::move(choices)},
                  {"correct", question.correct}};
    if (!question.explanation.empty()) value["explanation"] = to_json_value(question.explanation);
    questions.push_back(std::move(value));
  }
  document["questions"] = std::move(questions);
  // Invalid UTF-8 is replaced rather than thrown on: the validator reports it before anything is stored.
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace umuhanda
