// JsonWriter (umuhanda/json_writer.hpp): nlohmann's serializer's escaping, written out by hand.
#include "umuhanda/json_writer.hpp"

#include <charconv>

namespace umuhanda {
namespace {

void append_integer(std::string& out, std::uint64_t value) {
  char digits[24];
  auto [end, status] = std::to_chars(digits, digits + sizeof digits, value);
  (void)status;  // 24 characters hold every 64-bit value
  out.append(digits, end);
}

void append_integer(std::string& out, std::int64_t value) {
  char digits[24];
  auto [end, status] = std::to_chars(digits, digits + sizeof digits, value);
  (void)status;
  out.append(digits, end);
}

// "[a,b,...]", each element written by append(out, element).
template <class Values, class Append>
void append_array(std::string& out, const Values& values, Append append) {
  out.push_back('[');
  bool first = true;
  for (const auto& value : values) {
    if (!first) out.push_back(',');
    first = false;
    append(out, value);
  }
  out.push_back(']');
}

void append_index(std::string& out, std::size_t value) { append_integer(out, static_cast<std::uint64_t>(value)); }

void append_indexes(std::string& out, const std::vector<std::size_t>& values) { append_array(out, values, append_index); }

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out.append(text.data() + plain_from, i - plain_from);
    plain_from = i + 1;
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 0xF]);
    }
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
  out.push_back('"');
}

void JsonObjectWriter::key(std::string_view name) {
  if (m_out.size() > 1) m_out.push_back(',');
  append_json_string(m_out, name);
  m_out.push_back(':');
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, std::string_view value) {
  key(name);
  append_json_string(m_out, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, const std::optional<std::string>& value) {
  key(name);
  if (value) append_json_string(m_out, *value);
  else m_out += "null";
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, bool value) {
  key(name);
  m_out += value ? "true" : "false";
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, std::int64_t value) {
  key(name);
  append_integer(m_out, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, const std::vector<std::size_t>& values) {
  key(name);
  append_indexes(m_out, values);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, const std::vector<std::optional<std::vector<std::size_t>>>& values) {
  key(name);
  append_array(m_out, values, [](std::string& out, const std::optional<std::vector<std::size_t>>& choices) {
    if (choices) append_indexes(out, *choices);
    else out += "null";
  });
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, const std::vector<std::string>& values) {
  key(name);
  append_array(m_out, values, [](std::string& out, const std::string& text) { append_json_string(out, text); });
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, const std::vector<bool>& values) {
  key(name);
  append_array(m_out, values, [](std::string& out, bool flag) { out += flag ? "true" : "false"; });
  return *this;
}

std::string JsonObjectWriter::finish() {
  m_out.push_back('}');
  return std::move(m_out);
}

}  // namespace umuhanda
