// Classes against the real server on loopback (docs/api.md, "Classes"): instructors create,
// list, rename and manage the join codes of their own classes; students join with a code typed
// any way people type it (twice is fine; wrong codes are a 404 and then throttled); the roster
// shows what each student synced; another instructor's class is a 404; an admin sees every class;
// the join code comes as a QR code (PNG) while joining is on.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "classes_api.hpp"
#include "http_test_support.hpp"
#include "qr_png.hpp"
#include "umuhanda/image_info.hpp"

namespace umuhanda {
namespace {

using testing::error_code_of;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;

constexpr const char* kOrigin = "Origin: http://127.0.0.1";  // request_text sends Host: 127.0.0.1
constexpr const char* kJson = "Content-Type: application/json";
constexpr const char* kPassword = "amahoro y'umuhanda 7";
constexpr std::int64_t kStart = 1765000000000;  // 2025-12-06, in ms

struct Account {
  std::string cookie;  // "umuhanda_session=..."
  std::int64_t id = 0;
};

class Classes : public testing::SeededServerTest {
protected:
  static nlohmann::json body_of(const RawResponse& res) { return nlohmann::json::parse(res.body, nullptr, false); }

  Account signed_in(const RawResponse& res) {
    const std::string set_cookie = res.header("Set-Cookie");
    const nlohmann::json body = body_of(res);
    if (!body.is_object()) return {};
    return Account{set_cookie.substr(0, set_cookie.find(';')), body["user"]["id"].get<std::int64_t>()};
  }
  Account student(const std::string& name, const std::string& phone) {
    RawResponse res = round_trip(port, request_text("POST", "/api/v1/accounts", {kOrigin, kJson},
                                                    nlohmann::json{{"name", name}, {"login", phone}, {"password", kPassword}}.dump()));
    EXPECT_EQ(res.status, 201) << res.describe();
    return signed_in(res);
  }
  // An instructor or admin made with the server's command line, then signed in.
  Account staff(const std::string& name, const std::string& phone, const std::string& role = "instructor") {
    testing::CommandRun run = testing::run_command(
        {UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "user", "create", "--name", name, "--login", phone, "--role", role}, {},
        std::string(kPassword) + "\n");
    EXPECT_EQ(run.status, 0) << run.output;
    RawResponse res = round_trip(
        port, request_text("POST", "/api/v1/sessions", {kOrigin, kJson}, nlohmann::json{{"login", phone}, {"password", kPassword}}.dump()));
    EXPECT_EQ(res.status, 200) << res.describe();
    return signed_in(res);
  }

  RawResponse get(const Account& who, const std::string& path) { return round_trip(port, request_text("GET", path, {"Cookie: " + who.cookie})); }
  RawResponse post(const Account& who, const std::string& path, const nlohmann::json& body) {
    return round_trip(port, request_text("POST", path, {kOrigin, kJson, "Cookie: " + who.cookie}, body.dump()));
  }
  RawResponse remove(const Account& who, const std::string& path) {
    return round_trip(port, request_text("DELETE", path, {kOrigin, "Cookie: " + who.cookie}));
  }

  // A new class of `instructor`'s: its JSON.
  nlohmann::json create(const Account& instructor, const std::string& name) {
    RawResponse res = post(instructor, "/api/v1/classes", {{"name", name}});
    EXPECT_EQ(res.status, 201) << res.describe();
    return body_of(res)["class"];
  }
  RawResponse join(const Account& who, const std::string& code) { return post(who, "/api/v1/classes/join", {{"code", code}}); }

  std::vector<std::string> class_names(const Account& who) {
    RawResponse res = get(who, "/api/v1/classes");
    EXPECT_EQ(res.status, 200) << res.describe();
    std::vector<std::string> names;
    const nlohmann::json body = body_of(res);
    if (!body.is_object()) return names;
    for (const auto& cls : body["classes"]) names.push_back(cls["name"].get<std::string>());
    return names;
  }
};

std::string path_of(const nlohmann::json& cls, const std::string& rest = "") {
  return "/api/v1/classes/" + std::to_string(cls["id"].get<std::int64_t>()) + rest;
}

// A code as a person might type it: lower case, the dash moved and spaced, 0 as o and 1 as l.
std::string typed(const std::string& display) {
  std::string text;
  for (char c : display) {
    if (c == '-') continue;
    text += c == '0' ? 'o' : c == '1' ? 'l' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text.size() == 2) text += " - ";
  }
  return "  " + text + " ";
}

TEST_F(Classes, InstructorsSeeTheirOwnClassesAdminsAllAndStudentsThoseTheyAreIn) {
  const Account teta = staff("Teta", "0791000001");
  const Account jean = staff("Jean", "0791000002");
  const Account admin = staff("Admin", "0721000001", "admin");
  const Account aline = student("Aline", "0781000001");

  RawResponse made = post(teta, "/api/v1/classes", {{"name", "  Kigali evening  "}});
  ASSERT_EQ(made.status, 201) << made.describe();
  EXPECT_EQ(made.header("Cache-Control"), "private, no-store");
  const nlohmann::json evening = body_of(made)["class"];
  EXPECT_EQ(evening["name"], "Kigali evening") << "trimmed";
  EXPECT_EQ(evening["instructor"], (nlohmann::json{{"id", teta.id}, {"name", "Teta"}}));
  EXPECT_EQ(evening["joining"], true);
  EXPECT_EQ(evening["students"], 0);
  EXPECT_TRUE(evening["created_at"].is_number_integer());
  const std::string code = evening["join_code"].get<std::string>();
  ASSERT_EQ(code.size(), 9u) << code;
  EXPECT_EQ(code[4], '-') << "shown in groups of four: " << code;
  create(jean, "Weekend");

  EXPECT_EQ(class_names(teta), (std::vector<std::string>{"Kigali evening"}));
  EXPECT_EQ(class_names(jean), (std::vector<std::string>{"Weekend"}));
  EXPECT_EQ(class_names(admin), (std::vector<std::string>{"Kigali evening", "Weekend"}));
  EXPECT_TRUE(class_names(aline).empty());
  ASSERT_EQ(join(aline, code).status, 200);
  RawResponse mine = get(aline, "/api/v1/classes");
  ASSERT_EQ(mine.status, 200) << mine.describe();
  EXPECT_EQ(mine.header("Cache-Control"), "private, no-store");
  const nlohmann::json listed = body_of(mine)["classes"];
  ASSERT_EQ(listed.size(), 1u) << mine.body;
  EXPECT_EQ(listed[0]["name"], "Kigali evening");
  EXPECT_EQ(listed[0]["students"], 1);
  EXPECT_FALSE(listed[0].contains("join_code")) << "students are not shown the code";

  // One class: its instructor and admins; another instructor sees nothing there, students are refused.
  EXPECT_EQ(get(teta, path_of(evening)).status, 200);
  EXPECT_EQ(get(admin, path_of(evening)).status, 200);
  RawResponse foreign = get(jean, path_of(evening));
  EXPECT_EQ(foreign.status, 404) << foreign.describe();
  EXPECT_EQ(error_code_of(foreign), "not_found");
  EXPECT_EQ(get(jean, "/api/v1/classes/999999").status, 404) << "the same answer as for no class";
  EXPECT_EQ(get(aline, path_of(evening)).status, 403);

  // Renaming: the same rules.
  RawResponse renamed = post(teta, path_of(evening), {{"name", "Kigali evening B"}});
  ASSERT_EQ(renamed.status, 200) << renamed.describe();
  EXPECT_EQ(body_of(renamed)["class"]["name"], "Kigali evening B");
  EXPECT_EQ(post(jean, path_of(evening), {{"name", "Mine now"}}).status, 404);
  EXPECT_EQ(post(admin, path_of(evening), {{"name", "Kigali evening C"}}).status, 200);
  RawResponse unnamed = post(teta, path_of(evening), {{"name", "   "}});
  EXPECT_EQ(unnamed.status, 400) << unnamed.describe();
  EXPECT_EQ(class_names(teta), (std::vector<std::string>{"Kigali evening C"}));

  // A student cannot create a class; a class form from another site is refused before it is read.
  EXPECT_EQ(post(aline, "/api/v1/classes", {{"name", "Mine"}}).status, 403);
  RawResponse cross =
      round_trip(port, request_text("POST", "/api/v1/classes", {"Origin: http://evil.example", kJson, "Cookie: " + teta.cookie}, R"({"name": "x"})"));
  EXPECT_EQ(cross.status, 403) << cross.describe();
  EXPECT_EQ(error_code_of(cross), "cross_origin");
  RawResponse not_json =
      round_trip(port, request_text("POST", "/api/v1/classes", {kOrigin, "Content-Type: text/plain", "Cookie: " + teta.cookie}, R"({"name": "x"})"));
  EXPECT_EQ(not_json.status, 415) << not_json.describe();
  EXPECT_EQ(class_names(teta), (std::vector<std::string>{"Kigali evening C"}));
}

TEST_F(Classes, StudentsJoinWithACodeTypedAnyWayAndOnlyWhileItIsOn) {
  const Account teta = staff("Teta", "0791000001");
  const Account jean = staff("Jean", "0791000002");
  const Account aline = student("Aline", "0781000001");
  const Account eric = student("Eric", "0781000002");
  const nlohmann::json evening = create(teta, "Evening");
  const std::string code = evening["join_code"].get<std::string>();

  RawResponse joined = join(aline, typed(code));
  ASSERT_EQ(joined.status, 200) << typed(code) << ": " << joined.describe();
  EXPECT_EQ(joined.header("Cache-Control"), "private, no-store");
  EXPECT_EQ(body_of(joined)["class"]["id"], evening["id"]);
  EXPECT_EQ(body_of(joined)["new_member"], true);
  RawResponse twice = join(aline, code);
  ASSERT_EQ(twice.status, 200) << twice.describe();
  EXPECT_EQ(body_of(twice)["new_member"], false);
  EXPECT_EQ(body_of(twice)["class"]["students"], 1);

  // Instructors do not join; joining needs the page's own origin.
  EXPECT_EQ(join(jean, code).status, 403);
  RawResponse cross = round_trip(port, request_text("POST", "/api/v1/classes/join", {"Origin: http://evil.example", kJson, "Cookie: " + eric.cookie},
                                                    nlohmann::json{{"code", code}}.dump()));
  EXPECT_EQ(cross.status, 403) << cross.describe();

  // Switched off: the code joins nobody; on again: the same code works.
  RawResponse off = post(teta, path_of(evening, "/code"), {{"action", "off"}});
  ASSERT_EQ(off.status, 200) << off.describe();
  EXPECT_EQ(body_of(off)["class"]["joining"], false);
  RawResponse refused = join(eric, code);
  EXPECT_EQ(refused.status, 404) << refused.describe();
  EXPECT_EQ(error_code_of(refused), "unknown_code");
  EXPECT_EQ(post(jean, path_of(evening, "/code"), {{"action", "on"}}).status, 404) << "not Jean's class";
  RawResponse on = post(teta, path_of(evening, "/code"), {{"action", "on"}});
  ASSERT_EQ(on.status, 200) << on.describe();
  EXPECT_EQ(body_of(on)["class"]["join_code"], code);
  EXPECT_EQ(join(eric, code).status, 200);

  // Rotated: the old code joins nobody, the new one does.
  RawResponse rotated = post(teta, path_of(evening, "/code"), {{"action", "rotate"}});
  ASSERT_EQ(rotated.status, 200) << rotated.describe();
  const std::string fresh = body_of(rotated)["class"]["join_code"].get<std::string>();
  EXPECT_NE(fresh, code);
  const Account gisa = student("Gisa", "0781000003");
  EXPECT_EQ(error_code_of(join(gisa, code)), "unknown_code");
  EXPECT_EQ(join(gisa, fresh).status, 200);
  EXPECT_EQ(post(teta, path_of(evening, "/code"), {{"action", "shuffle"}}).status, 400);
  RawResponse shown = get(teta, path_of(evening));
  EXPECT_EQ(body_of(shown)["class"]["students"], 3);
}

TEST_F(Classes, WrongCodesAre404sUntilTwentyThenEveryJoinFromThatAddressWaits) {
  const Account teta = staff("Teta", "0791000001");
  const Account aline = student("Aline", "0781000001");
  const std::string code = create(teta, "Evening")["join_code"].get<std::string>();
  const std::string wrong = code.substr(0, 8) + (code[8] == 'Z' ? 'Y' : 'Z');
  for (int i = 1; i <= 20; ++i) {
    RawResponse res = join(aline, wrong);
    ASSERT_EQ(res.status, 404) << "wrong code " << i << ": " << res.describe();
    EXPECT_EQ(error_code_of(res), "unknown_code");
  }
  RawResponse throttled = join(aline, wrong);
  EXPECT_EQ(throttled.status, 429) << throttled.describe();
  EXPECT_EQ(error_code_of(throttled), "too_many_requests");
  const std::string wait = throttled.header("Retry-After");
  ASSERT_FALSE(wait.empty());
  EXPECT_GT(std::stoi(wait), 0);
  EXPECT_LE(std::stoi(wait), 15 * 60 + 1);
  EXPECT_EQ(join(aline, code).status, 429) << "even the right code waits: guessing must stop";
  EXPECT_TRUE(class_names(aline).empty());
}

TEST_F(Classes, TheRosterShowsWhatEachStudentSyncedAndRemovedStudentsLeaveIt) {
  const Account teta = staff("Teta", "0791000001");
  const Account jean = staff("Jean", "0791000002");
  const Account admin = staff("Admin", "0721000001", "admin");
  const Account aline = student("Aline", "0781000001");
  const Account eric = student("Eric", "0781000002");
  const nlohmann::json evening = create(teta, "Evening");
  const std::string code = evening["join_code"].get<std::string>();
  ASSERT_EQ(join(aline, code).status, 200);
  ASSERT_EQ(join(eric, code).status, 200);

  // Aline answers three questions of the default pack on her phone (one of them wrong).
  nlohmann::json events = nlohmann::json::array();
  const std::vector<std::string> questions = {"signs-warning-triangle-meaning", "signs-warning-which-is-danger", "signs-give-way-vs-warning-shape"};
  for (std::size_t i = 0; i < questions.size(); ++i) {
    events.push_back({{"type", "answer"},
                      {"id", "phone:" + std::to_string(i + 1)},
                      {"pack_id", "umuhanda-default"},
                      {"question_id", questions[i]},
                      {"chosen", {0}},
                      {"correct", i != 1},
                      {"answered_at_ms", kStart + static_cast<std::int64_t>(i) * 1000},
                      {"time_spent_ms", 3000},
                      {"mode", "practice"}});
  }
  RawResponse pushed = post(aline, "/api/v1/sync/push", {{"device", "phone"}, {"events", events}});
  ASSERT_EQ(pushed.status, 200) << pushed.describe();
  ASSERT_EQ(body_of(pushed)["stored"], 3) << pushed.body;

  RawResponse roster = get(teta, path_of(evening, "/roster"));
  ASSERT_EQ(roster.status, 200) << roster.describe();
  EXPECT_EQ(roster.header("Cache-Control"), "private, no-store");
  const nlohmann::json body = body_of(roster);
  EXPECT_EQ(body["class"]["id"], evening["id"]);
  ASSERT_EQ(body["students"].size(), 2u) << roster.body;
  const nlohmann::json& a = body["students"][0];
  EXPECT_EQ(a["id"], aline.id);
  EXPECT_EQ(a["name"], "Aline");
  EXPECT_EQ(a["answers"], 3);
  EXPECT_EQ(a["last_activity_ms"], kStart + 2000);
  EXPECT_EQ(a["seen"], 3);
  EXPECT_NEAR(a["recent_accuracy"].get<double>(), 2.0 / 3.0, 1e-9);
  EXPECT_GT(a["total"].get<int>(), 300) << "the default pack's questions";
  EXPECT_EQ(a["exams_taken"], 0);
  EXPECT_EQ(a["ready"], false);
  EXPECT_TRUE(a["joined_at"].is_number_integer());
  const nlohmann::json& e = body["students"][1];
  EXPECT_EQ(e["name"], "Eric");
  EXPECT_TRUE(e["last_activity_ms"].is_null()) << "nothing synced yet";
  EXPECT_TRUE(e["recent_accuracy"].is_null());
  EXPECT_EQ(e["answers"], 0);

  // A later push from another device shows at once.
  nlohmann::json on_laptop = events[0];
  on_laptop["id"] = "laptop:1";
  on_laptop["answered_at_ms"] = kStart + 60000;
  RawResponse later = post(aline, "/api/v1/sync/push", {{"device", "laptop"}, {"events", nlohmann::json::array({on_laptop})}});
  ASSERT_EQ(later.status, 200) << later.describe();
  const nlohmann::json after = body_of(get(teta, path_of(evening, "/roster")));
  EXPECT_EQ(after["students"][0]["answers"], 4);
  EXPECT_EQ(after["students"][0]["seen"], 3);
  EXPECT_EQ(after["students"][0]["last_activity_ms"], kStart + 60000);

  EXPECT_EQ(get(admin, path_of(evening, "/roster")).status, 200);
  EXPECT_EQ(get(jean, path_of(evening, "/roster")).status, 404);
  EXPECT_EQ(get(aline, path_of(evening, "/roster")).status, 403);

  // The same roster as a spreadsheet: a file to download, private, one CRLF line a student.
  RawResponse csv = get(teta, path_of(evening, "/roster.csv"));
  ASSERT_EQ(csv.status, 200) << csv.describe();
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("Cache-Control"), "private, no-store");
  EXPECT_EQ(csv.header("Content-Disposition"), "attachment; filename=\"class-" + std::to_string(evening["id"].get<std::int64_t>()) + "-roster.csv\"");
  const std::string expected_head =
      "\xEF\xBB\xBFname,joined_at,last_activity,answers,recent_accuracy_percent,questions_seen,questions_mastered,questions_total,"
      "mock_exams_taken,ready\r\n";
  ASSERT_EQ(csv.body.substr(0, expected_head.size()), expected_head) << csv.body;
  std::vector<std::string> lines;
  for (std::size_t at = expected_head.size(); at < csv.body.size();) {
    const std::size_t end = csv.body.find("\r\n", at);
    ASSERT_NE(end, std::string::npos) << "every line ends with CRLF";
    lines.push_back(csv.body.substr(at, end - at));
    at = end + 2;
  }
  ASSERT_EQ(lines.size(), 2u) << csv.body;
  EXPECT_EQ(lines[0].rfind("Aline,20", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(",2025-12-06T"), std::string::npos) << "the last activity as an ISO date (UTC): " << lines[0];
  EXPECT_NE(lines[0].find("Z,4,75,3,"), std::string::npos) << "answers 4 (3 right), accuracy 75 %, 3 seen: " << lines[0];
  EXPECT_EQ(lines[0].substr(lines[0].size() - 3), ",no");
  EXPECT_NE(lines[1].find("Eric,"), std::string::npos);
  EXPECT_NE(lines[1].find("Z,,0,,0,"), std::string::npos) << "no activity, no accuracy: empty cells: " << lines[1];
  EXPECT_EQ(get(jean, path_of(evening, "/roster.csv")).status, 404);
  EXPECT_EQ(get(aline, path_of(evening, "/roster.csv")).status, 403);

  // Removal: another instructor cannot; the class's instructor can, once.
  const std::string eric_path = path_of(evening, "/students/" + std::to_string(eric.id));
  EXPECT_EQ(remove(jean, eric_path).status, 404);
  RawResponse removed = remove(teta, eric_path);
  EXPECT_EQ(removed.status, 204) << removed.describe();
  EXPECT_EQ(removed.header("Cache-Control"), "private, no-store");
  RawResponse again = remove(teta, eric_path);
  EXPECT_EQ(again.status, 404) << again.describe();
  EXPECT_EQ(error_code_of(again), "not_a_member");
  const nlohmann::json left = body_of(get(teta, path_of(evening, "/roster")));
  ASSERT_EQ(left["students"].size(), 1u);
  EXPECT_EQ(left["students"][0]["name"], "Aline");
  EXPECT_TRUE(class_names(eric).empty());
  EXPECT_EQ(remove(admin, path_of(evening, "/students/" + std::to_string(aline.id))).status, 204);
}

}  // namespace
}  // namespace umuhanda

namespace umuhanda {
namespace {

// Scripts manage classes with an API token of an instructor's account, without a cookie or Origin.
TEST_F(Classes, AnInstructorsApiTokenManagesTheirClasses) {
  const testing::ApiToken token = testing::create_token(*server, "instructor", "Teta's script");
  ASSERT_FALSE(token.secret.empty());
  const std::string bearer = "Authorization: Bearer " + token.secret;
  RawResponse made = round_trip(port, request_text("POST", "/api/v1/classes", {bearer, kJson}, R"({"name": "By script"})"));
  ASSERT_EQ(made.status, 201) << made.describe();
  const nlohmann::json cls = body_of(made)["class"];
  EXPECT_EQ(cls["instructor"]["name"], "Teta's script");
  RawResponse rotated = round_trip(port, request_text("POST", path_of(cls, "/code"), {bearer, kJson}, R"({"action": "rotate"})"));
  EXPECT_EQ(rotated.status, 200) << rotated.describe();
  RawResponse roster = round_trip(port, request_text("GET", path_of(cls, "/roster"), {bearer}));
  EXPECT_EQ(roster.status, 200) << roster.describe();
  RawResponse listed = round_trip(port, request_text("GET", "/api/v1/classes", {bearer}));
  ASSERT_EQ(listed.status, 200) << listed.describe();
  EXPECT_EQ(body_of(listed)["classes"].size(), 1u);

  // Another instructor's token sees nothing of it (API tokens are for staff only: students have none).
  const testing::ApiToken other = testing::create_token(*server, "instructor", "Jean's script");
  ASSERT_FALSE(other.secret.empty());
  EXPECT_EQ(round_trip(port, request_text("GET", path_of(cls), {"Authorization: Bearer " + other.secret})).status, 404);
}

// Known class paths with another method: 405 with what they allow, not a 404.
TEST_F(Classes, TheJoinCodeAsAQrCodeIsAPrivatePngForItsInstructorAndAdminsWhileJoiningIsOn) {
  const Account teta = staff("Teta", "0791000001");
  const Account jean = staff("Jean", "0791000002");
  const Account admin = staff("Admin", "0721000001", "admin");
  const Account aline = student("Aline", "0781000001");
  const nlohmann::json evening = create(teta, "Evening");
  const std::string code = evening["join_code"].get<std::string>();
  ASSERT_EQ(join(aline, code).status, 200);

  RawResponse png = get(teta, path_of(evening, "/code.png"));
  ASSERT_EQ(png.status, 200) << png.describe();
  EXPECT_EQ(png.header("Content-Type"), "image/png");
  EXPECT_EQ(png.header("Cache-Control"), "private, no-store");
  auto info = sniff_image(png.body);
  ASSERT_TRUE(info) << to_string(info.errors());
  EXPECT_EQ(info->format, ImageFormat::png);
  EXPECT_EQ(info->width, info->height);
  EXPECT_GE(info->width, ClassesApi::kQrMinPixels);
  EXPECT_LE(info->width, 2 * ClassesApi::kQrMinPixels) << "no larger than needed";
  EXPECT_LT(png.body.size(), 4096u) << "a 1-bit image of a small symbol";
  // The image is libqrencode's symbol for the code as shown (tests/unit/qr_png_test.cpp reads the
  // modules back from such an image): what a phone's camera reads is the code to type.
  auto expected = qr_code_png(code, ClassesApi::kQrMinPixels);
  ASSERT_TRUE(expected) << to_string(expected.errors());
  EXPECT_TRUE(png.body == expected.value()) << "the served PNG is not the QR code of " << code;
  EXPECT_TRUE(get(admin, path_of(evening, "/code.png")).body == expected.value());

  // Another instructor's class does not exist for them; students and strangers are refused.
  RawResponse theirs = get(jean, path_of(evening, "/code.png"));
  EXPECT_EQ(theirs.status, 404) << theirs.describe();
  EXPECT_EQ(error_code_of(theirs), "not_found");
  EXPECT_EQ(get(aline, path_of(evening, "/code.png")).status, 403);
  EXPECT_EQ(round_trip(port, request_text("GET", path_of(evening, "/code.png"), {})).status, 401);
  EXPECT_EQ(error_code_of(get(teta, "/api/v1/classes/999999/code.png")), "not_found");

  // Switched off: no code to show, a JSON error that says so; on again: the same picture.
  ASSERT_EQ(post(teta, path_of(evening, "/code"), {{"action", "off"}}).status, 200);
  RawResponse off = get(teta, path_of(evening, "/code.png"));
  EXPECT_EQ(off.status, 404) << off.describe();
  EXPECT_EQ(error_code_of(off), "no_join_code");
  EXPECT_EQ(off.header("Cache-Control"), "no-store") << "as every error";
  EXPECT_EQ(error_code_of(get(jean, path_of(evening, "/code.png"))), "not_found") << "off or on, not Jean's class";
  ASSERT_EQ(post(teta, path_of(evening, "/code"), {{"action", "on"}}).status, 200);
  EXPECT_TRUE(get(teta, path_of(evening, "/code.png")).body == expected.value());

  // Rotated: the picture of the new code.
  RawResponse rotated = post(teta, path_of(evening, "/code"), {{"action", "rotate"}});
  ASSERT_EQ(rotated.status, 200) << rotated.describe();
  auto fresh = qr_code_png(body_of(rotated)["class"]["join_code"].get<std::string>(), ClassesApi::kQrMinPixels);
  ASSERT_TRUE(fresh);
  RawResponse after = get(teta, path_of(evening, "/code.png"));
  ASSERT_EQ(after.status, 200) << after.describe();
  EXPECT_TRUE(after.body == fresh.value());
  EXPECT_FALSE(after.body == expected.value());
}

TEST_F(Classes, OtherMethodsOnClassPathsAre405WithAllow) {
  for (const auto& [method, path, allow] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", "/api/v1/classes/join", "POST"},
           {"DELETE", "/api/v1/classes", "GET, HEAD, POST"},
           {"DELETE", "/api/v1/classes/7", "GET, HEAD, POST"},
           {"GET", "/api/v1/classes/7/code", "POST"},
           {"POST", "/api/v1/classes/7/code.png", "GET, HEAD"},
           {"POST", "/api/v1/classes/7/students/9", "GET, HEAD, DELETE"},
           {"POST", "/api/v1/classes/7/results.csv", "GET, HEAD"},
       }) {
    RawResponse res = round_trip(port, request_text(method, path, {kOrigin}));
    EXPECT_EQ(res.status, 405) << method << " " << path << ": " << res.describe();
    EXPECT_EQ(res.header("Allow"), allow) << method << " " << path;
  }
}

}  // namespace
}  // namespace umuhanda
