// Adding students from a class list against the real server on loopback (docs/api.md, "Adding
// students from a file"): new accounts come with one-time reset codes that set their password and
// sign them in; a student caller is refused; a bad row creates nobody; an existing login is
// reported and left as it was; the codes never reach the server's log.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "http_test_support.hpp"

namespace umuhanda {
namespace {

using testing::error_code_of;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;

constexpr const char* kOrigin = "Origin: http://127.0.0.1";
constexpr const char* kJson = "Content-Type: application/json";
constexpr const char* kPassword = "amahoro y'umuhanda 7";

struct Account {
  std::string cookie;
  std::int64_t id = 0;
};

class ClassStudents : public testing::SeededServerTest {
protected:
  static nlohmann::json body_of(const RawResponse& res) { return nlohmann::json::parse(res.body, nullptr, false); }
  Account signed_in(const RawResponse& res) {
    const std::string set_cookie = res.header("Set-Cookie");
    const nlohmann::json body = body_of(res);
    if (!body.is_object() || !body.contains("user")) return {};
    return Account{set_cookie.substr(0, set_cookie.find(';')), body["user"]["id"].get<std::int64_t>()};
  }
  RawResponse sign_in(const std::string& login, const std::string& password) {
    return round_trip(port,
                      request_text("POST", "/api/v1/sessions", {kOrigin, kJson}, nlohmann::json{{"login", login}, {"password", password}}.dump()));
  }
  Account student(const std::string& name, const std::string& phone) {
    RawResponse res = round_trip(port, request_text("POST", "/api/v1/accounts", {kOrigin, kJson},
                                                    nlohmann::json{{"name", name}, {"login", phone}, {"password", kPassword}}.dump()));
    EXPECT_EQ(res.status, 201) << res.describe();
    return signed_in(res);
  }
  Account staff(const std::string& name, const std::string& phone, const std::string& role = "instructor") {
    testing::CommandRun run = testing::run_command(
        {UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "user", "create", "--name", name, "--login", phone, "--role", role}, {},
        std::string(kPassword) + "\n");
    EXPECT_EQ(run.status, 0) << run.output;
    RawResponse res = sign_in(phone, kPassword);
    EXPECT_EQ(res.status, 200) << res.describe();
    return signed_in(res);
  }
  RawResponse get(const Account& who, const std::string& path) { return round_trip(port, request_text("GET", path, {"Cookie: " + who.cookie})); }
  RawResponse post(const Account& who, const std::string& path, const nlohmann::json& body) {
    return round_trip(port, request_text("POST", path, {kOrigin, kJson, "Cookie: " + who.cookie}, body.dump()));
  }
  std::int64_t create_class(const Account& instructor, const std::string& name) {
    RawResponse res = post(instructor, "/api/v1/classes", {{"name", name}});
    EXPECT_EQ(res.status, 201) << res.describe();
    const nlohmann::json body = body_of(res);
    return body.is_object() ? body["class"]["id"].get<std::int64_t>() : 0;
  }
  std::string students_path(std::int64_t class_id) { return "/api/v1/classes/" + std::to_string(class_id) + "/students"; }
  std::vector<std::string> roster_names(const Account& who, std::int64_t class_id) {
    RawResponse res = get(who, "/api/v1/classes/" + std::to_string(class_id) + "/roster");
    EXPECT_EQ(res.status, 200) << res.describe();
    std::vector<std::string> names;
    const nlohmann::json body = body_of(res);
    if (!body.is_object()) return names;
    for (const auto& s : body["students"]) names.push_back(s["name"].get<std::string>());
    return names;
  }
};

TEST_F(ClassStudents, CreatedStudentsSetAPasswordWithTheirCodeThenSignIn) {
  const Account teacher = staff("Mwalimu Jean", "0791000001");
  const std::int64_t class_id = create_class(teacher, "Morning group");
  RawResponse res =
      post(teacher, students_path(class_id),
           {{"students", {{{"name", "Aline Uwase"}, {"login", "078 123 4567"}}, {{"name", "Eric Mugabo"}, {"login", "+250720000001"}}}}});
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  const nlohmann::json body = body_of(res);
  ASSERT_EQ(body["created"].size(), 2u) << res.body;
  EXPECT_TRUE(body["existing"].empty()) << res.body;
  const nlohmann::json aline = body["created"][0];
  EXPECT_EQ(aline["name"], "Aline Uwase");
  EXPECT_EQ(aline["login"], "+250781234567");
  const std::string code = aline["reset_code"].get<std::string>();
  EXPECT_EQ(code.size(), 9u) << "\"4821 0937\": " << code;
  EXPECT_GT(aline["expires_at"].get<std::int64_t>(), 0);
  EXPECT_EQ(roster_names(teacher, class_id), (std::vector<std::string>{"Aline Uwase", "Eric Mugabo"}));

  // No password signs in to a new account, not even an empty or guessed one.
  EXPECT_EQ(sign_in("0781234567", kPassword).status, 401);
  RawResponse reset = round_trip(port, request_text("POST", "/api/v1/password-resets", {kOrigin, kJson},
                                                    nlohmann::json{{"login", "0781234567"}, {"code", code}, {"password", kPassword}}.dump()));
  ASSERT_EQ(reset.status, 200) << reset.describe();
  EXPECT_EQ(body_of(reset)["user"]["role"], "student") << reset.body;
  RawResponse signed_again = sign_in("0781234567", kPassword);
  ASSERT_EQ(signed_again.status, 200) << signed_again.describe();
  const Account student_aline = signed_in(signed_again);
  RawResponse mine = get(student_aline, "/api/v1/classes");
  ASSERT_EQ(mine.status, 200) << mine.describe();
  EXPECT_NE(mine.body.find("Morning group"), std::string::npos) << mine.body;

  // The code worked once.
  RawResponse again =
      round_trip(port, request_text("POST", "/api/v1/password-resets", {kOrigin, kJson},
                                    nlohmann::json{{"login", "0781234567"}, {"code", code}, {"password", "another password 8"}}.dump()));
  EXPECT_EQ(again.status, 400) << again.describe();
  // Never logged: the log says how many, not which codes.
  const std::string log = server->log();
  EXPECT_EQ(log.find(code), std::string::npos) << log;
  EXPECT_EQ(log.find(body["created"][1]["reset_code"].get<std::string>()), std::string::npos) << log;
  EXPECT_NE(log.find("2 student account(s) created with reset codes"), std::string::npos) << log;
}

TEST_F(ClassStudents, AStudentIsRefusedAndAnotherInstructorsClassIsNotFound) {
  const Account teacher = staff("Mwalimu Jean", "0791000001");
  const Account other = staff("Mwalimu Anne", "0791000002");
  const std::int64_t class_id = create_class(teacher, "Morning group");
  const Account pupil = student("Grace", "0781000009");
  const nlohmann::json body = {{"students", {{{"name", "Aline Uwase"}, {"login", "0781234567"}}}}};
  RawResponse as_student = post(pupil, students_path(class_id), body);
  EXPECT_EQ(as_student.status, 403) << as_student.describe();
  RawResponse as_other = post(other, students_path(class_id), body);
  EXPECT_EQ(as_other.status, 404) << as_other.describe();
  EXPECT_EQ(sign_in("0781234567", kPassword).status, 401);
  EXPECT_TRUE(roster_names(teacher, class_id).empty());
  const Account admin = staff("Admin", "0721000001", "admin");
  RawResponse as_admin = post(admin, students_path(class_id), body);
  EXPECT_EQ(as_admin.status, 200) << as_admin.describe();
}

TEST_F(ClassStudents, ABadRowCreatesNobodyAndEveryProblemIsNamed) {
  const Account teacher = staff("Mwalimu Jean", "0791000001");
  const std::int64_t class_id = create_class(teacher, "Morning group");
  RawResponse res = post(
      teacher, students_path(class_id),
      {{"students",
        {{{"name", "Aline Uwase"}, {"login", "0781234567"}}, {{"name", ""}, {"login", "078 123"}}, {{"name", "Eric"}, {"login", "0781234567"}}}}});
  ASSERT_EQ(res.status, 422) << res.describe();
  EXPECT_EQ(error_code_of(res), "invalid_body");
  const nlohmann::json details = body_of(res)["error"]["details"];
  ASSERT_EQ(details.size(), 3u) << res.body;
  EXPECT_EQ(details[0]["path"], "students[1].name");
  EXPECT_EQ(details[1]["path"], "students[1].login");
  EXPECT_EQ(details[1]["message"], "a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; this one has 6 digits");
  EXPECT_EQ(details[2]["path"], "students[2].login");
  EXPECT_EQ(details[2]["message"], "is students[0]'s too: each student needs their own number");
  EXPECT_TRUE(roster_names(teacher, class_id).empty());
  EXPECT_EQ(sign_in("0781234567", kPassword).status, 401);

  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 501; ++i) many.push_back({{"name", "Student " + std::to_string(i)}, {"login", "078" + std::to_string(2000000 + i)}});
  RawResponse too_many = post(teacher, students_path(class_id), {{"students", many}});
  ASSERT_EQ(too_many.status, 422) << too_many.describe();
  EXPECT_EQ(body_of(too_many)["error"]["details"][0]["message"], "has 501 students: send at most 500 at a time");
  EXPECT_TRUE(roster_names(teacher, class_id).empty());
}

TEST_F(ClassStudents, AnExistingLoginIsReportedAndNotChanged) {
  const Account teacher = staff("Mwalimu Jean", "0791000001");
  const std::int64_t class_id = create_class(teacher, "Morning group");
  student("Grace Keza", "0781000009");
  staff("Mwalimu Anne", "0791000002");
  RawResponse res = post(teacher, students_path(class_id),
                         {{"students",
                           {{{"name", "Grace from the file"}, {"login", "0781000009"}},
                            {{"name", "Anne"}, {"login", "0791000002"}},
                            {{"name", "Aline Uwase"}, {"login", "0781234567"}}}}});
  ASSERT_EQ(res.status, 200) << res.describe();
  const nlohmann::json body = body_of(res);
  ASSERT_EQ(body["created"].size(), 1u) << res.body;
  ASSERT_EQ(body["existing"].size(), 2u) << res.body;
  EXPECT_EQ(body["existing"][0]["login"], "+250781000009");
  EXPECT_EQ(body["existing"][0]["status"], "added_existing");
  EXPECT_EQ(body["existing"][0]["name"], "Grace Keza") << "the account keeps its own name";
  EXPECT_EQ(body["existing"][1], (nlohmann::json{{"login", "+250791000002"}, {"status", "exists"}}));
  // Their passwords still work; the student is in the class, the instructor is not.
  EXPECT_EQ(sign_in("0781000009", kPassword).status, 200);
  EXPECT_EQ(sign_in("0791000002", kPassword).status, 200);
  EXPECT_EQ(roster_names(teacher, class_id), (std::vector<std::string>{"Aline Uwase", "Grace Keza"}));
}

}  // namespace
}  // namespace umuhanda
