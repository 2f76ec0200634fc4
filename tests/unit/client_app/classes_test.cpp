// Classes (web/app/classes.cpp) over the memory HTTP client: the list, joining with a typed code
// (sent as typed: the server normalises it), a refused code's reason, and a roster read whole.
#include <gtest/gtest.h>

#include "app/classes.hpp"
#include "platform/memory/memory_http_client.hpp"

namespace umuhanda {
namespace {

TEST(Classes, JoiningSendsTheTypedCodeAndRefreshesTheList) {
  MemoryHttpClient http;
  bool joined = false;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url == "/api/v1/classes/join") {
      if (nlohmann::json::parse(request.body)["code"] != "7kq4 mx2p") {
        return MemoryHttpReply::error(404, R"({"error": {"code": "unknown_code", "message": "no class has this code"}})");
      }
      joined = true;
      return MemoryHttpReply::ok(
          R"({"class": {"id": 4, "name": "Morning", "instructor": {"id": 2, "name": "Jean"}, "students": 1}, "new_member": true})");
    }
    if (request.url == "/api/v1/classes") {
      return MemoryHttpReply::ok(joined ? R"({"classes": [{"id": 4, "name": "Morning", "instructor": {"id": 2, "name": "Jean"}, "students": 1}]})"
                                        : R"({"classes": []})");
    }
    return std::nullopt;
  });
  Classes classes(http);
  classes.refresh();
  http.run_pending();
  ASSERT_TRUE(classes.loaded());
  EXPECT_TRUE(classes.list().empty());

  std::optional<std::optional<AccountProblem>> outcome;
  classes.join("WRONG", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome.has_value() && outcome->has_value());
  EXPECT_EQ((*outcome)->code, "unknown_code");

  classes.join("7kq4 mx2p", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  ASSERT_EQ(classes.list().size(), 1u);
  EXPECT_EQ(classes.list()[0].name, "Morning");
  EXPECT_EQ(classes.list()[0].instructor, "Jean");
  EXPECT_EQ(classes.list()[0].join_code, "") << "students are not shown the code";
  EXPECT_EQ(http.requests()[1].method, "POST");
}

TEST(Classes, ARosterIsReadWithEveryStudentsFigures) {
  MemoryHttpClient http;
  http.reply("/api/v1/classes/4/roster",
             MemoryHttpReply::ok(R"({"class": {"id": 4, "name": "Morning", "instructor": {"id": 2, "name": "Jean"}, "students": 2,)"
                                 R"( "join_code": "7KQ4-MX2P", "joining": true}, "students": [)"
                                 R"({"id": 7, "name": "Grace", "joined_at": 1, "answers": 12, "seen": 10, "mastered": 3, "total": 393,)"
                                 R"( "exams_taken": 1, "ready": false, "last_activity_ms": 1765000000000, "recent_accuracy": 0.75},)"
                                 R"({"id": 8, "name": "Eric", "joined_at": 2, "answers": 0, "seen": 0, "mastered": 0, "total": 393,)"
                                 R"( "exams_taken": 0, "ready": false, "last_activity_ms": null, "recent_accuracy": null}]})"));
  Classes classes(http);
  classes.select(4);
  classes.open_roster(4);
  EXPECT_TRUE(classes.roster_loading());
  http.run_pending();
  EXPECT_FALSE(classes.roster_loading());
  ASSERT_TRUE(classes.roster().has_value());
  const Roster& roster = *classes.roster();
  EXPECT_EQ(roster.summary.join_code, "7KQ4-MX2P");
  ASSERT_EQ(roster.students.size(), 2u);
  EXPECT_EQ(roster.students[0].answers, 12);
  EXPECT_EQ(roster.students[0].recent_accuracy, 0.75);
  EXPECT_EQ(roster.students[0].last_activity_ms, 1765000000000);
  EXPECT_FALSE(roster.students[1].last_activity_ms.has_value());
  EXPECT_FALSE(roster.students[1].recent_accuracy.has_value());
  classes.forget();
  EXPECT_FALSE(classes.roster().has_value());
}

}  // namespace
}  // namespace umuhanda
