// CSV fields and documents, and the reader (see csv.hpp).
#include "umuhanda/csv.hpp"

#include <algorithm>
#include <cstddef>

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

// [SECTION] Reading

// Spreadsheets in French or German locales write ';', some tools tabs: the header tells which.
char detect_csv_delimiter(std::string_view text) {
  const std::string_view header = text.substr(0, text.find_first_of("\r\n"));
  char best = ',';
  std::ptrdiff_t best_count = std::count(header.begin(), header.end(), ',');
  for (char candidate : {';', '\t'}) {
    const auto count = std::count(header.begin(), header.end(), candidate);
    if (count > best_count) {
      best = candidate;
      best_count = count;
    }
  }
  return best;
}

std::vector<CsvRecord> read_csv_records(std::string_view text, char delimiter, const SourceMap& map, Diagnostics& errors) {
  std::vector<CsvRecord> records;
  std::size_t pos = 0;
  const std::size_t n = text.size();
  auto at_field_end = [&](std::size_t p) { return p >= n || text[p] == delimiter || text[p] == '\r' || text[p] == '\n'; };
  while (pos < n) {
    CsvRecord record;
    record.offset = pos;
    while (true) {
      CsvField field;
      field.offset = pos;
      if (pos < n && text[pos] == '"') {
        const std::size_t quote = pos++;
        bool closed = false;
        while (pos < n) {
          const char c = text[pos];
          if (c == '"') {
            if (pos + 1 < n && text[pos + 1] == '"') {
              field.value += '"';
              pos += 2;
              continue;
            }
            ++pos;
            closed = true;
            break;
          }
          if (c == '\r') {  // a line break inside a cell is kept as "\n" whatever the file uses
            field.value += '\n';
            ++pos;
            if (pos < n && text[pos] == '\n') ++pos;
            continue;
          }
          field.value += c;
          ++pos;
        }
        if (!closed) {
          errors.push_back(error(map.locate(quote), "this quoted cell is never closed: a '\"' is missing, so the rest of the file was read into it"));
          record.broken = true;
          record.fields.push_back(std::move(field));
          record.end_offset = n;
          records.push_back(std::move(record));
          return records;
        }
        while (pos < n && (text[pos] == ' ' || text[pos] == '\t') && text[pos] != delimiter) ++pos;
        if (!at_field_end(pos)) {
          errors.push_back(error(map.locate(pos), "unexpected text after the closing '\"' of a quoted cell: write a '\"' inside a cell as '\"\"'"));
          record.broken = true;
          while (!at_field_end(pos)) ++pos;
        }
      } else {
        while (!at_field_end(pos)) field.value += text[pos++];
      }
      record.fields.push_back(std::move(field));
      if (pos < n && text[pos] == delimiter) {
        ++pos;
        continue;
      }
      record.end_offset = pos;
      if (pos < n && text[pos] == '\r') {
        ++pos;
        if (pos < n && text[pos] == '\n') ++pos;
      } else if (pos < n && text[pos] == '\n') {
        ++pos;
      }
      break;
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace umuhanda
