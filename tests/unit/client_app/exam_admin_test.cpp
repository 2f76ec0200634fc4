// The admins' scheduled exams (web/app/exam_admin.cpp) over the memory HTTP client: the rules and
// the exams read, the counts asked again every 15 s only while an exam is open, and a rule switched
// off by saving it back whole with only `active` changed.
#include <gtest/gtest.h>

#include "app/exam_admin.hpp"
#include "platform/memory/memory_http_client.hpp"

namespace umuhanda {
namespace {

constexpr const char* kRules =
    R"({"schedules": [{"id": 3, "name": "Hourly", "days": ["MON", "TUE"], "times": ["08:20", "09:20"], "pack": "umuhanda-default",)"
    R"( "blueprint": "provisional-licence", "exam_set": null, "grace_seconds": 120, "audience": "everyone", "class_id": null, "active": true,)"
    R"( "created_at": 1, "updated_at": 2}]})";

std::string exams_with(const std::string& status) {
  return R"({"server_now": 1000, "exams": [{"id": 9, "name": "Hourly", "starts_at": 900, "ends_at": 2100, "status": ")" + status +
         R"(", "pack": "umuhanda-default", "question_count": 20, "pass_mark": 12, "started": 3, "submitted": 2, "counted": 2, "passed": 1,)"
         R"( "pass_rate": 50.0, "mean_score": 15.0}]})";
}

std::size_t exam_lists_asked(const MemoryHttpClient& http) {
  std::size_t asked = 0;
  for (const auto& request : http.requests()) asked += request.url == "/api/v1/admin/exams?days=7" ? 1 : 0;
  return asked;
}

TEST(ExamAdmin, TheCountsAreAskedAgainEveryFifteenSecondsOnlyWhileAnExamIsOpen) {
  MemoryHttpClient http;
  http.reply("/api/v1/exam-schedules", MemoryHttpReply::ok(kRules));
  http.reply("/api/v1/admin/exams?days=7", MemoryHttpReply::ok(exams_with("open")));
  ExamAdmin admin(http);
  admin.load(0);
  http.run_pending();
  ASSERT_TRUE(admin.loaded());
  ASSERT_EQ(admin.exams().size(), 1u);
  EXPECT_EQ(admin.exams()[0].started, 3);
  EXPECT_DOUBLE_EQ(*admin.exams()[0].pass_rate, 50.0);
  EXPECT_EQ(admin.rules()[0].times, (std::vector<std::string>{"08:20", "09:20"}));

  admin.tick(ExamAdmin::kLiveRefreshMs - 1);
  http.run_pending();
  EXPECT_EQ(exam_lists_asked(http), 1u) << "not before 15 s";
  admin.tick(ExamAdmin::kLiveRefreshMs);
  http.run_pending();
  EXPECT_EQ(exam_lists_asked(http), 2u) << "an exam is open: asked again";

  http.reply("/api/v1/admin/exams?days=7", MemoryHttpReply::ok(exams_with("closed")));
  admin.tick(2 * ExamAdmin::kLiveRefreshMs);
  http.run_pending();
  EXPECT_EQ(exam_lists_asked(http), 3u);
  admin.tick(10 * ExamAdmin::kLiveRefreshMs);
  http.run_pending();
  EXPECT_EQ(exam_lists_asked(http), 3u) << "nothing open: no more asking";
  EXPECT_EQ(admin.loads(), 3u);
}

TEST(ExamAdmin, ARuleIsSwitchedOffBySavingItBackWithOnlyActiveChanged) {
  MemoryHttpClient http;
  http.reply("/api/v1/exam-schedules", MemoryHttpReply::ok(kRules));
  http.reply("/api/v1/admin/exams?days=7", MemoryHttpReply::ok(exams_with("upcoming")));
  nlohmann::json sent;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url != "/api/v1/exam-schedules/3" || request.method != "POST") return std::nullopt;
    sent = nlohmann::json::parse(request.body);
    return MemoryHttpReply::ok(R"({"schedule": {"id": 3, "active": false}})");
  });
  ExamAdmin admin(http);
  admin.load(0);
  http.run_pending();
  std::optional<std::optional<AccountProblem>> outcome;
  admin.set_active(3, false, [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  EXPECT_EQ(sent["active"], false);
  EXPECT_EQ(sent["name"], "Hourly");
  EXPECT_EQ(sent["times"], nlohmann::json::array({"08:20", "09:20"}));
  EXPECT_FALSE(sent.contains("id"));
  EXPECT_FALSE(sent.contains("created_at"));
  EXPECT_FALSE(sent.contains("exam_set")) << "a null the route would read as a second paper";
  EXPECT_FALSE(admin.rules()[0].active);
}

}  // namespace
}  // namespace umuhanda
