// CSV for spreadsheets (RFC 4180): what staff download (a class's roster) opens in LibreOffice,
// Excel or Google Sheets with every accent and every comma where it was; and the one reader of
// what spreadsheets save (the question importer, the class roster import). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/diagnostic.hpp"
#include "umuhanda/source_map.hpp"

namespace umuhanda {

// One field: quoted when it holds a comma, a quote, a line break or leading/trailing spaces
// (quotes doubled). A text starting with = + - @ (or a tab or carriage return) is prefixed with
// an apostrophe: a spreadsheet would otherwise run it as a formula (CSV injection, OWASP), and a
// student's name is not a formula.
std::string csv_field(std::string_view text);
// A field that is a number as written ("42", "0.75"): never prefixed, so "-3" stays a number.
std::string csv_number(std::string_view number);

// Rows of fields already made with csv_field/csv_number, each line ended with CRLF, after a UTF-8
// byte order mark (without it Excel reads UTF-8 as Windows-1252 and "Uwimana Élise" breaks).
std::string csv_document(const std::vector<std::vector<std::string>>& rows);

// [SECTION] Reading

struct CsvField {
  std::string value;
  std::size_t offset = 0;  // byte offset of the field's first character (its quote, if quoted)
};

struct CsvRecord {
  std::vector<CsvField> fields;
  std::size_t offset = 0;      // where the record starts
  std::size_t end_offset = 0;  // where its last line ends
  bool broken = false;         // a quoting error was reported for it already
};

// The delimiter of a file saved by a spreadsheet: ',' unless the first line (the header) has more
// ';' (French or German locales) or tabs (some tools, and copy-paste from a sheet).
char detect_csv_delimiter(std::string_view text);

// Every record of `text` (RFC 4180: quoted cells with doubled quotes and line breaks, CRLF, LF or
// CR line ends), fields untrimmed. A quoting error is added to `errors`, located through `map`,
// and marks its record broken; an unclosed quote ends the reading. Blank lines come back as
// records of one empty field: the caller decides whether they matter.
std::vector<CsvRecord> read_csv_records(std::string_view text, char delimiter, const SourceMap& map, Diagnostics& errors);

}  // namespace umuhanda
