// JsonScanner: a strict reader of the plain shape most JSON the server receives has, with no
// document built and no allocation per value: objects of scalars and arrays of scalars (the
// records of a sync push, written by our own client). It reads a subset of RFC 8259 and says only
// "yes" or "not this": no escapes in strings, integers only, no nested objects. Whatever it will
// not read, the caller reads again with nlohmann::json and JsonReader, which accept all of JSON and
// locate every problem; so what the scanner accepts must read exactly as those would read it (the
// sync_push fuzz target checks both on every input).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "umuhanda/json_reader.hpp"

namespace umuhanda {

// One value of a flat object; strings point into the scanned text.
struct FlatJsonValue {
  enum class Kind { null, boolean, integer, string, array };
  Kind kind = Kind::null;
  bool flag = false;
  std::int64_t number = 0;
  std::string_view text;  // a string's bytes (valid UTF-8, no escapes, no control characters)
  std::size_t first = 0;  // an array's elements: FlatJsonObject::elements[first, first + count)
  std::size_t count = 0;
};

// One object whose values are scalars, arrays of scalars, or arrays of arrays of scalars (nothing
// deeper), each key once. Kept and cleared between objects so its vectors are allocated once.
struct FlatJsonObject {
  std::vector<std::pair<std::string_view, FlatJsonValue>> fields;
  std::vector<FlatJsonValue> elements;

  void clear() {
    fields.clear();
    elements.clear();
  }
  const FlatJsonValue* find(std::string_view key) const;
};

class JsonScanner {
public:
  explicit JsonScanner(std::string_view text) : m_text(text) {}

  // Each returns false (or nullopt) when the next thing is not what was asked, or is something the
  // scanner does not read; the position is then unspecified and the caller gives up on the text.
  bool consume(char expected);  // skips blanks, then takes `expected`
  bool peek(char expected);     // skips blanks; whether `expected` comes next (not taken)
  std::optional<std::string_view> string();
  bool flat_object(FlatJsonObject& out);
  bool at_end();  // skips blanks; whether nothing else follows

private:
  void skip_blanks();
  bool value(FlatJsonObject& out, FlatJsonValue& into, int depth);

  std::string_view m_text;
  std::size_t m_at = 0;
};

// The JsonReader calls the progress log's record readers make, over a FlatJsonObject. A value
// JsonReader would report as wrong (absent, null, another type, out of range) sets failed()
// instead: the caller then reads the text with JsonReader for the located reasons.
class FlatJsonReader {
public:
  // Reads `object`; `failed` is set (never cleared) by the first value JsonReader would report.
  FlatJsonReader(const FlatJsonObject& object, bool& failed) : m_object(&object), m_failed(&failed) {}

  bool failed() const { return *m_failed; }
  void report(std::string_view, const std::string&) { fail(); }

  std::string string(std::string_view key, Field field = Field::required);
  bool boolean(std::string_view key, Field field = Field::required);
  std::int64_t int64(std::string_view key, Field field = Field::required);
  int integer(std::string_view key, Field field = Field::required);
  std::vector<std::string> strings(std::string_view key, Field field = Field::required);
  std::vector<bool> booleans(std::string_view key, Field field = Field::required);
  std::vector<std::size_t> indexes(std::string_view key, Field field = Field::required);
  std::optional<std::string> find_string(std::string_view key, Field field);

  // Calls each(FlatJsonReader& element) for every element of the array `key`.
  template <class Each>
  void for_each(std::string_view key, Field field, Each each) {
    const FlatJsonValue* list = find(key, field);
    if (!list) return;
    if (list->kind != FlatJsonValue::Kind::array) return fail();
    for (std::size_t i = 0; i < list->count; ++i) {
      FlatJsonReader element(*m_object, *m_failed);
      element.m_value = &m_object->elements[list->first + i];
      each(element);
    }
  }

  // This value (an element given to for_each).
  bool is_null() const { return m_value && m_value->kind == FlatJsonValue::Kind::null; }
  std::optional<std::vector<std::size_t>> as_indexes();

private:
  void fail() { *m_failed = true; }
  const FlatJsonValue* find(std::string_view key, Field field);
  std::optional<std::vector<std::size_t>> indexes_of(const FlatJsonValue& list);

  const FlatJsonObject* m_object;
  const FlatJsonValue* m_value = nullptr;  // null for the object itself
  bool* m_failed;
};

}  // namespace umuhanda
