// Reading a class list from a spreadsheet file (see student_roster.hpp).
#include "umuhanda/student_roster.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "umuhanda/account_rules.hpp"
#include "umuhanda/csv.hpp"

namespace umuhanda {
namespace {

// ASCII letters lowered, and the accented capitals a French header may have (É, È): enough for
// the column names below without a Unicode case table.
std::string header_key(std::string_view text) {
  std::string key;
  for (char c : text) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (const auto& [upper, lower] : {std::pair<std::string_view, std::string_view>{"\xC3\x89", "\xC3\xA9"}, {"\xC3\x88", "\xC3\xA8"}}) {
    for (auto at = key.find(upper); at != std::string::npos; at = key.find(upper, at)) key.replace(at, upper.size(), lower);
  }
  const auto first = key.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return key.substr(first, key.find_last_not_of(" \t") - first + 1);
}

enum class Column { name, phone };

std::optional<Column> column_of(std::string_view header) {
  static const std::array<std::string_view, 6> kName = {"name", "nom", "izina", "full name", "student", "amazina"};
  static const std::array<std::string_view, 9> kPhone = {
      "phone", "t\xC3\xA9l\xC3\xA9phone", "telephone", "tel", "t\xC3\xA9l", "mobile", "phone number", "telefoni", "t\xC3\xA9l\xC3\xA9phone portable"};
  const std::string key = header_key(header);
  if (std::find(kName.begin(), kName.end(), key) != kName.end()) return Column::name;
  if (std::find(kPhone.begin(), kPhone.end(), key) != kPhone.end()) return Column::phone;
  return std::nullopt;
}

bool is_blank_record(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](const CsvField& f) { return f.value.find_first_not_of(" \t\r\n") == std::string::npos; });
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

}  // namespace

Expected<std::vector<RosterEntry>> parse_student_roster(std::string_view csv_text, std::string_view source_name) {
  const std::string name(source_name);
  if (csv_text.starts_with("\xEF\xBB\xBF")) csv_text.remove_prefix(3);
  const SourceMap map(name, csv_text);
  Diagnostics errors;
  const std::vector<CsvRecord> records = read_csv_records(csv_text, detect_csv_delimiter(csv_text), map, errors);
  auto header = std::find_if(records.begin(), records.end(), [](const CsvRecord& r) { return !is_blank_record(r); });
  if (header == records.end()) {
    errors.push_back(error(name, "the file is empty: its first line names the columns (name,phone), then one student per line"));
    return errors;
  }
  std::optional<std::size_t> name_index, phone_index;
  for (std::size_t i = 0; i < header->fields.size(); ++i) {
    const auto column = column_of(header->fields[i].value);
    if (!column) continue;
    auto& index = *column == Column::name ? name_index : phone_index;
    if (index) {
      errors.push_back(error(map.locate(header->fields[i].offset), "a second \"" + trimmed(header->fields[i].value) +
                                                                       "\" column: keep one, so each student's " +
                                                                       (*column == Column::name ? "name" : "phone") + " is clear"));
      continue;
    }
    index = i;
  }
  for (const auto& [index, column] : {std::pair{name_index, "name"}, std::pair{phone_index, "phone"}}) {
    if (index) continue;
    std::string found;
    for (const CsvField& field : header->fields) found += (found.empty() ? "" : ", ") + ("\"" + trimmed(field.value) + "\"");
    errors.push_back(
        error(map.locate(header->offset),
              std::string("no \"") + column + "\" column: the first line names the columns, e.g. name,phone (this one has " + found + ")"));
  }
  if (!name_index || !phone_index) return errors;

  std::vector<RosterEntry> students;
  std::map<std::string, std::size_t> line_of_phone;
  std::size_t rows = 0;
  for (auto record = std::next(header); record != records.end(); ++record) {
    if (is_blank_record(*record) || record->broken) continue;
    if (++rows > kMaxRosterStudents) {
      errors.push_back(error(map.locate(record->offset), "more than " + std::to_string(kMaxRosterStudents) + " students: add at most " +
                                                             std::to_string(kMaxRosterStudents) + " at a time (split the file)"));
      break;
    }
    const std::size_t before = errors.size();
    auto cell = [&](std::size_t index) { return index < record->fields.size() ? std::string_view(record->fields[index].value) : std::string_view(); };
    auto where = [&](std::size_t index) { return map.locate(index < record->fields.size() ? record->fields[index].offset : record->end_offset); };
    RosterEntry entry;
    entry.line = map.line_of(record->offset);
    const std::string typed_name = trimmed(cell(*name_index));
    if (typed_name.empty()) {
      errors.push_back(error(where(*name_index), "the name is empty: each student needs the name their instructor sees"));
    } else if (auto normalized = normalize_display_name(typed_name); !normalized) {
      errors.push_back(error(where(*name_index), "name " + ("\"" + typed_name + "\"") + ": " + normalized.errors().front().message));
    } else {
      entry.name = normalized.value();
    }
    const std::string typed_phone = trimmed(cell(*phone_index));
    if (typed_phone.empty()) {
      errors.push_back(error(where(*phone_index), "the phone is empty: each student signs in with their own mobile number"));
    } else if (auto phone = normalize_phone(typed_phone); !phone) {
      errors.push_back(error(where(*phone_index), "phone \"" + typed_phone + "\" is not a Rwandan phone number: " + phone.errors().front().message));
    } else if (auto [seen, added] = line_of_phone.emplace(phone.value(), entry.line); !added) {
      errors.push_back(error(where(*phone_index), "phone " + display_phone(phone.value()) + " is already on line " + std::to_string(seen->second) +
                                                      ": each student needs their own number"));
    } else {
      entry.login = phone.value();
    }
    if (errors.size() == before) students.push_back(std::move(entry));
  }
  if (errors.empty() && students.empty()) {
    errors.push_back(error(map.locate(header->offset), "no students: the file has its header line and nothing under it"));
  }
  if (!errors.empty()) return errors;
  return students;
}

std::string display_phone(std::string_view e164) {
  if (e164.size() != 13 || !e164.starts_with("+250")) return std::string(e164);
  const std::string national = "0" + std::string(e164.substr(4));
  return national.substr(0, 3) + " " + national.substr(3, 3) + " " + national.substr(6);
}

}  // namespace umuhanda
