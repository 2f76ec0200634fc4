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

// What a client sends takes the scanner's path; the document reader reads the same push.
TEST(SyncPushBody, TheScannerTakesAClientsPushAndReadsItAsTheDocumentReaderDoes) {
  const std::string body = R"({ "device" : "phone.0123456789ab", "events" : [
    {"type":"answer","id":"phone.0123456789ab:1","pack_id":"umuhanda-default","question_id":"sign-stop","chosen":[1],"correct":true,"answered_at_ms":1765000000000,"time_spent_ms":3000,"mode":"practice"},
    {"type":"exam_attempt","id":"phone.0123456789ab:2","pack_id":"umuhanda-default","blueprint_id":"mock","exam_set_id":null,"started_at_ms":1765000000000,
     "submitted_at_ms":1765000600000,"question_ids":["q1","q2","q3"],"chosen":[[1],null,[0,1]],"flagged":[false,true,false],"score":1,
     "question_count":3,"pass_mark":2,"passed":false,"timed_out":true},
    {"id":"phone.0123456789ab:3","reset_at_ms":-0,"type":"reset"},
    {"type":"answer","id":"phone.0123456789ab:4","pack_id":"p","question_id":"Cédez-le-passage","chosen":[],"correct":false,"answered_at_ms":1,"time_spent_ms":0,"mode":"review","note":[1,[2]]}
  ]} )";
  auto scanned = scan_sync_push_body(body);
  ASSERT_TRUE(scanned.has_value());
  auto document = read_sync_push_document(body);
  ASSERT_TRUE(document.ok()) << to_string(document.errors());
  EXPECT_TRUE(document->rejected.empty());
  EXPECT_EQ(scanned->device, document->device);
  ASSERT_EQ(scanned->events.size(), 4u);
  EXPECT_EQ(scanned->events, document->events);
  EXPECT_EQ(scanned->events[1].body, document->events[1].body);
  EXPECT_NE(scanned->events[1].body.find(R"("chosen":[[1],null,[0,1]])"), std::string::npos) << scanned->events[1].body;
}

// Anything the scanner does not read exactly as JsonReader would, it leaves alone; the push is
// then read (and bad events rejected) by the document reader, as before.
TEST(SyncPushBody, TheScannerLeavesEveryOtherBodyToTheDocumentReader) {
  const std::string answer_head = R"({"device":"d","events":[{"type":"answer","id":"d:1","pack_id":"p","question_id":)";
  const std::string answer_tail = R"(,"chosen":[1],"correct":true,"answered_at_ms":5,"time_spent_ms":0,"mode":"practice"}]})";
  const std::vector<std::string> bodies = {
      answer_head + R"("q\u00e9")" + answer_tail,                                                                         // an escape
      answer_head + R"("q","question_id":"r")" + answer_tail,                                                             // a repeated key
      answer_head + R"("q","extra":{"nested":1})" + answer_tail,                                                          // an object inside
      answer_head + R"("q","extra":[[[1]]])" + answer_tail,                                                               // arrays three deep
      answer_head + R"("q","extra":1.5)" + answer_tail,                                                                   // a fraction
      answer_head + R"("q","extra":1e3)" + answer_tail,                                                                   // an exponent
      answer_head + R"("q","extra":18446744073709551615)" + answer_tail,                                                  // beyond int64
      answer_head + R"("q","mode":"nap")" + R"(,"chosen":[1],"correct":true,"answered_at_ms":5,"time_spent_ms":0}]})",    // a bad mode
      answer_head + R"("q")" + R"(,"chosen":[-1],"correct":true,"answered_at_ms":5,"time_spent_ms":0,"mode":"exam"}]})",  // a negative index
      answer_head + R"("q")" + R"(,"chosen":[1],"correct":1,"answered_at_ms":5,"time_spent_ms":0,"mode":"exam"}]})",      // a wrong type
      answer_head + R"("q")" + R"(,"chosen":[1],"correct":true,"answered_at_ms":5,"mode":"exam"}]})",                     // a field missing
      answer_head + "\"q\x01\"" + answer_tail,                                                                            // a control character
      answer_head + "\"q\xC3\"" + answer_tail,                                                                            // cut UTF-8
      "\xEF\xBB\xBF" + answer_head + R"("q")" + answer_tail,                                                              // a byte order mark
      R"({"device":"d","other":1,"events":[]})",                                                                          // an unknown field
      R"({"device":"d","events":[],"device":"e"})",                                                                       // a field twice
      R"({"device":"d","events":[]} x)",                                                                                  // something after
      R"({"device":"d","events":[7]})",                                                                                   // not an object
  };
  for (const std::string& body : bodies) {
    EXPECT_FALSE(scan_sync_push_body(body).has_value()) << body;
    auto parsed = parse_sync_push_body(body);
    auto document = read_sync_push_document(body);
    ASSERT_EQ(parsed.ok(), document.ok()) << body;
    if (!parsed.ok()) continue;
    EXPECT_EQ(parsed->events, document->events) << body;
    EXPECT_EQ(parsed->rejected.size(), document->rejected.size()) << body;
  }
  // The escape is read, not refused: the document reader decodes it.
  auto escaped = parse_sync_push_body(bodies[0]);
  ASSERT_TRUE(escaped.ok());
  ASSERT_EQ(escaped->events.size(), 1u);
  EXPECT_NE(escaped->events[0].body.find("\"question_id\":\"qé\""), std::string::npos) << escaped->events[0].body;
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
