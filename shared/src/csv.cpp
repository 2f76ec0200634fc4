// CSV fields and documents (see csv.hpp).
#include "umuhanda/csv.hpp"

namespace umuhanda {

std::string csv_field(std::string_view text) {
  std::string value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r')) value = "'";
  value.append(text);
  const bool quote = value.find_first_of(",\"\r\n") != std::string::npos || (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_number(std::string_view number) { return std::string(number); }

std::string csv_document(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      out += row[i];
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace umuhanda
