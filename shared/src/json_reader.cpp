// JsonReader (umuhanda/json_reader.hpp): every type is checked before nlohmann's get<T>(), which
// would throw, and every problem becomes an error at the value's path.
#include "umuhanda/json_reader.hpp"

#include <functional>
#include <limits>
#include <nlohmann/json.hpp>

namespace umuhanda {
namespace {

using nlohmann::json;

// The field `key` read by `as` (a JsonReader::as_* member); nullopt when absent or wrong.
template <class As>
auto field_as(JsonReader& reader, std::string_view key, Field field, As as) {
  using Result = decltype(std::invoke(as, reader));
  auto found = reader.find(key, field);
  return found ? std::invoke(as, *found) : Result();
}

// The elements of the array `list` read by `as`; nullopt when it is not an array.
template <class T, class As>
std::optional<std::vector<T>> elements_as(JsonReader& list, std::string_view wanted, As as) {
  if (!list.expect(list.value().is_array(), wanted)) return std::nullopt;
  std::vector<T> result;
  for (std::size_t i = 0; i < list.size(); ++i) {
    JsonReader element = list.item(i);
    if (auto value = std::invoke(as, element)) result.push_back(std::move(*value));
  }
  return result;
}

}  // namespace

const char* json_type_name(const json& value) {
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

JsonReader::JsonReader(const json& value, std::string path, Diagnostics& errors)
    : m_value(&value), m_path(std::move(path)), m_errors(&errors), m_errors_before(errors.size()) {}

std::string JsonReader::path(std::string_view key) const { return m_path.empty() ? std::string(key) : m_path + "." + std::string(key); }

bool JsonReader::is_null() const { return m_value->is_null(); }

bool JsonReader::ok() const { return m_errors->size() == m_errors_before; }

void JsonReader::report(std::string message) { m_errors->push_back(error(m_path, std::move(message))); }

void JsonReader::report(std::string_view key, std::string message) { m_errors->push_back(error(path(key), std::move(message))); }

// Fields of this object

std::optional<JsonReader> JsonReader::find(std::string_view key, Field field) {
  auto it = m_value->find(key);
  const bool null_is_absent = field == Field::optional_or_null || field == Field::required_not_null;
  if (it == m_value->end() || (it->is_null() && null_is_absent)) {
    if (field == Field::required || field == Field::required_not_null) report(key, "is missing");
    return std::nullopt;
  }
  return JsonReader(*it, path(key), *m_errors);
}

std::optional<JsonReader> JsonReader::find_array(std::string_view key, Field field) {
  auto list = find(key, field);
  if (!list || !list->expect(list->value().is_array(), "an array")) return std::nullopt;
  return list;
}

std::string JsonReader::string(std::string_view key, Field field) { return find_string(key, field).value_or(std::string()); }
bool JsonReader::boolean(std::string_view key, Field field) { return find_boolean(key, field).value_or(false); }
std::int64_t JsonReader::int64(std::string_view key, Field field) { return find_int64(key, field).value_or(0); }
int JsonReader::integer(std::string_view key, Field field) { return field_as(*this, key, field, &JsonReader::as_integer).value_or(0); }
std::size_t JsonReader::index(std::string_view key, Field field) { return field_as(*this, key, field, &JsonReader::as_index).value_or(0); }

LocalizedText JsonReader::text(std::string_view key, Field field) {
  return field_as(*this, key, field, &JsonReader::as_text).value_or(LocalizedText());
}
std::vector<std::string> JsonReader::strings(std::string_view key, Field field) {
  return field_as(*this, key, field, &JsonReader::as_strings).value_or(std::vector<std::string>());
}
std::vector<bool> JsonReader::booleans(std::string_view key, Field field) {
  return field_as(*this, key, field, &JsonReader::as_booleans).value_or(std::vector<bool>());
}
std::vector<std::int64_t> JsonReader::int64s(std::string_view key, Field field) {
  return field_as(*this, key, field, &JsonReader::as_int64s).value_or(std::vector<std::int64_t>());
}
std::vector<std::size_t> JsonReader::indexes(std::string_view key, Field field) {
  return find_indexes(key, field).value_or(std::vector<std::size_t>());
}

std::optional<std::string> JsonReader::find_string(std::string_view key, Field field) { return field_as(*this, key, field, &JsonReader::as_string); }
std::optional<bool> JsonReader::find_boolean(std::string_view key, Field field) { return field_as(*this, key, field, &JsonReader::as_boolean); }
std::optional<std::int64_t> JsonReader::find_int64(std::string_view key, Field field) { return field_as(*this, key, field, &JsonReader::as_int64); }
std::optional<std::vector<std::size_t>> JsonReader::find_indexes(std::string_view key, Field field) {
  return field_as(*this, key, field, &JsonReader::as_indexes);
}

// This value

bool JsonReader::expect(bool matches, std::string_view wanted) {
  if (!matches) report("must be " + std::string(wanted) + ", found " + json_type_name(*m_value));
  return matches;
}

bool JsonReader::expect_object() { return expect(m_value->is_object(), "an object"); }

std::size_t JsonReader::size() const { return m_value->is_array() || m_value->is_object() ? m_value->size() : 0; }

JsonReader JsonReader::item(std::size_t i) const { return JsonReader((*m_value)[i], m_path + "[" + std::to_string(i) + "]", *m_errors); }

std::optional<std::string> JsonReader::as_string() {
  if (!expect(m_value->is_string(), "a string")) return std::nullopt;
  return m_value->get<std::string>();
}

std::optional<bool> JsonReader::as_boolean() {
  if (!expect(m_value->is_boolean(), "true or false")) return std::nullopt;
  return m_value->get<bool>();
}

std::optional<std::int64_t> JsonReader::as_int64() {
  if (!expect(m_value->is_number_integer(), "an integer")) return std::nullopt;
  // nlohmann keeps non-negative numbers as unsigned; above INT64_MAX they would wrap.
  if (m_value->is_number_unsigned() && m_value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    report("is out of range: " + std::to_string(m_value->get<std::uint64_t>()));
    return std::nullopt;
  }
  return m_value->get<std::int64_t>();
}

std::optional<int> JsonReader::as_integer() {
  const auto value = as_int64();
  if (!value) return std::nullopt;
  if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    report("is out of range: " + std::to_string(*value));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<std::size_t> JsonReader::as_index() {
  if (!expect(m_value->is_number_integer(), "a non-negative integer")) return std::nullopt;
  if (!m_value->is_number_unsigned() && m_value->get<std::int64_t>() < 0) {
    report("must be a non-negative integer, found " + std::to_string(m_value->get<std::int64_t>()));
    return std::nullopt;
  }
  const auto number = m_value->get<std::uint64_t>();
  if (number > std::numeric_limits<std::uint32_t>::max()) {
    report("is out of range: " + std::to_string(number));
    return std::nullopt;
  }
  return static_cast<std::size_t>(number);
}

std::optional<LocalizedText> JsonReader::as_text() {
  if (!expect(m_value->is_object(), "an object of language code to text, e.g. {\"en\": \"...\"}")) return std::nullopt;
  LocalizedText text;
  for (const auto& [language, entry] : m_value->items()) {
    if (auto value = JsonReader(entry, path(language), *m_errors).as_string()) text.by_language.emplace(language, std::move(*value));
  }
  return text;
}

std::optional<std::vector<std::string>> JsonReader::as_strings() {
  return elements_as<std::string>(*this, "an array of strings", &JsonReader::as_string);
}
std::optional<std::vector<bool>> JsonReader::as_booleans() { return elements_as<bool>(*this, "an array of true or false", &JsonReader::as_boolean); }
std::optional<std::vector<std::int64_t>> JsonReader::as_int64s() {
  return elements_as<std::int64_t>(*this, "an array of integers", &JsonReader::as_int64);
}
std::optional<std::vector<std::size_t>> JsonReader::as_indexes() {
  return elements_as<std::size_t>(*this, "an array of non-negative integers", &JsonReader::as_index);
}

}  // namespace umuhanda
