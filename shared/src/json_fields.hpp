// Private to shared/src: typed reads of JSON object fields that turn every wrong type or missing
// field into a Diagnostic, for the progress log and the saved exam session (no exceptions in WASM).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/diagnostic.hpp"

namespace umuhanda::json_fields {

using nlohmann::json;

// Reads fields of objects found under `base` ("line 3", or "" for a whole document). A field
// that is wrong adds one diagnostic and reads as the type's empty value, so a caller checks
// `errors` once at the end instead of after every field.
class FieldReader {
public:
  explicit FieldReader(std::string base) : m_base(std::move(base)) {}

  Diagnostics errors;

  std::string path(std::string_view key) const { return m_base.empty() ? std::string(key) : m_base + "." + std::string(key); }

  const json* field(const json& object, std::string_view key, bool required = true) {
    auto it = object.find(key);
    if (it == object.end() || (!required && it->is_null())) {
      if (required) errors.push_back(error(path(key), "is missing"));
      return nullptr;
    }
    return &*it;
  }

  std::string string(const json& object, std::string_view key) {
    const json* value = field(object, key);
    if (!value || !expect(value->is_string(), path(key), "a string")) return {};
    return value->get<std::string>();
  }

  std::optional<std::string> optional_string(const json& object, std::string_view key) {
    const json* value = field(object, key, false);
    if (!value || !expect(value->is_string(), path(key), "a string or null")) return std::nullopt;
    return value->get<std::string>();
  }

  bool boolean(const json& object, std::string_view key) {
    const json* value = field(object, key);
    if (!value || !expect(value->is_boolean(), path(key), "true or false")) return false;
    return value->get<bool>();
  }

  std::int64_t int64(const json& object, std::string_view key) {
    const json* value = field(object, key);
    return value ? int64_of(*value, path(key)) : 0;
  }

  // Absent or null reads as nullopt.
  std::optional<std::int64_t> optional_int64(const json& object, std::string_view key) {
    const json* value = field(object, key, false);
    if (!value) return std::nullopt;
    return int64_of(*value, path(key));
  }

  int integer(const json& object, std::string_view key) {
    const std::int64_t value = int64(object, key);
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
      errors.push_back(error(path(key), "is out of range: " + std::to_string(value)));
      return 0;
    }
    return static_cast<int>(value);
  }

  std::size_t index(const json& object, std::string_view key) {
    const json* value = field(object, key);
    return value ? index_of(*value, path(key)) : 0;
  }

  std::vector<std::string> strings(const json& object, std::string_view key) {
    std::vector<std::string> result;
    const json* value = field(object, key);
    if (!value || !expect(value->is_array(), path(key), "an array of strings")) return result;
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      if (expect(item.is_string(), item_path(path(key), i), "a string")) result.push_back(item.get<std::string>());
    }
    return result;
  }

  std::vector<bool> booleans(const json& object, std::string_view key) {
    std::vector<bool> result;
    const json* value = field(object, key);
    if (!value || !expect(value->is_array(), path(key), "an array of true/false")) return result;
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      if (expect(item.is_boolean(), item_path(path(key), i), "true or false")) result.push_back(item.get<bool>());
    }
    return result;
  }

  std::vector<std::int64_t> int64s(const json& object, std::string_view key) {
    std::vector<std::int64_t> result;
    const json* value = field(object, key);
    if (!value || !expect(value->is_array(), path(key), "an array of integers")) return result;
    for (std::size_t i = 0; i < value->size(); ++i) result.push_back(int64_of((*value)[i], item_path(path(key), i)));
    return result;
  }

  std::vector<std::size_t> indexes(const json& object, std::string_view key) {
    const json* value = field(object, key);
    return value ? indexes_of(*value, path(key)) : std::vector<std::size_t>{};
  }

  // Absent or null reads as nullopt.
  std::optional<std::vector<std::size_t>> optional_indexes(const json& object, std::string_view key) {
    const json* value = field(object, key, false);
    if (!value) return std::nullopt;
    return indexes_of(*value, path(key));
  }

  // One entry per question: a list of choice indexes, or null for "not answered".
  std::vector<std::optional<std::vector<std::size_t>>> optional_index_lists(const json& object, std::string_view key) {
    std::vector<std::optional<std::vector<std::size_t>>> result;
    const json* value = field(object, key);
    if (!value || !expect(value->is_array(), path(key), "an array of choice lists or null")) return result;
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      if (item.is_null()) result.emplace_back(std::nullopt);
      else result.emplace_back(indexes_of(item, item_path(path(key), i)));
    }
    return result;
  }

private:
  static std::string item_path(const std::string& at, std::size_t i) { return at + "[" + std::to_string(i) + "]"; }

  bool expect(bool matches, const std::string& at, const char* wanted) {
    if (!matches) errors.push_back(error(at, std::string("must be ") + wanted));
    return matches;
  }

  std::int64_t int64_of(const json& value, const std::string& at) {
    if (!expect(value.is_number_integer(), at, "an integer")) return 0;
    // nlohmann keeps non-negative numbers as unsigned; above INT64_MAX they would wrap.
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      errors.push_back(error(at, "is out of range"));
      return 0;
    }
    return value.get<std::int64_t>();
  }

  std::size_t index_of(const json& value, const std::string& at) {
    // Choice and question indexes are small; the bound also keeps them inside wasm32's size_t.
    const bool non_negative = value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
    if (!expect(non_negative, at, "a non-negative integer")) return 0;
    const auto number = value.get<std::uint64_t>();
    if (number > std::numeric_limits<std::uint32_t>::max()) {
      errors.push_back(error(at, "is out of range"));
      return 0;
    }
    return static_cast<std::size_t>(number);
  }

  std::vector<std::size_t> indexes_of(const json& value, const std::string& at) {
    std::vector<std::size_t> result;
    if (!expect(value.is_array(), at, "an array of choice indexes")) return result;
    for (std::size_t i = 0; i < value.size(); ++i) result.push_back(index_of(value[i], item_path(at, i)));
    return result;
  }

  std::string m_base;
};

}  // namespace umuhanda::json_fields
