// Class lists from spreadsheet files (shared/src/student_roster.cpp): the columns found by name in
// any case and delimiter, every problem located at FILE:LINE:COLUMN with the account rules' words.
#include <gtest/gtest.h>

#include "umuhanda/student_roster.hpp"

namespace umuhanda {
namespace {

std::vector<std::string> messages(const Expected<std::vector<RosterEntry>>& parsed) {
  std::vector<std::string> out;
  if (parsed.ok()) return out;
  for (const Diagnostic& d : parsed.errors()) out.push_back(to_string(d));
  return out;
}

TEST(StudentRoster, ReadsNamesAndPhonesInAnyColumnOrderAndCase) {
  auto parsed =
      parse_student_roster("Phone,NAME,notes\r\n078 123 4567,Aline Uwase,front row\r\n\r\n+250 72 000 0001,\"Mugabo, Eric\",\r\n", "class.csv");
  ASSERT_TRUE(parsed.ok()) << to_string(parsed.errors());
  EXPECT_EQ(parsed.value(), (std::vector<RosterEntry>{{"Aline Uwase", "+250781234567", 2}, {"Mugabo, Eric", "+250720000001", 4}}));
}

TEST(StudentRoster, ReadsFrenchHeadersWithSemicolonsAndTabsAfterAByteOrderMark) {
  auto semicolons = parse_student_roster("\xEF\xBB\xBFNom;T\xC3\x89L\xC3\x89PHONE\n\xC3\x89lise Mukamana;0791000001\n", "classe.csv");
  ASSERT_TRUE(semicolons.ok()) << to_string(semicolons.errors());
  EXPECT_EQ(semicolons.value(), (std::vector<RosterEntry>{{"\xC3\x89lise Mukamana", "+250791000001", 2}}));
  auto tabs = parse_student_roster("name\tphone\nJean Bosco\t0731000001\n", "class.tsv");
  ASSERT_TRUE(tabs.ok()) << to_string(tabs.errors());
  EXPECT_EQ(tabs.value(), (std::vector<RosterEntry>{{"Jean Bosco", "+250731000001", 2}}));
}

TEST(StudentRoster, EveryBadRowIsReportedAtItsCell) {
  auto parsed = parse_student_roster(
      "name,phone\n"
      "Aline Uwase,0781234567\n"
      ",0781000002\n"
      "Eric,078 123\n"
      "Grace,0781234567\n"
      "Paul\n"
      "Anne,abc\n",
      "class.csv");
  EXPECT_EQ(messages(parsed), (std::vector<std::string>{
                                  "class.csv:3:1: the name is empty: each student needs the name their instructor sees",
                                  "class.csv:4:6: phone \"078 123\" is not a Rwandan phone number: a Rwandan mobile number has 10 digits "
                                  "starting 07, e.g. 078 123 4567; this one has 6 digits",
                                  "class.csv:5:7: phone 078 123 4567 is already on line 2: each student needs their own number",
                                  "class.csv:6:5: the phone is empty: each student signs in with their own mobile number",
                                  "class.csv:7:6: phone \"abc\" is not a Rwandan phone number: a phone number has no letters, this one has 'a'; "
                                  "a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567",
                              }));
}

TEST(StudentRoster, MissingColumnsAreNamedWithTheHeaderFound) {
  EXPECT_EQ(messages(parse_student_roster("Nom,Tel portable\nAline,0781234567\n", "class.csv")),
            (std::vector<std::string>{"class.csv:1:1: no \"phone\" column: the first line names the columns, e.g. name,phone (this one has "
                                      "\"Nom\", \"Tel portable\")"}));
  EXPECT_EQ(messages(parse_student_roster("0781234567\n", "class.csv")),
            (std::vector<std::string>{
                "class.csv:1:1: no \"name\" column: the first line names the columns, e.g. name,phone (this one has \"0781234567\")",
                "class.csv:1:1: no \"phone\" column: the first line names the columns, e.g. name,phone (this one has \"0781234567\")"}));
}

TEST(StudentRoster, AnEmptyFileOrOneWithoutStudentsIsRefused) {
  EXPECT_EQ(messages(parse_student_roster("", "class.csv")),
            (std::vector<std::string>{"class.csv: the file is empty: its first line names the columns (name,phone), then one student per line"}));
  EXPECT_EQ(messages(parse_student_roster("name,phone\r\n\r\n", "class.csv")),
            (std::vector<std::string>{"class.csv:1:1: no students: the file has its header line and nothing under it"}));
}

TEST(StudentRoster, AQuotingErrorIsLocated) {
  EXPECT_EQ(
      messages(parse_student_roster("name,phone\n\"Aline,0781234567\n", "class.csv")),
      (std::vector<std::string>{"class.csv:2:1: this quoted cell is never closed: a '\"' is missing, so the rest of the file was read into it"}));
}

TEST(StudentRoster, AtMost500StudentsAtATime) {
  std::string text = "name,phone\n";
  for (int i = 0; i < 501; ++i) text += "Student " + std::to_string(i) + ",078" + std::to_string(1000000 + i) + "\n";
  EXPECT_EQ(messages(parse_student_roster(text, "big.csv")),
            (std::vector<std::string>{"big.csv:502:1: more than 500 students: add at most 500 at a time (split the file)"}));
  text.erase(text.rfind("Student 500"));
  auto parsed = parse_student_roster(text, "big.csv");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->size(), 500u);
}

TEST(StudentRoster, PhonesAreShownAsPeopleReadThem) {
  EXPECT_EQ(display_phone("+250781234567"), "078 123 4567");
  EXPECT_EQ(display_phone("aline@example.rw"), "aline@example.rw");
}

}  // namespace
}  // namespace umuhanda
