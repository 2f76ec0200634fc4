// CSV for spreadsheets (RFC 4180): what staff download (a class's roster) opens in LibreOffice,
// Excel or Google Sheets with every accent and every comma where it was. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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

}  // namespace umuhanda
