// The authorization matrix: every API route of the table (server/api_routes.hpp; the server will
// not start when its registrations and the table differ) is called by each kind of caller, and the
// status is checked against the route's declared access: anonymous callers get 401, callers of the
// wrong role 403, and allowed callers neither. A route of "own" resources is also called with
// another user's id, which must be a 404; a route of a class the instructor owns answers the other
// instructor 404, as for a class that does not exist.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "api_routes.hpp"
#include "http_test_support.hpp"

namespace umuhanda {
namespace {

using testing::RawConnection;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;

constexpr const char* kPassword = "ijambo ry'ibanga 42";

struct Caller {
  std::string kind;  // "anonymous", "student", "other student", "instructor", "other instructor", "admin"
  std::string login;
  std::string role;  // "" for anonymous
  std::string cookie;
  std::int64_t session_id = 0;
  std::int64_t user_id = 0;
};

class AuthorizationMatrix : public testing::SeededServerTest {
protected:
  RawResponse call(const std::string& method, const std::string& path, const Caller& caller, const std::string& content_type = "",
                   const std::string& body = "") {
    std::vector<std::string> headers = {"Origin: http://127.0.0.1"};
    if (!caller.cookie.empty()) headers.push_back("Cookie: " + caller.cookie);
    if (!content_type.empty()) headers.push_back("Content-Type: " + content_type);
    // The live event stream never ends: its head says whether the caller got in.
    if (path == "/api/v1/me/events") {
      RawConnection stream(port);
      stream.send(request_text(method, path, headers, body));
      RawResponse head = stream.read_stream_head();
      if (head.status != 200) return round_trip(port, request_text(method, path, headers, body));
      return head;
    }
    return round_trip(port, request_text(method, path, headers, body));
  }

  // Signs `caller` in afresh (a DELETE may have ended its session).
  void sign_in(Caller& caller) {
    if (caller.role.empty()) return;
    RawResponse res =
        call("POST", "/api/v1/sessions", Caller{}, "application/json", nlohmann::json{{"login", caller.login}, {"password", kPassword}}.dump());
    ASSERT_EQ(res.status, 200) << caller.kind << ": " << res.describe();
    const std::string set_cookie = res.header("Set-Cookie");
    caller.cookie = set_cookie.substr(0, set_cookie.find(';'));
    caller.session_id = nlohmann::json::parse(res.body)["session"]["id"].get<std::int64_t>();
    caller.user_id = nlohmann::json::parse(res.body)["user"]["id"].get<std::int64_t>();
  }

  Caller make(const std::string& kind, const std::string& role, const std::string& login) {
    Caller caller{kind, login, role, "", 0, 0};
    if (role == "student") {
      RawResponse res = call("POST", "/api/v1/accounts", Caller{}, "application/json",
                             nlohmann::json{{"name", kind}, {"login", login}, {"password", kPassword}}.dump());
      EXPECT_EQ(res.status, 201) << res.describe();
    } else if (!role.empty()) {
      testing::CommandRun run = testing::run_command(
          {UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "user", "create", "--name", kind, "--login", login, "--role", role}, {},
          std::string(kPassword) + "\n");
      EXPECT_EQ(run.status, 0) << run.output;
    }
    sign_in(caller);
    return caller;
  }

  // The body a caller sends to each route that takes one (allowed callers get past authorization
  // with it; what happens next does not matter here).
  std::pair<std::string, std::string> body_for(const ApiRoute& route, int n) {
    if (route.method != "POST") return {"", ""};
    if (route.pattern == "/api/v1/packs") return {"application/zip", "not a zip"};
    if (route.pattern == "/api/v1/accounts") {
      return {"application/json",
              nlohmann::json{{"name", "New"}, {"login", "new" + std::to_string(n) + "@example.rw"}, {"password", kPassword}}.dump()};
    }
    if (route.pattern == "/api/v1/sessions") return {"application/json", nlohmann::json{{"login", "0781000001"}, {"password", kPassword}}.dump()};
    // A wrong code (10 per address are allowed in 15 minutes; the matrix sends 6), and no password
    // for a deletion: past authorization, nothing changes.
    if (route.pattern == "/api/v1/password-resets") {
      return {"application/json", nlohmann::json{{"login", "0781000001"}, {"code", "0000 0000"}, {"password", kPassword}}.dump()};
    }
    if (route.pattern == "/api/v1/me/delete") return {"application/json", "{}"};
    if (route.pattern == R"(/api/v1/users/([0-9]{1,18})/reset-code)" || route.pattern == R"(/api/v1/users/([0-9]{1,18})/disable)" ||
        route.pattern == R"(/api/v1/users/([0-9]{1,18})/enable)") {
      return {"", ""};
    }
    if (route.pattern == "/api/v1/sync/push") {
      const nlohmann::json answer = {
          {"type", "answer"}, {"id", "matrix:" + std::to_string(n)}, {"pack_id", "umuhanda-default"}, {"question_id", "q"}, {"chosen", {0}},
          {"correct", true},  {"answered_at_ms", 1700000000000},     {"time_spent_ms", 1000},         {"mode", "practice"}};
      return {"application/json", nlohmann::json{{"device", "matrix"}, {"events", nlohmann::json::array({answer})}}.dump()};
    }
    if (route.pattern == "/api/v1/classes") return {"application/json", nlohmann::json{{"name", "Class " + std::to_string(n)}}.dump()};
    if (route.pattern == "/api/v1/classes/join") return {"application/json", nlohmann::json{{"code", join_code}}.dump()};
    if (route.pattern == R"(/api/v1/classes/([0-9]{1,18}))")
      return {"application/json", nlohmann::json{{"name", "Renamed " + std::to_string(n)}}.dump()};
    // "on" rather than "rotate": the join route's body keeps working whatever the order of the table.
    if (route.pattern == R"(/api/v1/classes/([0-9]{1,18})/code)") return {"application/json", R"({"action": "on"})"};
    if (route.pattern == R"(/api/v1/classes/([0-9]{1,18})/students)") {
      return {"application/json",
              nlohmann::json{{"students", {{{"name", "Added " + std::to_string(n)}, {"login", "078" + std::to_string(5000000 + n)}}}}}.dump()};
    }
    return {"application/json", R"({"version": 1})"};  // rollback
  }

  static bool allowed(Access access, const Caller& caller) {
    switch (access) {
      case Access::anyone: return true;
      case Access::signed_in:
      case Access::session: return !caller.role.empty();
      case Access::staff: return caller.role == "instructor" || caller.role == "admin";
      case Access::student: return caller.role == "student";
      case Access::admin: return caller.role == "admin";
    }
    return false;
  }

  // The class {own_class} stands for: made by `instructor`, joined by `student` ({student}).
  void make_class(const Caller& instructor, const Caller& student) {
    RawResponse made = call("POST", "/api/v1/classes", instructor, "application/json", R"({"name": "Matrix"})");
    ASSERT_EQ(made.status, 201) << made.describe();
    class_id = nlohmann::json::parse(made.body)["class"]["id"].get<std::int64_t>();
    join_code = nlohmann::json::parse(made.body)["class"]["join_code"].get<std::string>();
    RawResponse joined = call("POST", "/api/v1/classes/join", student, "application/json", nlohmann::json{{"code", join_code}}.dump());
    ASSERT_EQ(joined.status, 200) << joined.describe();
    student_id = student.user_id;
  }

  std::int64_t class_id = 0;
  std::int64_t student_id = 0;
  std::string join_code;
};

TEST_F(AuthorizationMatrix, EveryRouteAnswersEachKindOfCallerAsTheTableSays) {
  std::vector<Caller> callers = {
      make("anonymous", "", ""),
      make("student", "student", "0781000001"),
      make("other student", "student", "0781000002"),
      make("instructor", "instructor", "0791000001"),
      make("other instructor", "instructor", "0791000002"),
      make("admin", "admin", "0721000001"),
  };
  ASSERT_FALSE(HasFailure());
  make_class(callers[3], callers[1]);
  ASSERT_FALSE(HasFailure());
  int checks = 0, n = 0;
  std::map<Access, int> routes_by_access;
  for (const ApiRoute& route : api_routes()) {
    ++routes_by_access[route.access];
    for (Caller& caller : callers) {
      SCOPED_TRACE(std::string(route.method) + " " + std::string(route.pattern) + " as " + caller.kind);
      std::string path(route.example);
      const bool own = path.find("{own_session}") != std::string::npos;
      if (own && !caller.role.empty()) {
        // Someone else's first (the call below ends the caller's own): every other signed-in
        // caller's session id answers 404, and that session stays alive.
        for (const Caller& other : callers) {
          if (other.role.empty() || &other == &caller) continue;
          std::string theirs(route.example);
          theirs.replace(theirs.find("{own_session}"), 13, std::to_string(other.session_id));
          RawResponse foreign = call(std::string(route.method), theirs, caller);
          EXPECT_EQ(foreign.status, 404) << "with " << other.kind << "'s session: " << foreign.describe();
          EXPECT_EQ(call("GET", "/api/v1/me", other).status, 200) << other.kind << "'s session was ended by " << caller.kind;
          ++checks;
        }
      }
      if (own) path.replace(path.find("{own_session}"), 13, std::to_string(caller.role.empty() ? 1 : caller.session_id));
      // A route of the class, or of its student: the other instructor's is a 404.
      const bool of_class = path.find("{own_class}") != std::string::npos || path.find("{student}") != std::string::npos;
      if (path.find("{own_class}") != std::string::npos) path.replace(path.find("{own_class}"), 11, std::to_string(class_id));
      if (path.find("{student}") != std::string::npos) path.replace(path.find("{student}"), 9, std::to_string(student_id));
      const auto [type, body] = body_for(route, ++n);
      RawResponse res = call(std::string(route.method), path, caller, type, body);
      ASSERT_TRUE(res.ok()) << res.error;
      if (!allowed(route.access, caller)) {
        EXPECT_EQ(res.status, caller.role.empty() ? 401 : 403) << res.describe();
      } else {
        EXPECT_NE(res.status, 401) << res.describe();
        EXPECT_NE(res.status, 403) << res.describe();
        EXPECT_LT(res.status, 500) << res.describe();
        if (of_class && caller.kind == "other instructor") {
          EXPECT_EQ(res.status, 404) << "another instructor's class: " << res.describe();
        }
        if (of_class && route.method == "GET" && (caller.kind == "instructor" || caller.kind == "admin")) {
          EXPECT_EQ(res.status, 200) << res.describe();
        }
      }
      ++checks;
      // A DELETE may have ended the caller's own session (never the others': checked above).
      if (route.method == "DELETE") sign_in(caller);
      // Disabling {student} ended their sessions: enabled again and signed back in for the routes after.
      if (res.status == 200 && path.ends_with("/disable")) {
        RawResponse enabled = call("POST", "/api/v1/users/" + std::to_string(student_id) + "/enable", callers[5]);
        ASSERT_EQ(enabled.status, 200) << enabled.describe();
        sign_in(callers[1]);
      }
    }
  }
  EXPECT_GE(routes_by_access[Access::anyone], 7);
  EXPECT_GE(routes_by_access[Access::staff], 7);
  EXPECT_GE(routes_by_access[Access::student], 1);
  EXPECT_GE(routes_by_access[Access::session], 4);
  std::cout << "authorization matrix: " << api_routes().size() << " routes x " << callers.size() << " kinds of caller, " << checks << " checks\n";
}

}  // namespace
}  // namespace umuhanda
