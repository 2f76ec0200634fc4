// CSV for spreadsheets (shared/src/csv.cpp): RFC 4180 quoting, formulas disarmed, numbers kept,
// CRLF lines after a UTF-8 byte order mark.
#include <gtest/gtest.h>

#include "umuhanda/csv.hpp"

namespace umuhanda {
namespace {

TEST(Csv, FieldsAreQuotedOnlyWhenTheyMustBeAndQuotesAreDoubled) {
  EXPECT_EQ(csv_field("Aline Uwase"), "Aline Uwase");
  EXPECT_EQ(csv_field("Uwase, Aline"), "\"Uwase, Aline\"");
  EXPECT_EQ(csv_field("Eric \"Rick\" M."), "\"Eric \"\"Rick\"\" M.\"");
  EXPECT_EQ(csv_field("line one\nline two"), "\"line one\nline two\"");
  EXPECT_EQ(csv_field(" padded "), "\" padded \"");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("Élise Mukamana"), "Élise Mukamana");
}

TEST(Csv, AFieldThatASpreadsheetWouldRunAsAFormulaIsDisarmed) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://evil\")"), "\"'=HYPERLINK(\"\"http://evil\"\")\"");
  EXPECT_EQ(csv_field("+250781000001"), "'+250781000001");
  EXPECT_EQ(csv_field("-1"), "'-1");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_number("-1"), "-1") << "a number the server wrote stays a number";
}

TEST(Csv, ADocumentIsCrlfLinesAfterAByteOrderMark) {
  const std::string document = csv_document({{csv_field("name"), csv_field("answers")}, {csv_field("Uwase, Aline"), csv_number("12")}});
  EXPECT_EQ(document, "\xEF\xBB\xBFname,answers\r\n\"Uwase, Aline\",12\r\n");
}

}  // namespace
}  // namespace umuhanda
