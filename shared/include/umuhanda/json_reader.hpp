// JsonReader: typed reads of a parsed JSON document (pack.json, the progress log, the saved exam,
// Django's dumpdata) that turn every wrong type or missing field into a located Diagnostic.
// nlohmann's own get<T>() throws on a wrong type, and the WASM build cannot catch exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/diagnostic.hpp"
#include "umuhanda/localized_text.hpp"

namespace umuhanda {

// Whether a field may be left out, and what a present null means. The inputs differ on purpose:
// pack.json never writes null, so one is a wrong type; the progress log and the saved exam write
// null for an optional value that is not set; Django's dumpdata writes null for every blank field.
enum class Field {
  required,           // absent: "is missing"; null: "must be ..., found null"
  optional,           // absent: not read; null: "must be ..., found null"
  optional_or_null,   // absent or null: not read
  required_not_null,  // absent or null: "is missing"
};

// "an integer", "a string", "null", ...: what a JSON value is, for "must be ..., found ..." messages.
const char* json_type_name(const nlohmann::json& value);

// Reads one JSON value that sits at `path` ("questions[3]", "line 7", "" for the whole document)
// and the fields and elements below it, adding one error to `errors` per problem: "must be
// <wanted>, found <what>", "is missing" or "is out of range: <n>". A read that fails gives the
// empty value (or nullopt) and carries on, so a caller reads everything and checks `errors` once.
// A reader is cheap to copy; it refers to the JSON value and to `errors`, which must outlive it.
class JsonReader {
public:
  JsonReader(const nlohmann::json& value, std::string path, Diagnostics& errors);

  const nlohmann::json& value() const { return *m_value; }
  bool is_null() const;
  const std::string& path() const { return m_path; }
  std::string path(std::string_view key) const;  // of a field: "questions[3]" + "id" -> "questions[3].id"

  // True when `errors` gained nothing since this reader was made (through it, readers made from it,
  // or any other reader sharing the sink): "were this record's fields all right?"
  bool ok() const;
  void report(std::string message);                        // an error at path()
  void report(std::string_view key, std::string message);  // an error at path(key)

  // Fields of this object (a value that is not an object has no fields).

  // The field `key` as a reader, or nullopt when it is absent (or null, as `field` says).
  std::optional<JsonReader> find(std::string_view key, Field field = Field::required);
  // The same, for a field that must be an array.
  std::optional<JsonReader> find_array(std::string_view key, Field field = Field::required);

  // The field, or the empty value when it is absent or wrong.
  std::string string(std::string_view key, Field field = Field::required);
  bool boolean(std::string_view key, Field field = Field::required);
  std::int64_t int64(std::string_view key, Field field = Field::required);
  int integer(std::string_view key, Field field = Field::required);
  std::size_t index(std::string_view key, Field field = Field::required);
  LocalizedText text(std::string_view key, Field field = Field::required);
  std::vector<std::string> strings(std::string_view key, Field field = Field::required);
  std::vector<bool> booleans(std::string_view key, Field field = Field::required);
  std::vector<std::int64_t> int64s(std::string_view key, Field field = Field::required);
  std::vector<std::size_t> indexes(std::string_view key, Field field = Field::required);

  // The field, or nullopt when it is absent or wrong: for values whose absence means something.
  std::optional<std::string> find_string(std::string_view key, Field field);
  std::optional<bool> find_boolean(std::string_view key, Field field);
  std::optional<std::int64_t> find_int64(std::string_view key, Field field);
  std::optional<std::vector<std::size_t>> find_indexes(std::string_view key, Field field);

  // Calls each(JsonReader& element) for every element of the array `key`, at "key[i]".
  template <class Each>
  void for_each(std::string_view key, Field field, Each each) {
    if (auto list = find_array(key, field)) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        JsonReader element = list->item(i);
        each(element);
      }
    }
  }

  // The same for an array of objects: an element that is not one is reported and skipped.
  template <class Each>
  void for_each_object(std::string_view key, Field field, Each each) {
    for_each(key, field, [&](JsonReader& element) {
      if (element.expect_object()) each(element);
    });
  }

  // This value.

  // Reports "must be <wanted>, found <what this value is>" unless `matches`; returns `matches`.
  bool expect(bool matches, std::string_view wanted);
  bool expect_object();
  std::size_t size() const;              // of an array or object; 0 otherwise
  JsonReader item(std::size_t i) const;  // element i (< size()) of an array (nothing else), at "path[i]"

  std::optional<std::string> as_string();
  std::optional<bool> as_boolean();
  std::optional<std::int64_t> as_int64();  // a value above INT64_MAX is out of range
  std::optional<int> as_integer();
  // A count or a zero-based position: not negative, and at most 2^32-1 so it fits wasm32's size_t.
  std::optional<std::size_t> as_index();
  // {"en": "...", "fr": "..."}; an entry that is not a string is reported and left out.
  std::optional<LocalizedText> as_text();
  // Arrays: nullopt when this is not an array; an element of the wrong type is reported and left out.
  std::optional<std::vector<std::string>> as_strings();
  std::optional<std::vector<bool>> as_booleans();
  std::optional<std::vector<std::int64_t>> as_int64s();
  std::optional<std::vector<std::size_t>> as_indexes();

private:
  const nlohmann::json* m_value;
  std::string m_path;
  Diagnostics* m_errors;
  std::size_t m_errors_before;
};

}  // namespace umuhanda
