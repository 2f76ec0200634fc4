// Contact messages (web/app/contact.cpp) over the memory HTTP client: a message sent with only what
// was filled in (the server fills a signed-in sender), an error report's context sent as an object,
// a flood refused with its code, and staff's filtered list losing a message whose status moved on.
#include <gtest/gtest.h>

#include "app/contact.hpp"
#include "platform/memory/memory_http_client.hpp"

namespace umuhanda {
namespace {

TEST(ContactMessages, AMessageSendsWhatWasFilledAndAnErrorReportItsContext) {
  MemoryHttpClient http;
  std::vector<nlohmann::json> bodies;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url != "/api/v1/contact" || request.method != "POST") return std::nullopt;
    bodies.push_back(nlohmann::json::parse(request.body));
    if (bodies.size() == 3) {
      return MemoryHttpReply::error(429, R"({"error": {"code": "too_many_requests", "message": "5 messages in 10 minutes: wait"}})");
    }
    MemoryHttpReply created = MemoryHttpReply::ok(R"({"contact": {"id": 4, "status": "new"}})");
    created.status = 201;
    return created;
  });
  ContactMessages contact(http);
  std::optional<std::optional<AccountProblem>> outcome;
  auto done = [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); };

  contact.send("question", "When is the next exam?", "", "", nlohmann::json::object(), done);
  EXPECT_TRUE(contact.busy());
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  EXPECT_EQ(contact.sent(), 1u);
  EXPECT_FALSE(bodies[0].contains("name")) << "a signed-in sender's name comes from the account";
  EXPECT_FALSE(bodies[0].contains("context")) << "nothing added to a question";

  contact.send("error_report", "Question 12 shows the wrong sign", "Eric", "0781000002", {{"screen", "practice"}, {"pack_version", 3}}, done);
  http.run_pending();
  EXPECT_FALSE(outcome->has_value());
  EXPECT_EQ(bodies[1]["name"], "Eric");
  EXPECT_EQ(bodies[1]["reply_to"], "0781000002");
  EXPECT_EQ(bodies[1]["context"]["screen"], "practice");

  contact.send("other", "again", "Eric", "0781000002", nullptr, done);
  http.run_pending();
  ASSERT_TRUE(outcome->has_value());
  EXPECT_EQ((*outcome)->code, "too_many_requests");
  EXPECT_EQ(contact.sent(), 2u);
}

TEST(ContactMessages, StaffListOfOneStatusLosesAMessageMovedOn) {
  MemoryHttpClient http;
  http.reply("/api/v1/contact?status=new",
             MemoryHttpReply::ok(R"({"messages": [{"id": 5, "user_id": null, "name": "Eric", "reply_to": "0781000002", "topic": "error_report",)"
                                 R"( "message": "wrong sign", "context": {"screen": "practice"}, "status": "new", "created_at": 1765000000},)"
                                 R"({"id": 4, "user_id": 7, "name": "Aline", "reply_to": "aline@example.rw", "topic": "question",)"
                                 R"( "message": "when?", "context": {}, "status": "new", "created_at": 1764990000}]})"));
  http.reply("/api/v1/contact/5", MemoryHttpReply::ok(R"({"contact": {"id": 5, "status": "in_progress"}})"));
  http.reply("/api/v1/contact/4", MemoryHttpReply::error(404, R"({"error": {"code": "not_found", "message": "no message 4"}})"));
  ContactMessages contact(http);
  contact.load("new");
  http.run_pending();
  ASSERT_TRUE(contact.loaded());
  ASSERT_EQ(contact.messages().size(), 2u);
  EXPECT_EQ(contact.messages()[0].context["screen"], "practice");
  EXPECT_FALSE(contact.messages()[0].user_id.has_value());
  EXPECT_EQ(contact.messages()[1].user_id, 7);

  std::optional<std::optional<AccountProblem>> outcome;
  contact.set_status(5, "in_progress", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  ASSERT_EQ(contact.messages().size(), 1u) << "no longer new: not in the list of new ones";
  EXPECT_EQ(nlohmann::json::parse(http.requests().back().body)["status"], "in_progress");

  contact.set_status(4, "resolved", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome->has_value());
  EXPECT_EQ((*outcome)->code, "not_found");
  EXPECT_EQ(contact.messages().size(), 1u) << "a refused change leaves it where it was";
}

}  // namespace
}  // namespace umuhanda
