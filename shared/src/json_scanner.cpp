// JsonScanner and FlatJsonReader (umuhanda/json_scanner.hpp). Every rule here is RFC 8259's or
// JsonReader's, narrowed: when in doubt, refuse, and let nlohmann and JsonReader read the text.
#include "umuhanda/json_scanner.hpp"

#include <charconv>
#include <limits>

#include "umuhanda/utf8.hpp"

namespace umuhanda {

const FlatJsonValue* FlatJsonObject::find(std::string_view key) const {
  for (const auto& [name, value] : fields) {
    if (name == key) return &value;
  }
  return nullptr;
}

// [SECTION] Scanning

void JsonScanner::skip_blanks() {
  while (m_at < m_text.size()) {
    const char c = m_text[m_at];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    ++m_at;
  }
}

bool JsonScanner::consume(char expected) {
  skip_blanks();
  if (m_at >= m_text.size() || m_text[m_at] != expected) return false;
  ++m_at;
  return true;
}

bool JsonScanner::peek(char expected) {
  skip_blanks();
  return m_at < m_text.size() && m_text[m_at] == expected;
}

bool JsonScanner::at_end() {
  skip_blanks();
  return m_at == m_text.size();
}

std::optional<std::string_view> JsonScanner::string() {
  if (!consume('"')) return std::nullopt;
  const std::size_t start = m_at;
  while (m_at < m_text.size()) {
    const auto byte = static_cast<unsigned char>(m_text[m_at]);
    if (byte == '"') {
      ++m_at;
      return m_text.substr(start, m_at - 1 - start);
    }
    if (byte < 0x20 || byte == '\\') return std::nullopt;  // invalid, or an escape: JsonReader's turn
    if (byte < 0x80) {
      ++m_at;
      continue;
    }
    const DecodedCodePoint decoded = decode_utf8(m_text, m_at);
    if (!decoded.valid) return std::nullopt;
    m_at += decoded.length;
  }
  return std::nullopt;
}

bool JsonScanner::value(FlatJsonObject& out, FlatJsonValue& into, int depth) {
  skip_blanks();
  if (m_at >= m_text.size()) return false;
  const char c = m_text[m_at];
  const std::string_view rest = m_text.substr(m_at);
  if (c == '"') {
    auto text = string();
    if (!text) return false;
    into = FlatJsonValue{FlatJsonValue::Kind::string, false, 0, *text, 0, 0};
    return true;
  }
  if (rest.starts_with("true") || rest.starts_with("false") || rest.starts_with("null")) {
    const bool is_true = c == 't';
    into = FlatJsonValue{c == 'n' ? FlatJsonValue::Kind::null : FlatJsonValue::Kind::boolean, is_true, 0, {}, 0, 0};
    m_at += c == 'f' ? 5 : 4;
    return true;
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    // RFC 8259 integers only: -?(0|[1-9][0-9]*), within int64 (a fraction, an exponent or a larger
    // number is a value JsonReader reads differently).
    std::size_t end = m_at + (c == '-' ? 1 : 0);
    const std::size_t digits_from = end;
    while (end < m_text.size() && m_text[end] >= '0' && m_text[end] <= '9') ++end;
    const std::size_t digits = end - digits_from;
    if (digits == 0 || (digits > 1 && m_text[digits_from] == '0')) return false;
    if (end < m_text.size() && (m_text[end] == '.' || m_text[end] == 'e' || m_text[end] == 'E')) return false;
    std::int64_t number = 0;
    auto [stop, status] = std::from_chars(m_text.data() + m_at, m_text.data() + end, number);
    if (status != std::errc() || stop != m_text.data() + end) return false;
    into = FlatJsonValue{FlatJsonValue::Kind::integer, false, number, {}, 0, 0};
    m_at = end;
    return true;
  }
  if (c == '[' && depth < 2) {
    ++m_at;
    // The elements are gathered apart, then appended to the pool together so they stay
    // contiguous: an element that is itself an array puts its own elements in the pool first.
    std::vector<FlatJsonValue> items;
    if (!consume(']')) {
      do {
        FlatJsonValue item;
        if (!value(out, item, depth + 1)) return false;
        items.push_back(item);
      } while (consume(','));
      if (!consume(']')) return false;
    }
    into = FlatJsonValue{FlatJsonValue::Kind::array, false, 0, {}, out.elements.size(), items.size()};
    out.elements.insert(out.elements.end(), items.begin(), items.end());
    return true;
  }
  return false;  // an object, deeper arrays, or not JSON
}

bool JsonScanner::flat_object(FlatJsonObject& out) {
  out.clear();
  if (!consume('{')) return false;
  if (consume('}')) return true;
  do {
    auto key = string();
    if (!key || out.find(*key) || !consume(':')) return false;  // a repeated key: nlohmann keeps the last one
    FlatJsonValue field;
    if (!value(out, field, 0)) return false;
    out.fields.emplace_back(*key, field);
  } while (consume(','));
  return consume('}');
}

// [SECTION] FlatJsonReader: JsonReader's rules, with "failed" for every report

const FlatJsonValue* FlatJsonReader::find(std::string_view key, Field field) {
  const FlatJsonValue* value = m_object->find(key);
  const bool null_is_absent = field == Field::optional_or_null || field == Field::required_not_null;
  if (!value || (value->kind == FlatJsonValue::Kind::null && null_is_absent)) {
    if (field == Field::required || field == Field::required_not_null) fail();
    return nullptr;
  }
  return value;
}

std::optional<std::string> FlatJsonReader::find_string(std::string_view key, Field field) {
  const FlatJsonValue* value = find(key, field);
  if (!value) return std::nullopt;
  if (value->kind != FlatJsonValue::Kind::string) {
    fail();
    return std::nullopt;
  }
  return std::string(value->text);
}

std::string FlatJsonReader::string(std::string_view key, Field field) { return find_string(key, field).value_or(std::string()); }

bool FlatJsonReader::boolean(std::string_view key, Field field) {
  const FlatJsonValue* value = find(key, field);
  if (!value) return false;
  if (value->kind != FlatJsonValue::Kind::boolean) {
    fail();
    return false;
  }
  return value->flag;
}

std::int64_t FlatJsonReader::int64(std::string_view key, Field field) {
  const FlatJsonValue* value = find(key, field);
  if (!value) return 0;
  if (value->kind != FlatJsonValue::Kind::integer) {
    fail();
    return 0;
  }
  return value->number;
}

int FlatJsonReader::integer(std::string_view key, Field field) {
  const std::int64_t number = int64(key, field);
  if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max()) {
    fail();
    return 0;
  }
  return static_cast<int>(number);
}

std::vector<std::string> FlatJsonReader::strings(std::string_view key, Field field) {
  std::vector<std::string> result;
  const FlatJsonValue* list = find(key, field);
  if (!list) return result;
  if (list->kind != FlatJsonValue::Kind::array) {
    fail();
    return result;
  }
  result.reserve(list->count);
  for (std::size_t i = 0; i < list->count; ++i) {
    const FlatJsonValue& element = m_object->elements[list->first + i];
    if (element.kind != FlatJsonValue::Kind::string) {
      fail();
      continue;
    }
    result.emplace_back(element.text);
  }
  return result;
}

std::vector<bool> FlatJsonReader::booleans(std::string_view key, Field field) {
  std::vector<bool> result;
  const FlatJsonValue* list = find(key, field);
  if (!list) return result;
  if (list->kind != FlatJsonValue::Kind::array) {
    fail();
    return result;
  }
  for (std::size_t i = 0; i < list->count; ++i) {
    const FlatJsonValue& element = m_object->elements[list->first + i];
    if (element.kind != FlatJsonValue::Kind::boolean) fail();
    else result.push_back(element.flag);
  }
  return result;
}

std::optional<std::vector<std::size_t>> FlatJsonReader::indexes_of(const FlatJsonValue& list) {
  if (list.kind != FlatJsonValue::Kind::array) {
    fail();
    return std::nullopt;
  }
  std::vector<std::size_t> result;
  result.reserve(list.count);
  for (std::size_t i = 0; i < list.count; ++i) {
    const FlatJsonValue& element = m_object->elements[list.first + i];
    // JsonReader::as_index: not negative, at most 2^32-1 (wasm32's size_t).
    if (element.kind != FlatJsonValue::Kind::integer || element.number < 0 || element.number > std::numeric_limits<std::uint32_t>::max()) {
      fail();
      continue;
    }
    result.push_back(static_cast<std::size_t>(element.number));
  }
  return result;
}

std::vector<std::size_t> FlatJsonReader::indexes(std::string_view key, Field field) {
  const FlatJsonValue* list = find(key, field);
  if (!list) return {};
  return indexes_of(*list).value_or(std::vector<std::size_t>());
}

std::optional<std::vector<std::size_t>> FlatJsonReader::as_indexes() {
  if (!m_value) {
    fail();
    return std::nullopt;
  }
  return indexes_of(*m_value);
}

}  // namespace umuhanda
