#include "api_routes.hpp"

#include "content_paths.hpp"

namespace umuhanda {
namespace {

constexpr std::string_view kClassOwner = "the class's instructor or an admin (another instructor's class is a 404)";

constexpr std::string_view kRestricted =
    "a restricted pack: staff, or a student whose running subscription's plan opens it (anyone else: 401 or 403 subscription_required)";

constexpr ApiRoute kRoutes[] = {
    {"GET", "/api/v1/packs", Access::anyone, "", "/api/v1/packs"},
    {"GET", kLatestPackRoute, Access::anyone, kRestricted, "/api/v1/packs/umuhanda-default"},
    {"GET", kPackVersionsRoute, Access::anyone, "", "/api/v1/packs/umuhanda-default/versions"},
    {"GET", kPackVersionRoute, Access::anyone, kRestricted, "/api/v1/packs/umuhanda-default/v/1"},
    {"GET", kPackSampleRoute, Access::anyone, "", "/api/v1/packs/umuhanda-default/sample"},
    {"GET", kMediaRoute, Access::anyone, "", "/api/v1/media/0000000000000000000000000000000000000000000000000000000000000000"},
    {"GET", "/api/v1/me", Access::signed_in, "", "/api/v1/me"},
    {"GET", R"(/api/v1/packs/([a-z0-9][a-z0-9._-]{0,63})/item-statistics)", Access::staff, "every student's attempts, as aggregates only",
     "/api/v1/packs/umuhanda-default/item-statistics"},
    {"POST", "/api/v1/packs", Access::staff, "", "/api/v1/packs"},
    {"POST", R"(/api/v1/packs/([a-z0-9][a-z0-9._-]{0,63})/rollback)", Access::staff, "", "/api/v1/packs/umuhanda-default/rollback"},
    {"POST", "/api/v1/accounts", Access::anyone, "", "/api/v1/accounts"},
    {"POST", "/api/v1/sessions", Access::anyone, "", "/api/v1/sessions"},
    {"POST", "/api/v1/password-resets", Access::anyone, "", "/api/v1/password-resets"},
    {"POST", R"(/api/v1/users/([0-9]{1,18})/reset-code)", Access::staff,
     "admins: any account but an admin's; instructors: students of their own classes (anyone else is a 404)", "/api/v1/users/{student}/reset-code"},
    {"POST", R"(/api/v1/users/([0-9]{1,18})/disable)", Access::staff,
     "admins: any account but an admin's; instructors: students of their own classes (anyone else is a 404)", "/api/v1/users/{student}/disable"},
    {"POST", R"(/api/v1/users/([0-9]{1,18})/enable)", Access::staff,
     "admins: any account but an admin's; instructors: students of their own classes (anyone else is a 404)", "/api/v1/users/{student}/enable"},
    {"GET", "/api/v1/me/export", Access::session, "the caller's own data only", "/api/v1/me/export"},
    {"POST", "/api/v1/me/delete", Access::session, "deletes the caller only", "/api/v1/me/delete"},
    {"GET", "/api/v1/sessions", Access::session, "own sessions only", "/api/v1/sessions"},
    {"GET", "/api/v1/sessions/current", Access::anyone, "the caller's own session, or none", "/api/v1/sessions/current"},
    {"DELETE", "/api/v1/sessions/current", Access::session, "", "/api/v1/sessions/current"},
    {"DELETE", R"(/api/v1/sessions/([0-9]{1,18}))", Access::session, "own sessions only (another's id is a 404)", "/api/v1/sessions/{own_session}"},
    {"DELETE", "/api/v1/sessions", Access::session, "own sessions only", "/api/v1/sessions"},
    {"POST", "/api/v1/sync/push", Access::session, "stored in the caller's own log", "/api/v1/sync/push"},
    {"GET", "/api/v1/sync/events", Access::session, "the caller's own log only", "/api/v1/sync/events"},
    {"POST", "/api/v1/classes", Access::staff, "owned by the caller", "/api/v1/classes"},
    {"GET", "/api/v1/classes", Access::signed_in, "instructors their own, admins all, students those they are in", "/api/v1/classes"},
    {"POST", "/api/v1/classes/join", Access::student, "joins the caller only", "/api/v1/classes/join"},
    {"GET", R"(/api/v1/classes/([0-9]{1,18}))", Access::staff, kClassOwner, "/api/v1/classes/{own_class}"},
    {"POST", R"(/api/v1/classes/([0-9]{1,18}))", Access::staff, kClassOwner, "/api/v1/classes/{own_class}"},
    {"POST", R"(/api/v1/classes/([0-9]{1,18})/code)", Access::staff, kClassOwner, "/api/v1/classes/{own_class}/code"},
    {"POST", R"(/api/v1/classes/([0-9]{1,18})/students)", Access::staff, kClassOwner, "/api/v1/classes/{own_class}/students"},
    {"GET", R"(/api/v1/classes/([0-9]{1,18})/code\.png)", Access::staff, kClassOwner, "/api/v1/classes/{own_class}/code.png"},
    {"GET", R"(/api/v1/classes/([0-9]{1,18})/roster)", Access::staff, kClassOwner, "/api/v1/classes/{own_class}/roster"},
    {"GET", R"(/api/v1/classes/([0-9]{1,18})/roster\.csv)", Access::staff, kClassOwner, "/api/v1/classes/{own_class}/roster.csv"},
    {"GET", R"(/api/v1/classes/([0-9]{1,18})/results\.csv)", Access::staff, kClassOwner, "/api/v1/classes/{own_class}/results.csv"},
    // Before the DELETE of the same path below: the matrix walks the table in order, and that removes {student}.
    {"GET", R"(/api/v1/classes/([0-9]{1,18})/students/([0-9]{1,18}))", Access::staff,
     "the class's instructor or an admin (another instructor's class, or a student not in the class, is a 404)",
     "/api/v1/classes/{own_class}/students/{student}"},
    {"DELETE", R"(/api/v1/classes/([0-9]{1,18})/students/([0-9]{1,18}))", Access::staff, kClassOwner,
     "/api/v1/classes/{own_class}/students/{student}"},
    {"GET", "/api/v1/plans", Access::anyone, "", "/api/v1/plans"},
    {"POST", "/api/v1/payments", Access::student, "the caller's own request", "/api/v1/payments"},
    {"GET", "/api/v1/me/subscription", Access::session, "the caller's own subscription and requests", "/api/v1/me/subscription"},
    {"GET", "/api/v1/me/entitlement", Access::session, "signed for the caller only", "/api/v1/me/entitlement"},
    {"GET", "/api/v1/me/events", Access::session, "the caller's own notifications only (a stream: see docs/api.md)", "/api/v1/me/events"},
    {"GET", "/api/v1/payments", Access::staff, "", "/api/v1/payments"},
    {"POST", R"(/api/v1/payments/([0-9]{1,18})/approve)", Access::staff, "", "/api/v1/payments/1/approve"},
    {"POST", R"(/api/v1/payments/([0-9]{1,18})/reject)", Access::staff, "", "/api/v1/payments/1/reject"},
    {"POST", R"(/api/v1/users/([0-9]{1,18})/subscriptions)", Access::admin, "a student's account (anyone else is a 404)",
     "/api/v1/users/{student}/subscriptions"},
    {"POST", R"(/api/v1/users/([0-9]{1,18})/subscriptions/end)", Access::admin, "", "/api/v1/users/{student}/subscriptions/end"},
    {"POST", R"(/api/v1/users/([0-9]{1,18})/role)", Access::admin, "not the caller's own", "/api/v1/users/{student}/role"},
    {"GET", "/api/v1/admin/users", Access::admin, "", "/api/v1/admin/users"},
    {"GET", R"(/api/v1/admin/users/([0-9]{1,18}))", Access::admin, "", "/api/v1/admin/users/{student}"},
    {"GET", "/api/v1/me/notifications", Access::session, "the caller's own inbox", "/api/v1/me/notifications"},
    {"POST", "/api/v1/me/notifications/read", Access::session, "the caller's own inbox", "/api/v1/me/notifications/read"},
    {"POST", "/api/v1/me/language", Access::session, "the caller's own account", "/api/v1/me/language"},
    {"POST", "/api/v1/contact", Access::anyone, "", "/api/v1/contact"},
    {"GET", "/api/v1/contact", Access::staff, "", "/api/v1/contact"},
    {"POST", R"(/api/v1/contact/([0-9]{1,18}))", Access::staff, "", "/api/v1/contact/1"},
    {"POST", "/api/v1/exam-schedules", Access::admin, "", "/api/v1/exam-schedules"},
    {"POST", R"(/api/v1/exam-schedules/([0-9]{1,18}))", Access::admin, "", "/api/v1/exam-schedules/1"},
    {"GET", "/api/v1/exam-schedules", Access::admin, "", "/api/v1/exam-schedules"},
    {"GET", "/api/v1/exams", Access::session, "the exams the caller may sit", "/api/v1/exams"},
    {"POST", R"(/api/v1/exams/([0-9]{1,18})/start)", Access::student, "the caller's own attempt; an exam they may not sit is a 404",
     "/api/v1/exams/1/start"},
    {"POST", R"(/api/v1/exams/([0-9]{1,18})/submit)", Access::student, "the caller's own attempt", "/api/v1/exams/1/submit"},
    {"GET", R"(/api/v1/exams/([0-9]{1,18})/result)", Access::session, "the caller's own attempt", "/api/v1/exams/1/result"},
    {"GET", R"(/api/v1/exams/([0-9]{1,18})/ranking)", Access::session, "students who chose to appear; an exam the caller may not sit is a 404",
     "/api/v1/exams/1/ranking"},
    {"POST", "/api/v1/me/rankings", Access::session, "the caller's own choice", "/api/v1/me/rankings"},
    {"POST", "/api/v1/me/exam-reminders", Access::session, "the caller's own choice", "/api/v1/me/exam-reminders"},
    {"GET", "/api/v1/admin/jobs", Access::admin, "", "/api/v1/admin/jobs"},
    {"GET", "/api/v1/admin/exams", Access::admin, "", "/api/v1/admin/exams"},
    {"GET", "/api/v1/admin/audit", Access::admin, "", "/api/v1/admin/audit"},
    {"GET", "/api/v1/admin/plans", Access::admin, "", "/api/v1/admin/plans"},
    {"POST", "/api/v1/admin/plans", Access::admin, "", "/api/v1/admin/plans"},
};

}  // namespace

std::string_view to_string(Access access) {
  switch (access) {
    case Access::anyone: return "anyone";
    case Access::signed_in: return "signed in";
    case Access::session: return "signed in by session";
    case Access::student: return "students, by session";
    case Access::staff: return "instructors and admins";
    case Access::admin: return "admins";
  }
  return "?";
}

std::span<const ApiRoute> api_routes() { return kRoutes; }

const ApiRoute* find_api_route(std::string_view method, std::string_view pattern) {
  for (const ApiRoute& route : kRoutes) {
    if (route.method == method && route.pattern == pattern) return &route;
  }
  return nullptr;
}

}  // namespace umuhanda
