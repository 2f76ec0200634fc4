// Scheduled exams against the real server on loopback (docs/exams.md), its clock set by the test
// (--test-clock) rather than waited for: an admin's rule (the origin's hourly 08:20-15:20, Monday to
// Saturday, Africa/Kigali) generates the exams ahead with frozen papers; not one question leaves the
// server a second before the start; an attempt submitted by the end and the grace counts, one
// arriving later is recorded late; one attempt per student; who may sit is the rule's audience.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "signed_in_test_support.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::error_code_of;
using testing::error_of;
using testing::RawResponse;

constexpr std::int64_t kKigaliOffset = 2 * 3600;

// Unix seconds of a wall-clock time in Kigali (UTC+2, no daylight saving).
std::int64_t kigali(std::chrono::year_month_day day, int hour, int minute, int second = 0) {
  const auto midnight = std::chrono::sys_days(day).time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(midnight).count() + hour * 3600 + minute * 60 + second - kKigaliOffset;
}
// Days in the past of any run: a clock set ahead would also let the hourly clean-up end the test's
// staff sessions (12 hours idle), as it would on a server whose clock jumped.
constexpr std::chrono::year_month_day kMonday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{30}};
constexpr std::chrono::year_month_day kSaturday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{28}};

nlohmann::json hourly_rule() {
  return {{"name", "Provisional licence, hourly"},
          {"days", {"MON", "TUE", "WED", "THU", "FRI", "SAT"}},
          {"times", {"08:20", "09:20", "10:20", "11:20", "12:20", "13:20", "14:20", "15:20"}},
          {"pack", "umuhanda-default"},
          {"blueprint", "provisional-licence"},
          {"grace_seconds", 120}};
}

class ScheduledExams : public testing::SignedInTest {
protected:
  std::vector<std::string> extra_arguments() override { return {"--test-clock"}; }
  void SetUp() override {
    SignedInTest::SetUp();
    if (HasFatalFailure()) return;
    owner = staff("Owner", "0791000009", "admin");
  }
  void set_clock(std::int64_t unix_seconds) {
    RawResponse set = post(owner, "/api/v1/test/clock", {{"now_ms", unix_seconds * 1000}, {"frozen", true}});
    ASSERT_EQ(set.status, 200) << set.describe();
  }
  // The frozen paper of an exam, as the database holds it (with its answers).
  nlohmann::json stored_paper(std::int64_t exam_id) {
    auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
    auto query = db->prepare("SELECT paper FROM scheduled_exams WHERE id = ?1");
    query->bind(1, exam_id);
    EXPECT_TRUE(query->step().value());
    return nlohmann::json::parse(query->column_text(0));
  }
  static nlohmann::json all_right(const nlohmann::json& paper) {
    nlohmann::json answers = nlohmann::json::object();
    for (const auto& question : paper["questions"]) {
      answers[question["id"].get<std::string>()] =
          question["correct"].is_array() ? question["correct"] : nlohmann::json::array({question["correct"]});
    }
    return answers;
  }
  Account owner;
};

TEST_F(ScheduledExams, NothingLeavesBeforeTheStartAnAttemptCountsWithinTheGraceAndALateOneIsRecordedLate) {
  set_clock(kigali(kMonday, 7, 0));
  RawResponse saved = post(owner, "/api/v1/exam-schedules", hourly_rule());
  ASSERT_EQ(saved.status, 201) << saved.describe();
  const Account aline = student("Aline", "0781000001");
  const Account eric = student("Eric", "0781000002");
  const Account late_comer = student("Teta", "0781000003");

  // Today's eight and tomorrow's first (the 26 h horizon), none on a Sunday.
  RawResponse listed = get(aline, "/api/v1/exams");
  ASSERT_EQ(listed.status, 200) << listed.describe();
  EXPECT_EQ(listed.header("Cache-Control"), "private, no-store");
  const auto exams = body_of(listed)["exams"];
  ASSERT_EQ(exams.size(), 9u) << exams.dump();
  EXPECT_EQ(exams[0]["starts_at"], kigali(kMonday, 8, 20));
  EXPECT_EQ(exams[7]["starts_at"], kigali(kMonday, 15, 20));
  EXPECT_EQ(exams[0]["ends_at"], kigali(kMonday, 8, 40)) << "the blueprint's 20 minutes";
  EXPECT_EQ(exams[0]["status"], "upcoming");
  EXPECT_EQ(exams[0]["question_count"], 20);
  EXPECT_EQ(body_of(listed)["server_now"], kigali(kMonday, 7, 0)) << "the frozen clock (three sign-ups under ASan took a second)";
  const std::int64_t exam = exams[0]["id"].get<std::int64_t>();
  const std::string start = "/api/v1/exams/" + std::to_string(exam) + "/start";
  const std::string submit = "/api/v1/exams/" + std::to_string(exam) + "/submit";
  const nlohmann::json paper = stored_paper(exam);
  ASSERT_EQ(paper["questions"].size(), 20u);

  // A second before: refused, and not one question id or prompt is in the answer or the list.
  set_clock(kigali(kMonday, 8, 19, 59));
  RawResponse early = post_empty(aline, start);
  EXPECT_EQ(early.status, 403) << early.describe();
  EXPECT_EQ(error_code_of(early), "exam_not_started");
  EXPECT_EQ(error_of(early)["starts_at"], kigali(kMonday, 8, 20));
  const std::string listing = get(aline, "/api/v1/exams").body;
  for (const auto& question : paper["questions"]) {
    const std::string id = question["id"];
    const std::string prompt = question["prompt"]["en"];
    EXPECT_EQ(early.body.find(id), std::string::npos) << id;
    EXPECT_EQ(early.body.find(prompt), std::string::npos) << prompt;
    EXPECT_EQ(listing.find("\"" + id + "\""), std::string::npos) << id;
  }
  EXPECT_EQ(post(aline, submit, {{"answers", all_right(paper)}}).status, 403) << "nor may it be submitted";

  // At the start: the paper, without its answers.
  set_clock(kigali(kMonday, 8, 20));
  RawResponse started = post_empty(aline, start);
  ASSERT_EQ(started.status, 200) << started.describe();
  const auto sat = body_of(started)["paper"];
  ASSERT_EQ(sat["questions"].size(), 20u);
  for (std::size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(sat["questions"][i]["id"], paper["questions"][i]["id"]) << "the frozen paper, in its order";
    EXPECT_FALSE(sat["questions"][i].contains("correct"));
    EXPECT_FALSE(sat["questions"][i].contains("explanation"));
  }
  EXPECT_EQ(body_of(started)["attempt"]["started_at"], kigali(kMonday, 8, 20));
  set_clock(kigali(kMonday, 8, 25));
  ASSERT_EQ(post_empty(eric, start).status, 200);
  RawResponse again = post_empty(aline, start);
  ASSERT_EQ(again.status, 200) << "a reload gets the same paper back";
  EXPECT_EQ(body_of(again)["attempt"]["started_at"], kigali(kMonday, 8, 20)) << "the first start stands";

  // Aline's answers arrive a second before the grace runs out: counted, all right, passed.
  set_clock(kigali(kMonday, 8, 41, 59));
  RawResponse submitted = post(aline, submit, {{"answers", all_right(paper)}});
  ASSERT_EQ(submitted.status, 200) << submitted.describe();
  const auto attempt = body_of(submitted)["attempt"];
  EXPECT_EQ(attempt["score"], 20);
  EXPECT_EQ(attempt["total"], 20);
  EXPECT_EQ(attempt["passed"], true);
  EXPECT_EQ(attempt["late"], false);
  EXPECT_EQ(attempt["counted"], true);
  EXPECT_TRUE(body_of(submitted)["paper"]["questions"][0].contains("correct")) << "the review shows the answers";
  RawResponse twice = post(aline, submit, {{"answers", nlohmann::json::object()}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(error_code_of(twice), "already_submitted");
  EXPECT_EQ(post_empty(aline, start).status, 409) << "no second attempt either";

  // Eric's arrive two seconds later: recorded late, not counted; one wrong answer is marked.
  set_clock(kigali(kMonday, 8, 42, 1));
  nlohmann::json erics = all_right(paper);
  erics[paper["questions"][0]["id"].get<std::string>()] = nlohmann::json::array({9});
  RawResponse late = post(eric, submit, {{"answers", erics}});
  ASSERT_EQ(late.status, 200) << late.describe();
  EXPECT_EQ(body_of(late)["attempt"]["late"], true);
  EXPECT_EQ(body_of(late)["attempt"]["counted"], false);
  EXPECT_EQ(body_of(late)["attempt"]["score"], 19);

  // Each is told of the result in their inbox (and by email and webhook where set up).
  const auto alines_news = body_of(get(aline, "/api/v1/me/notifications"))["notifications"];
  ASSERT_EQ(alines_news.size(), 1u);
  EXPECT_EQ(alines_news[0]["kind"], "exam.result");
  EXPECT_EQ(alines_news[0]["data"]["score"], 20);
  EXPECT_EQ(alines_news[0]["data"]["exam_name"], "Provisional licence, hourly");
  EXPECT_EQ(body_of(get(eric, "/api/v1/me/notifications"))["notifications"][0]["kind"], "exam.result_late");

  // Teta never started: the exam is closed to her now.
  RawResponse closed = post_empty(late_comer, start);
  EXPECT_EQ(closed.status, 410) << closed.describe();
  EXPECT_EQ(error_code_of(closed), "exam_closed");

  // The result again, and the list shows it.
  RawResponse result = get(aline, "/api/v1/exams/" + std::to_string(exam) + "/result");
  ASSERT_EQ(result.status, 200) << result.describe();
  EXPECT_EQ(body_of(result)["attempt"]["score"], 20);
  EXPECT_EQ(body_of(result)["answers"], all_right(paper));
  const auto after = body_of(get(aline, "/api/v1/exams"))["exams"];
  EXPECT_EQ(after[0]["status"], "closed");
  EXPECT_EQ(after[0]["attempt"]["score"], 20);
  EXPECT_EQ(get(late_comer, "/api/v1/exams/" + std::to_string(exam) + "/result").status, 409);

  // The ranking shows only students who chose to appear, and only counted attempts.
  const std::string ranking = "/api/v1/exams/" + std::to_string(exam) + "/ranking";
  EXPECT_TRUE(body_of(get(aline, ranking))["ranking"].empty()) << "nobody chose to appear yet";
  EXPECT_EQ(body_of(get(aline, ranking))["show_me"], false);
  ASSERT_EQ(post(aline, "/api/v1/me/rankings", {{"show_me", true}}).status, 200);
  ASSERT_EQ(post(eric, "/api/v1/me/rankings", {{"show_me", true}}).status, 200);
  EXPECT_EQ(body_of(get(eric, "/api/v1/exams"))["choices"]["show_me"], true);
  const auto shown = body_of(get(eric, ranking));
  ASSERT_EQ(shown["ranking"].size(), 1u) << shown.dump() << ": Eric's late attempt is not counted";
  EXPECT_EQ(shown["ranking"][0]["name"], "Aline");
  EXPECT_EQ(shown["ranking"][0]["score"], 20);
  EXPECT_EQ(shown["ranking"][0]["rank"], 1);
  EXPECT_EQ(shown["show_me"], true);
  EXPECT_EQ(get(owner, ranking).status, 200) << "staff see it";
  ASSERT_EQ(post(aline, "/api/v1/me/rankings", {{"show_me", false}}).status, 200);
  EXPECT_TRUE(body_of(get(eric, ranking))["ranking"].empty()) << "Aline changed her mind";
  EXPECT_EQ(post(aline, "/api/v1/me/rankings", {{"show_me", "yes"}}).status, 400);
}

TEST_F(ScheduledExams, AdminsFollowEachExamsStartsSubmissionsAndPassRateAndItsQuestionsFigures) {
  set_clock(kigali(kMonday, 7, 0));
  ASSERT_EQ(post(owner, "/api/v1/exam-schedules", hourly_rule()).status, 201);
  const Account aline = student("Aline", "0781000001");
  const Account eric = student("Eric", "0781000002");
  const Account teta = student("Teta", "0781000003");
  const nlohmann::json before = body_of(get(owner, "/api/v1/admin/exams"));
  ASSERT_EQ(before["exams"].size(), 9u) << before.dump();
  EXPECT_EQ(before["exams"][0]["status"], "upcoming");
  EXPECT_EQ(before["exams"][0]["started"], 0);
  EXPECT_TRUE(before["exams"][0]["pass_rate"].is_null()) << "nobody counted yet";
  const std::int64_t exam = before["exams"][0]["id"].get<std::int64_t>();
  const std::string id = std::to_string(exam);
  const nlohmann::json paper = stored_paper(exam);

  // Three start; Aline gets all 20 right, Eric 10 (under the pass mark of 12), Teta's arrive late.
  set_clock(kigali(kMonday, 8, 21));
  for (const Account* who : {&aline, &eric, &teta}) ASSERT_EQ(post_empty(*who, "/api/v1/exams/" + id + "/start").status, 200);
  const nlohmann::json live = body_of(get(owner, "/api/v1/admin/exams"))["exams"][0];
  EXPECT_EQ(live["status"], "open");
  EXPECT_EQ(live["started"], 3);
  EXPECT_EQ(live["submitted"], 0);
  set_clock(kigali(kMonday, 8, 39));
  ASSERT_EQ(post(aline, "/api/v1/exams/" + id + "/submit", {{"answers", all_right(paper)}}).status, 200);
  nlohmann::json half = all_right(paper);
  for (std::size_t i = 0; i < 10; ++i) half[paper["questions"][i]["id"].get<std::string>()] = nlohmann::json::array({9});
  ASSERT_EQ(post(eric, "/api/v1/exams/" + id + "/submit", {{"answers", half}}).status, 200);
  set_clock(kigali(kMonday, 8, 50));
  ASSERT_EQ(post(teta, "/api/v1/exams/" + id + "/submit", {{"answers", all_right(paper)}}).status, 200);

  RawResponse listed = get(owner, "/api/v1/admin/exams?days=1");
  ASSERT_EQ(listed.status, 200) << listed.describe();
  EXPECT_EQ(listed.header("Cache-Control"), "private, no-store");
  const nlohmann::json after = body_of(listed)["exams"][0];
  EXPECT_EQ(after["status"], "closed");
  EXPECT_EQ(after["started"], 3);
  EXPECT_EQ(after["submitted"], 3);
  EXPECT_EQ(after["counted"], 2);
  EXPECT_EQ(after["passed"], 1);
  EXPECT_DOUBLE_EQ(after["pass_rate"].get<double>(), 50.0);
  EXPECT_DOUBLE_EQ(after["mean_score"].get<double>(), 15.0);

  // Its questions' figures: the three papers (Teta's late one too), every question met three times.
  RawResponse figures = get(owner, "/api/v1/packs/umuhanda-default/item-statistics?exam=scheduled:" + id);
  ASSERT_EQ(figures.status, 200) << figures.describe();
  const nlohmann::json stats = body_of(figures);
  EXPECT_EQ(stats["exam"], "scheduled:" + id);
  EXPECT_EQ(stats["attempts"], 3);
  ASSERT_EQ(stats["questions"].size(), 20u);
  for (const auto& question : stats["questions"]) EXPECT_EQ(question["attempts"], 3) << question.dump();
  ASSERT_EQ(stats["exams"].size(), 1u);
  EXPECT_EQ(stats["exams"][0]["name"], "Provisional licence, hourly");
  EXPECT_NEAR(stats["exams"][0]["mean"].get<double>(), 100.0 * 50 / 60, 0.01);

  // Admins only; a bad window is located.
  EXPECT_EQ(get(aline, "/api/v1/admin/exams").status, 403);
  EXPECT_EQ(get(staff("Teacher", "0791000001"), "/api/v1/admin/exams").status, 403);
  RawResponse bad = get(owner, "/api/v1/admin/exams?days=99");
  EXPECT_EQ(bad.status, 400) << bad.describe();
  EXPECT_EQ(body_of(bad)["error"]["details"][0]["path"], "days");
}

TEST_F(ScheduledExams, StudentsWhoAskAreRemindedTenMinutesBeforeAndAtTheStartOthersAreNot) {
  set_clock(kigali(kMonday, 7, 0));
  ASSERT_EQ(post(owner, "/api/v1/exam-schedules", hourly_rule()).status, 201);
  const Account aline = student("Aline", "0781000001");
  const Account eric = student("Eric", "0781000002");
  EXPECT_EQ(body_of(get(aline, "/api/v1/exams"))["choices"]["remind_me"], false) << "off until asked";
  ASSERT_EQ(post(aline, "/api/v1/me/exam-reminders", {{"remind_me", true}}).status, 200);
  EXPECT_EQ(post(eric, "/api/v1/me/exam-reminders", {{"remind_me", "often"}}).status, 400);
  // Read back with the list, so another device shows the choice as it is.
  const nlohmann::json alines = body_of(get(aline, "/api/v1/exams"));
  EXPECT_EQ(alines["choices"]["remind_me"], true) << alines.dump();
  EXPECT_EQ(alines["choices"]["show_me"], false);
  EXPECT_EQ(body_of(get(eric, "/api/v1/exams"))["choices"]["remind_me"], false);
  auto kinds = [&](const Account& who) {
    std::vector<std::string> out;
    const nlohmann::json inbox = body_of(get(who, "/api/v1/me/notifications"));
    for (const auto& note : inbox["notifications"]) out.push_back(note["kind"]);
    return out;
  };
  // 08:10:30: the 08:20 exam's reminder, and only that one.
  set_clock(kigali(kMonday, 8, 10, 30));
  ASSERT_TRUE(testing::eventually([&] { return kinds(aline).size() == 1; })) << get(aline, "/api/v1/me/notifications").describe();
  const auto first = body_of(get(aline, "/api/v1/me/notifications"))["notifications"][0];
  EXPECT_EQ(first["kind"], "exam.starting");
  EXPECT_EQ(first["data"]["starts_at"], kigali(kMonday, 8, 20));
  // 08:20:05: it has started.
  set_clock(kigali(kMonday, 8, 20, 5));
  ASSERT_TRUE(testing::eventually([&] { return kinds(aline).size() == 2; })) << server->log();
  EXPECT_EQ(kinds(aline), (std::vector<std::string>{"exam.live", "exam.starting"}));
  EXPECT_TRUE(kinds(eric).empty()) << "Eric did not ask";
}

TEST_F(ScheduledExams, ARuleForAClassIsSatByItsMembersOnlyAndSundaysHaveNone) {
  set_clock(kigali(kSaturday, 7, 0));
  const Account teacher = staff("Teacher", "0791000001");
  const Account member = student("Aline", "0781000001");
  const Account stranger = student("Eric", "0781000002");
  const std::int64_t cls = class_with(teacher, {member});
  nlohmann::json rule = hourly_rule();
  rule["audience"] = "class";
  rule["class_id"] = cls;
  ASSERT_EQ(post(owner, "/api/v1/exam-schedules", rule).status, 201);
  // Saturday's eight; Sunday has none, and Monday 08:20 is past the 26 h horizon.
  const auto mine = body_of(get(member, "/api/v1/exams"))["exams"];
  ASSERT_EQ(mine.size(), 8u) << mine.dump();
  EXPECT_TRUE(body_of(get(stranger, "/api/v1/exams"))["exams"].empty());
  set_clock(kigali(kSaturday, 8, 20));
  const std::string start = "/api/v1/exams/" + mine[0]["id"].dump() + "/start";
  EXPECT_EQ(post_empty(stranger, start).status, 404) << "not theirs to sit";
  EXPECT_EQ(get(stranger, "/api/v1/exams/" + mine[0]["id"].dump() + "/ranking").status, 404) << "nor to see ranked";
  EXPECT_EQ(post_empty(member, start).status, 200);
  EXPECT_EQ(post_empty(teacher, start).status, 403) << "staff do not sit exams";
}

TEST_F(ScheduledExams, ABadRuleNamesEachFieldAndOnlyAdminsSetRules) {
  nlohmann::json rule = hourly_rule();
  rule["days"] = {"MON", "Sunday"};
  rule["times"] = {"8:20", "25:00"};
  rule["audience"] = "friends";
  RawResponse bad = post(owner, "/api/v1/exam-schedules", rule);
  ASSERT_EQ(bad.status, 400) << bad.describe();
  std::set<std::string> fields;
  const nlohmann::json error = error_of(bad);
  for (const auto& detail : error["details"]) fields.insert(detail["path"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"days[1]", "times[0]", "times[1]", "audience"})) << bad.body;
  rule = hourly_rule();
  rule["blueprint"] = "no-such-blueprint";
  RawResponse unknown = post(owner, "/api/v1/exam-schedules", rule);
  EXPECT_EQ(unknown.status, 400) << unknown.describe();
  EXPECT_NE(unknown.body.find("no-such-blueprint"), std::string::npos);
  const Account teacher = staff("Teacher", "0791000001");
  EXPECT_EQ(post(teacher, "/api/v1/exam-schedules", hourly_rule()).status, 403);
  EXPECT_EQ(get(teacher, "/api/v1/exam-schedules").status, 403);
  RawResponse schedules = get(owner, "/api/v1/exam-schedules");
  ASSERT_EQ(schedules.status, 200);
  EXPECT_TRUE(body_of(schedules)["schedules"].empty()) << "nothing was saved";
}

// Without --test-clock the clock cannot be set at all.
class ScheduledExamsRealClock : public testing::SignedInTest {};

TEST_F(ScheduledExamsRealClock, TheTestClockRouteDoesNotExistWithoutTheFlag) {
  const Account owner = staff("Owner", "0791000009", "admin");
  RawResponse set = post(owner, "/api/v1/test/clock", {{"now_ms", 0}});
  EXPECT_TRUE(set.status == 404 || set.status == 405) << set.describe();
  const std::int64_t now = body_of(get(owner, "/api/v1/exams"))["server_now"];
  EXPECT_GT(now, 1796000000) << "the server's clock is the system's";
}

}  // namespace
}  // namespace umuhanda
