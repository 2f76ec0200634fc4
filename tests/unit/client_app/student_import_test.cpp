// Adding students from a class list (web/app/classes.cpp) over the memory HTTP client: a file with
// problems is shown located and never sent; a good one is sent as names and E.164 logins, and the
// answer's reset codes come back for the table and "Copy all"; a refusal creates nothing.
#include <gtest/gtest.h>

#include "app/classes.hpp"
#include "platform/memory/memory_http_client.hpp"

namespace umuhanda {
namespace {

std::optional<AccountProblem> done_with(Classes& classes, MemoryHttpClient& http) {
  std::optional<AccountProblem> outcome = AccountProblem{"pending", ""};
  classes.create_students([&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  return outcome;
}

TEST(StudentImport, AFileWithProblemsIsShownLocatedAndNothingIsSent) {
  MemoryHttpClient http;
  Classes classes(http);
  classes.read_student_file(4, "class.csv", "name,phone\nAline,0781234567\nEric,078 123\n");
  ASSERT_TRUE(classes.student_import().has_value());
  const StudentImport& file = *classes.student_import();
  EXPECT_FALSE(file.ready());
  ASSERT_EQ(file.problems.size(), 1u);
  EXPECT_EQ(to_string(file.problems[0]),
            "class.csv:3:6: phone \"078 123\" is not a Rwandan phone number: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; "
            "this one has 6 digits");
  const auto outcome = done_with(classes, http);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->code, "not_ready");
  EXPECT_TRUE(http.requests().empty()) << "nothing is sent while the file has a problem";
}

TEST(StudentImport, AGoodFileIsSentAndTheCodesComeBackForTheTable) {
  MemoryHttpClient http;
  nlohmann::json sent;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url == "/api/v1/classes/4/students") {
      sent = nlohmann::json::parse(request.body);
      return MemoryHttpReply::ok(R"({"created": [{"user_id": 11, "name": "Aline Uwase", "login": "+250781234567", "reset_code": "4821 0937",)"
                                 R"( "expires_at": 1765023900}], "existing": [{"login": "+250720000001", "status": "added_existing",)"
                                 R"( "user_id": 9, "name": "Eric M."}], "tries": 5})");
    }
    if (request.url == "/api/v1/classes/4/roster") {
      return MemoryHttpReply::ok(
          R"({"class": {"id": 4, "name": "Morning", "instructor": {"id": 2, "name": "Jean"}, "students": 2}, "students": []})");
    }
    return std::nullopt;
  });
  Classes classes(http);
  classes.read_student_file(4, "class.csv", "Nom;T\xC3\xA9l\xC3\xA9phone\nAline Uwase;078 123 4567\nEric;+250 72 000 0001\n");
  ASSERT_TRUE(classes.student_import().has_value());
  EXPECT_TRUE(classes.student_import()->ready());
  EXPECT_EQ(classes.student_import()->students.size(), 2u);

  EXPECT_FALSE(done_with(classes, http).has_value());
  EXPECT_EQ(sent,
            (nlohmann::json{{"students", {{{"name", "Aline Uwase"}, {"login", "+250781234567"}}, {{"name", "Eric"}, {"login", "+250720000001"}}}}}));
  const StudentImport& file = *classes.student_import();
  EXPECT_TRUE(file.sent);
  EXPECT_FALSE(file.ready()) << "a file is sent once";
  ASSERT_EQ(file.created.size(), 1u);
  EXPECT_EQ(file.created[0].reset_code, "4821 0937");
  ASSERT_EQ(file.existing.size(), 1u);
  EXPECT_EQ(file.existing[0].status, "added_existing");
  EXPECT_EQ(classes.created_students_text(), "Aline Uwase\t078 123 4567\t4821 0937\tvalid until 12:25 UTC\n");
  EXPECT_EQ(http.requests().back().url, "/api/v1/classes/4/roster") << "the roster shows the new students";
  classes.forget_student_file();
  EXPECT_FALSE(classes.student_import().has_value());
}

TEST(StudentImport, ARefusalIsShownAndTheFileCanBeSentAgain) {
  MemoryHttpClient http;
  http.reply("/api/v1/classes/4/students",
             MemoryHttpReply::error(422, R"({"error": {"code": "invalid_body", "message": "no account was created: see details",)"
                                         R"( "details": [{"path": "students[0].login", "message": "is students[1]'s too"}]}})"));
  Classes classes(http);
  classes.read_student_file(4, "class.csv", "name,phone\nAline,0781234567\n");
  const auto outcome = done_with(classes, http);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->code, "invalid_body");
  const StudentImport& file = *classes.student_import();
  EXPECT_NE(file.refusal.find("no account was created"), std::string::npos) << file.refusal;
  EXPECT_FALSE(file.sent);
  EXPECT_TRUE(file.ready());
  EXPECT_TRUE(file.created.empty());
}

TEST(StudentImport, AFileTheDeviceCouldNotReadIsItsOneProblem) {
  MemoryHttpClient http;
  Classes classes(http);
  classes.student_file_unreadable(4, "huge.csv", "the file is larger than 16 MB");
  ASSERT_TRUE(classes.student_import().has_value());
  ASSERT_EQ(classes.student_import()->problems.size(), 1u);
  EXPECT_EQ(to_string(classes.student_import()->problems[0]), "huge.csv: the file is larger than 16 MB");
  EXPECT_FALSE(classes.student_import()->ready());
}

TEST(StudentImport, ATimeOfDayIsWrittenInUtc) {
  EXPECT_EQ(utc_time_of_day(1765023900), "12:25 UTC");
  EXPECT_EQ(utc_time_of_day(0), "00:00 UTC");
}

}  // namespace
}  // namespace umuhanda
