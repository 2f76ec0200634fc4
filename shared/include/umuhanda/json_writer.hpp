// JsonWriter: compact JSON written straight into a string, for the lines the server writes most
// (a sync push re-writes every event it stores). Building an nlohmann::ordered_json per record
// allocated a node per field and a copy of every string, the largest share of a push's CPU after
// parsing. The bytes are nlohmann's dump() of the same values, to the byte (tests/unit/json_writer_test.cpp):
// no blanks, non-ASCII kept as it is, control characters escaped ("\n", "\u001f").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace umuhanda {

// Appends `text` as a JSON string, quotes included. `text` must be UTF-8 (every string the
// project writes was read as JSON or from a validated pack); bytes are copied, never re-encoded.
void append_json_string(std::string& out, std::string_view text);

// One JSON object, fields in the order they are written. Values are written as they come; the
// caller keeps keys unique. `finish()` closes the object and hands the text over.
class JsonObjectWriter {
public:
  JsonObjectWriter() { m_out.push_back('{'); }
  explicit JsonObjectWriter(std::size_t reserve) {
    m_out.reserve(reserve);
    m_out.push_back('{');
  }

  JsonObjectWriter& field(std::string_view key, std::string_view value);
  JsonObjectWriter& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  JsonObjectWriter& field(std::string_view key, const std::string& value) { return field(key, std::string_view(value)); }
  JsonObjectWriter& field(std::string_view key, const std::optional<std::string>& value);  // null when unset
  JsonObjectWriter& field(std::string_view key, bool value);
  JsonObjectWriter& field(std::string_view key, std::int64_t value);
  JsonObjectWriter& field(std::string_view key, int value) { return field(key, static_cast<std::int64_t>(value)); }
  JsonObjectWriter& field(std::string_view key, const std::vector<std::size_t>& values);
  JsonObjectWriter& field(std::string_view key, const std::vector<std::optional<std::vector<std::size_t>>>& values);  // null when unset
  JsonObjectWriter& field(std::string_view key, const std::vector<std::string>& values);
  JsonObjectWriter& field(std::string_view key, const std::vector<bool>& values);

  std::string finish();  // the writer is empty afterwards

private:
  void key(std::string_view name);

  std::string m_out;
};

}  // namespace umuhanda
