// Progress sync against the real server on loopback (docs/sync.md): push and pull, cursors and
// pages, a batch sent twice or from two connections at once stored once, bad records rejected
// alone, bad pushes refused before their body is read, and each student's log kept to them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http_test_support.hpp"

namespace umuhanda {
namespace {

using testing::error_code_of;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;

constexpr const char* kOrigin = "Origin: http://127.0.0.1";  // request_text sends Host: 127.0.0.1
constexpr const char* kJson = "Content-Type: application/json";
constexpr std::int64_t kStart = 1765000000000;  // 2025-12-06, in ms

nlohmann::json answer(const std::string& id, std::int64_t at_ms, bool correct = true) {
  return {{"type", "answer"},
          {"id", id},
          {"pack_id", "umuhanda-default"},
          {"question_id", "signs-stop"},
          {"chosen", {correct ? 1 : 0}},
          {"correct", correct},
          {"answered_at_ms", at_ms},
          {"time_spent_ms", 3000},
          {"mode", "practice"}};
}

nlohmann::json exam_attempt(const std::string& id, std::int64_t at_ms) {
  return {{"type", "exam_attempt"},
          {"id", id},
          {"pack_id", "umuhanda-default"},
          {"blueprint_id", "mock"},
          {"exam_set_id", nullptr},
          {"started_at_ms", at_ms - 60000},
          {"submitted_at_ms", at_ms},
          {"question_ids", {"q1", "q2"}},
          {"chosen", {{1}, nullptr}},
          {"flagged", {false, true}},
          {"score", 1},
          {"question_count", 2},
          {"pass_mark", 2},
          {"passed", false},
          {"timed_out", false}};
}

nlohmann::json answers(const std::string& device, int first, int count) {
  nlohmann::json list = nlohmann::json::array();
  for (int i = first; i < first + count; ++i) list.push_back(answer(device + ":" + std::to_string(i), kStart + i));
  return list;
}

class Sync : public testing::SeededServerTest {
protected:
  // Signs a new student up; returns their cookie ("umuhanda_session=...").
  std::string student(const std::string& phone) {
    RawResponse res =
        round_trip(port, request_text("POST", "/api/v1/accounts", {kOrigin, kJson},
                                      nlohmann::json{{"name", "Student " + phone}, {"login", phone}, {"password", "amahoro y'umuhanda"}}.dump()));
    EXPECT_EQ(res.status, 201) << res.describe();
    const std::string set_cookie = res.header("Set-Cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
  }
  RawResponse push(const std::string& cookie, const nlohmann::json& events, const std::string& device = "phone-1") {
    return push_text(cookie, nlohmann::json{{"device", device}, {"events", events}}.dump());
  }
  RawResponse push_text(const std::string& cookie, const std::string& body, std::vector<std::string> headers = {kOrigin, kJson}) {
    if (!cookie.empty()) headers.push_back("Cookie: " + cookie);
    return round_trip(port, request_text("POST", "/api/v1/sync/push", headers, body));
  }
  RawResponse pull(const std::string& cookie, const std::string& query = "") {
    return round_trip(port, request_text("GET", "/api/v1/sync/events" + query, {"Cookie: " + cookie}));
  }
  static nlohmann::json body_of(const RawResponse& res) { return nlohmann::json::parse(res.body, nullptr, false); }

  // Every event of the student's log, page after page of `limit`; fails the test on a bad page.
  std::vector<nlohmann::json> pull_all(const std::string& cookie, int limit, int* pages = nullptr) {
    std::vector<nlohmann::json> events;
    std::string cursor = "0";
    for (int page = 1; page < 1000; ++page) {
      RawResponse res = pull(cookie, "?after=" + cursor + "&limit=" + std::to_string(limit));
      EXPECT_EQ(res.status, 200) << res.describe();
      const nlohmann::json body = body_of(res);
      if (res.status != 200 || !body.is_object()) break;
      EXPECT_LE(body["events"].size(), static_cast<std::size_t>(limit));
      for (const auto& event : body["events"]) events.push_back(event);
      cursor = body["cursor"].get<std::string>();
      if (pages) *pages = page;
      if (!body["more"].get<bool>()) break;
    }
    return events;
  }
};

TEST_F(Sync, PushedEventsComeBackInOrderWithACursorThatMovesOnlyOverNewEvents) {
  const std::string cookie = student("0781100001");
  const nlohmann::json events = {answer("phone-1:1", kStart), exam_attempt("phone-1:2", kStart + 5000),
                                 nlohmann::json{{"type", "reset"}, {"id", "phone-1:3"}, {"reset_at_ms", kStart + 9000}}};
  RawResponse pushed = push(cookie, events);
  ASSERT_EQ(pushed.status, 200) << pushed.describe();
  const nlohmann::json outcome = body_of(pushed);
  EXPECT_EQ(outcome["accepted"], (nlohmann::json{"phone-1:1", "phone-1:2", "phone-1:3"}));
  EXPECT_EQ(outcome["rejected"], nlohmann::json::array());
  EXPECT_EQ(outcome["stored"], 3);
  EXPECT_EQ(outcome["duplicates"], 0);
  EXPECT_EQ(pushed.header("Cache-Control"), "private, no-store");

  RawResponse pulled = pull(cookie);
  ASSERT_EQ(pulled.status, 200) << pulled.describe();
  EXPECT_EQ(pulled.header("Cache-Control"), "private, no-store");
  const nlohmann::json page = body_of(pulled);
  EXPECT_EQ(page["events"], events) << "each record comes back as it was sent, field for field";
  EXPECT_EQ(page["cursor"], outcome["cursor"]);
  EXPECT_FALSE(page["more"].get<bool>());

  // From the cursor: nothing new, and the cursor stays.
  const std::string cursor = page["cursor"].get<std::string>();
  const nlohmann::json nothing = body_of(pull(cookie, "?after=" + cursor));
  EXPECT_EQ(nothing["events"], nlohmann::json::array());
  EXPECT_EQ(nothing["cursor"], cursor);
  // Another device pushes; the first device's cursor brings exactly that.
  ASSERT_EQ(push(cookie, nlohmann::json::array({answer("laptop:1", kStart + 20000)}), "laptop").status, 200);
  const nlohmann::json next = body_of(pull(cookie, "?after=" + cursor));
  ASSERT_EQ(next["events"].size(), 1u);
  EXPECT_EQ(next["events"][0]["id"], "laptop:1");
}

TEST_F(Sync, PagesOfAnyLengthTogetherHoldEveryEventOnceInPushOrder) {
  const std::string cookie = student("0781100002");
  for (int batch = 0; batch < 5; ++batch) ASSERT_EQ(push(cookie, answers("tab", batch * 47, 47)).status, 200);
  for (int limit : {1, 7, 100, 1000}) {
    int pages = 0;
    const std::vector<nlohmann::json> events = pull_all(cookie, limit, &pages);
    ASSERT_EQ(events.size(), 235u) << "limit " << limit;
    for (int i = 0; i < 235; ++i) EXPECT_EQ(events[i]["id"], "tab:" + std::to_string(i)) << "limit " << limit;
    EXPECT_EQ(pages, (235 + limit - 1) / limit) << "limit " << limit << ": the last page says no more follow";
  }
}

TEST_F(Sync, TheSameBatchTwiceOrFromTwoConnectionsAtOnceIsStoredOnce) {
  const std::string cookie = student("0781100003");
  const nlohmann::json batch = answers("phone-1", 1, 50);
  RawResponse first = push(cookie, batch);
  ASSERT_EQ(first.status, 200) << first.describe();
  EXPECT_EQ(body_of(first)["stored"], 50);
  RawResponse again = push(cookie, batch);
  ASSERT_EQ(again.status, 200) << again.describe();
  EXPECT_EQ(body_of(again)["stored"], 0);
  EXPECT_EQ(body_of(again)["duplicates"], 50);
  EXPECT_EQ(body_of(again)["accepted"].size(), 50u) << "a retry is acknowledged like the first push";
  EXPECT_EQ(body_of(again)["cursor"], body_of(first)["cursor"]);

  // Eight connections push the same new batch at the same moment, twice over.
  const nlohmann::json shared_batch = answers("phone-2", 1, 50);
  std::vector<RawResponse> results(8);
  std::vector<std::thread> pushers;
  for (std::size_t i = 0; i < results.size(); ++i) pushers.emplace_back([&, i] { results[i] = push(cookie, shared_batch, "phone-2"); });
  for (auto& pusher : pushers) pusher.join();
  int stored = 0;
  for (const RawResponse& res : results) {
    ASSERT_EQ(res.status, 200) << res.describe();
    stored += body_of(res)["stored"].get<int>();
    EXPECT_EQ(body_of(res)["stored"].get<int>() + body_of(res)["duplicates"].get<int>(), 50);
  }
  EXPECT_EQ(stored, 50) << "each event was stored by exactly one of the pushes";
  const std::vector<nlohmann::json> events = pull_all(cookie, 1000);
  EXPECT_EQ(events.size(), 100u);
  std::set<std::string> ids;
  for (const auto& event : events) ids.insert(event["id"].get<std::string>());
  EXPECT_EQ(ids.size(), 100u);
}

TEST_F(Sync, ABadRecordIsRejectedAloneWithItsReasonAndTheOthersAreStored) {
  const std::string cookie = student("0781100004");
  nlohmann::json events = answers("phone-1", 1, 3);
  events.insert(events.begin() + 1, nlohmann::json{{"type", "answer"}, {"id", "phone-1:99"}, {"pack_id", "p"}});  // fields missing
  events.push_back(nlohmann::json{{"type", "lesson_read"}, {"id", "phone-1:100"}});
  events.push_back(answer("phone 1:7", kStart));  // a blank in the id
  events.push_back("not an object");
  RawResponse res = push(cookie, events);
  ASSERT_EQ(res.status, 200) << res.describe();
  const nlohmann::json outcome = body_of(res);
  EXPECT_EQ(outcome["accepted"], (nlohmann::json{"phone-1:1", "phone-1:2", "phone-1:3"}));
  EXPECT_EQ(outcome["stored"], 3);
  ASSERT_EQ(outcome["rejected"].size(), 4u) << outcome.dump(2);
  EXPECT_EQ(outcome["rejected"][0]["index"], 1);
  EXPECT_EQ(outcome["rejected"][0]["id"], "phone-1:99");
  EXPECT_NE(outcome["rejected"][0]["reason"].get<std::string>().find("events[1].question_id"), std::string::npos) << outcome.dump(2);
  EXPECT_NE(outcome["rejected"][1]["reason"].get<std::string>().find("\"lesson_read\""), std::string::npos) << outcome.dump(2);
  EXPECT_NE(outcome["rejected"][2]["reason"].get<std::string>().find("events[5].id: must be"), std::string::npos) << outcome.dump(2);
  EXPECT_EQ(outcome["rejected"][3]["index"], 6);
  EXPECT_EQ(pull_all(cookie, 100).size(), 3u);
}

TEST_F(Sync, PushesThatAreNotOnesAreRefusedAndStoreNothing) {
  const std::string cookie = student("0781100005");
  const std::string good = nlohmann::json{{"device", "phone-1"}, {"events", answers("phone-1", 1, 1)}}.dump();
  struct Case {
    std::string what;
    RawResponse res;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"not JSON", push_text(cookie, "{\"device\": "), 400, "bad_request"},
      {"no device", push_text(cookie, R"({"events": []})"), 400, "bad_request"},
      {"a device id with a slash", push(cookie, answers("a", 1, 1), "../etc"), 400, "bad_request"},
      {"501 events", push(cookie, answers("phone-1", 1, 501)), 400, "bad_request"},
      {"a form type", push_text(cookie, good, {kOrigin, "Content-Type: application/x-www-form-urlencoded"}), 415, "unsupported_media_type"},
      {"another site's page", push_text(cookie, good, {"Origin: https://evil.example", kJson}), 403, "cross_origin"},
      {"no Origin", push_text(cookie, good, {kJson}), 403, "cross_origin"},
      {"no session", push_text("", good), 401, "not_signed_in"},
      {"an ended session", push_text("umuhanda_session=ums_0000000000000000000000000000000000000000000", good), 401, "not_signed_in"},
      {"over 1 MiB", push_text(cookie, std::string(1024 * 1024 + 1, ' ')), 413, "payload_too_large"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.res.status, c.status) << c.what << ": " << c.res.describe();
    EXPECT_EQ(error_code_of(c.res), c.code) << c.what;
  }
  EXPECT_EQ(pull_all(cookie, 100).size(), 0u);
  RawResponse bad_cursor = pull(cookie, "?after=-1");
  EXPECT_EQ(bad_cursor.status, 400) << bad_cursor.describe();
  EXPECT_EQ(pull(cookie, "?after=abc").status, 400);
  EXPECT_EQ(pull(cookie, "?limit=0").status, 400);
  EXPECT_EQ(pull(cookie, "?limit=1001").status, 400);
  RawResponse anonymous = round_trip(port, request_text("GET", "/api/v1/sync/events"));
  EXPECT_EQ(anonymous.status, 401) << anonymous.describe();
}

TEST_F(Sync, EachStudentPullsOnlyTheirOwnLogAndTheSameIdsStaySeparate) {
  const std::string aline = student("0781100006");
  const std::string eric = student("0781100007");
  ASSERT_EQ(push(aline, answers("phone-1", 1, 5)).status, 200);
  EXPECT_EQ(pull_all(eric, 100).size(), 0u) << "Eric sees nothing of Aline's";
  // A device id and counter that happen to match on two students' devices are two events.
  RawResponse erics = push(eric, answers("phone-1", 1, 2));
  ASSERT_EQ(erics.status, 200) << erics.describe();
  EXPECT_EQ(body_of(erics)["stored"], 2);
  EXPECT_EQ(pull_all(aline, 100).size(), 5u);
  EXPECT_EQ(pull_all(eric, 100).size(), 2u);
}

}  // namespace
}  // namespace umuhanda
