// The JSON request bodies the server accepts: what each takes and how it refuses the rest.
#include <gtest/gtest.h>

#include "request_bodies.hpp"

namespace umuhanda {
namespace {

TEST(RollbackBody, TakesAVersionFromOneToTheLargestInt) {
  for (auto [body, version] :
       {std::pair{R"({"version": 1})", 1}, {R"({"version": 7, "note": "bad upload"})", 7}, {R"({"version": 2147483647})", 2147483647}}) {
    auto parsed = parse_rollback_body(body);
    ASSERT_TRUE(parsed.ok()) << body << ": " << to_string(parsed.errors());
    EXPECT_EQ(parsed.value(), version) << body;
  }
}

TEST(RollbackBody, RefusesWhatIsNotAnObjectWithAWholeVersion) {
  for (const char* body : {"", "not json", "[1]", "1", R"({"v": 1})", R"({"version": "1"})", R"({"version": 1.5})", R"({"version": null})"}) {
    auto parsed = parse_rollback_body(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_NE(parsed.errors().front().message.find("{\"version\": N}"), std::string::npos) << to_string(parsed.errors());
  }
}

// get<int>() used to wrap these: 4294967297 made version 1 current.
TEST(RollbackBody, RefusesVersionsOutsideOneToTheLargestIntRatherThanWrappingThem) {
  for (const char* body : {R"({"version": 0})", R"({"version": -1})", R"({"version": 2147483648})", R"({"version": 4294967297})",
                           R"({"version": 18446744073709551615})", R"({"version": -9223372036854775808})"}) {
    auto parsed = parse_rollback_body(body);
    ASSERT_FALSE(parsed.ok()) << body << " gave " << parsed.value();
    EXPECT_EQ(parsed.errors().front().path, "version");
    EXPECT_NE(parsed.errors().front().message.find("not a pack version"), std::string::npos) << to_string(parsed.errors());
  }
}

}  // namespace
}  // namespace umuhanda

namespace umuhanda {
namespace {

TEST(SignInBody, TakesAPhoneOrEmailLoginAndCutsALongDeviceOnACharacterBoundary) {
  const std::string device = std::string(99, 'x') + "\xC3\xA9" + "tail";  // é straddles byte 100
  auto parsed = parse_sign_in_body(R"({"login": "0781234567", "password": "  spaces kept  ", "device": ")" + device + "\"}");
  ASSERT_TRUE(parsed.ok()) << to_string(parsed.errors());
  EXPECT_EQ(parsed->login.kind, LoginKind::phone);
  EXPECT_EQ(parsed->login.value, "+250781234567");
  EXPECT_EQ(parsed->password, "  spaces kept  ");
  EXPECT_EQ(parsed->device, std::string(99, 'x'));
  auto email = parse_sign_in_body(R"({"login": "a@b.co", "password": "x", "device": null})");
  ASSERT_TRUE(email.ok()) << to_string(email.errors());
  EXPECT_EQ(email->login.kind, LoginKind::email);
  EXPECT_EQ(email->device, "");
}

TEST(SignUpBody, NamesEveryWrongFieldAndNeverEchoesThePassword) {
  auto parsed = parse_sign_up_body(R"({"name": " ", "login": 781234567, "password": "secret7"})");
  ASSERT_FALSE(parsed.ok());
  std::string paths;
  for (const auto& e : parsed.errors()) paths += e.path + ";";
  EXPECT_EQ(paths, "name;login;password;");
  EXPECT_EQ(to_string(parsed.errors()).find("secret7"), std::string::npos) << to_string(parsed.errors());
  for (const char* body : {"", "[]", "null", R"({"name": "A"})"}) EXPECT_FALSE(parse_sign_up_body(body).ok()) << body;
  auto good = parse_sign_up_body(R"({"name": "  Aline  ", "login": "+250 78 123 4567", "password": "eight ch"})");
  ASSERT_TRUE(good.ok()) << to_string(good.errors());
  EXPECT_EQ(good->name, "Aline");
}

TEST(SyncPushBody, KeepsGoodRecordsInTheirCanonicalLineAndRejectsBadOnesAlone) {
  const std::string answer = R"({"mode":"exam","id":"tab-1:4","type":"answer","pack_id":"p","question_id":"q","chosen":[2,0,2],"correct":false,)"
                             R"("answered_at_ms":1765000000123,"time_spent_ms":900,"extra":"dropped"})";
  auto parsed = parse_sync_push_body(R"({"device": "tab-1", "events": [)" + answer +
                                     R"(, {"type": "reset", "id": "tab-1:5"}, {"type": "reset", "id": "tab 1:6", "reset_at_ms": 5}, 7,)"
                                     R"( {"type": "reset", "id": "tab-1:8", "reset_at_ms": 1765000000999}]})");
  ASSERT_TRUE(parsed.ok()) << to_string(parsed.errors());
  EXPECT_EQ(parsed->device, "tab-1");
  ASSERT_EQ(parsed->events.size(), 2u);
  EXPECT_EQ(parsed->events[0].id, "tab-1:4");
  EXPECT_EQ(parsed->events[0].type, "answer");
  EXPECT_EQ(parsed->events[0].at_ms, 1765000000123);
  EXPECT_EQ(parsed->events[0].body, R"({"type":"answer","id":"tab-1:4","pack_id":"p","question_id":"q","chosen":[0,2],"correct":false,)"
                                    R"("answered_at_ms":1765000000123,"time_spent_ms":900,"mode":"exam"})")
      << "the record as the server reads it: type first, choices sorted and unique, unknown keys left out";
  EXPECT_EQ(parsed->events[1].type, "reset");
  EXPECT_EQ(parsed->events[1].at_ms, 1765000000999);
  ASSERT_EQ(parsed->rejected.size(), 3u);
  EXPECT_EQ(parsed->rejected[0].index, 1u);
  EXPECT_EQ(parsed->rejected[0].id, "tab-1:5");
  EXPECT_NE(parsed->rejected[0].reason.find("events[1].reset_at_ms"), std::string::npos) << parsed->rejected[0].reason;
  EXPECT_EQ(parsed->rejected[1].index, 2u);
  EXPECT_NE(parsed->rejected[1].reason.find("printable ASCII"), std::string::npos) << parsed->rejected[1].reason;
  EXPECT_EQ(parsed->rejected[2].index, 3u);
  EXPECT_EQ(parsed->rejected[2].id, "");
}

TEST(SyncPushBody, RefusesABodyThatIsNotAPushWithWhereAndWhy) {
  const std::string events_501 = [] {
    std::string list = "[";
    for (int i = 0; i < 501; ++i) list += std::string(i ? "," : "") + "{}";
    return list + "]";
  }();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"[]", ""},
      {R"({"events": []})", "device"},
      {R"({"device": "", "events": []})", "device"},
      {R"({"device": "a/b", "events": []})", "device"},
      {R"({"device": ")" + std::string(65, 'd') + R"(", "events": []})", "device"},
      {R"({"device": "d", "events": {}})", "events"},
      {R"({"device": "d", "events": )" + events_501 + "}", "events"},
  };
  for (const auto& [body, path] : cases) {
    auto parsed = parse_sync_push_body(body);
    ASSERT_FALSE(parsed.ok()) << body.substr(0, 80);
    EXPECT_EQ(parsed.errors()[0].path, path) << body.substr(0, 80) << ": " << to_string(parsed.errors());
  }
  auto empty = parse_sync_push_body(R"({"device": "d.1_-X", "events": []})");
  ASSERT_TRUE(empty.ok()) << to_string(empty.errors());
  EXPECT_TRUE(empty->events.empty());
}

}  // namespace
}  // namespace umuhanda

namespace umuhanda {
namespace {

TEST(ClassBodies, ANameIsTrimmedAndMustBeADisplayName) {
  auto name = parse_class_name_body(R"({"name": "  Kigali evening  "})");
  ASSERT_TRUE(name.ok()) << to_string(name.errors());
  EXPECT_EQ(name.value(), "Kigali evening");
  for (const char* body : {"", "[]", R"({"title": "x"})", R"({"name": 3})", R"({"name": "   "})", R"({"name": "a\tb"})"}) {
    auto refused = parse_class_name_body(body);
    ASSERT_FALSE(refused.ok()) << body;
    EXPECT_TRUE(refused.errors().front().path == "" || refused.errors().front().path == "name") << body << ": " << to_string(refused.errors());
  }
}

TEST(ClassBodies, ACodeActionIsRotateOffOrOn) {
  EXPECT_EQ(parse_class_code_body(R"({"action": "rotate"})").value(), CodeAction::rotate);
  EXPECT_EQ(parse_class_code_body(R"({"action": "off"})").value(), CodeAction::off);
  EXPECT_EQ(parse_class_code_body(R"({"action": "on"})").value(), CodeAction::on);
  for (const char* body : {R"({"action": "ON"})", R"({"action": "shuffle"})", R"({"action": true})", R"({})"}) {
    auto refused = parse_class_code_body(body);
    ASSERT_FALSE(refused.ok()) << body;
    EXPECT_EQ(refused.errors().front().path, "action") << body;
  }
}

TEST(ClassBodies, AJoinCodeIsReadAsPeopleTypeIt) {
  for (const char* body : {R"({"code": "7KQ4-MX2P"})", R"({"code": " 7kq4 mx2p "})", R"({"code": "7-k-q-4-m-x-2-p"})"}) {
    auto code = parse_class_join_body(body);
    ASSERT_TRUE(code.ok()) << body << ": " << to_string(code.errors());
    EXPECT_EQ(code.value(), "7KQ4MX2P") << body;
  }
  auto misread = parse_class_join_body(R"({"code": "OIL0-0000"})");
  ASSERT_TRUE(misread.ok()) << to_string(misread.errors());
  EXPECT_EQ(misread.value(), "01100000") << "O as 0, I and L as 1";
  for (const char* body : {R"({"code": "7KQ4-MX2"})", R"({"code": "7KQ4-MX2U"})", R"({"code": 12345678})", "nope"}) {
    auto refused = parse_class_join_body(body);
    ASSERT_FALSE(refused.ok()) << body;
    EXPECT_TRUE(refused.errors().front().path == "code" || refused.errors().front().path == "") << body << ": " << to_string(refused.errors());
  }
}

}  // namespace
}  // namespace umuhanda
