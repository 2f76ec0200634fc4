// A class list as an instructor keeps it in a spreadsheet (columns name and phone), read into the
// students to create: the browser checks the file with it before anything is sent, and the server
// applies the same account rules to what arrives (account_rules.hpp). Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// One student of the file: the name as normalize_display_name returns it, the phone as
// normalize_phone does (E.164, what they sign in with), and the line it came from (1-based).
struct RosterEntry {
  std::string name;
  std::string login;
  std::size_t line = 0;

  bool operator==(const RosterEntry&) const = default;
};

// Students one file (and one request) creates at most: a large school's class, with room.
inline constexpr std::size_t kMaxRosterStudents = 500;

// The students of a CSV file (RFC 4180, delimiter ',', ';' or tab as its header line uses, a UTF-8
// byte order mark skipped, blank lines skipped). The header names the columns in any case and
// order: "name" (or "nom", "izina", "full name", "student") and "phone" (or "téléphone",
// "telephone", "tel", "tél", "mobile", "phone number", "telefoni"); other columns are ignored.
// Every problem is reported, each at "FILE:LINE:COLUMN" (FILE is `source_name`): a missing
// column, a quoting error, an empty or unusable name, a phone that is not a Rwandan mobile number
// (normalize_phone's reason), the same phone twice, more than kMaxRosterStudents students, none.
Expected<std::vector<RosterEntry>> parse_student_roster(std::string_view csv_text, std::string_view source_name);

// A login as people read it: "+250781234567" -> "078 123 4567" (anything else unchanged).
std::string display_phone(std::string_view e164);

}  // namespace umuhanda
