// ScheduledExams (web/app/scheduled_exams.cpp) over the memory seams and a scripted server: the
// countdown follows the server's clock on a phone set three hours wrong; answers come back after a
// reload; a submission made offline waits in storage (across a reload) and goes when the network
// is back; counted or late is what the server says; every problem names what was being done.
#include <gtest/gtest.h>

#include "../test_packs.hpp"
#include "app/scheduled_exams.hpp"
#include "platform/memory/memory_http_client.hpp"
#include "platform/memory/memory_key_value_store.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

constexpr std::int64_t kServerNow = 1'796'000'000;                // Unix seconds, the server's clock
constexpr std::int64_t kStartsAt = kServerNow + 600;              // ten minutes ahead
constexpr std::int64_t kEndsAt = kStartsAt + 20 * 60;             // a 20-minute exam
constexpr std::int64_t kSkewMs = -3 * 3600 * 1000;                // the phone is three hours behind
constexpr std::int64_t kDeviceNow = kServerNow * 1000 + kSkewMs;  // the phone's clock when the list arrives

// The scheduled exam server, scripted: its own clock (seconds), one exam (id 7) of the two
// questions of make_valid_pack(), the answers it received and whether they came late.
struct ExamServer {
  std::int64_t now = kServerNow;
  bool late = false;
  bool submitted = false;
  std::optional<nlohmann::json> received;
  nlohmann::json choices;  // {"remind_me", "show_me"} as the server records them; null: not sent

  static nlohmann::json full_paper() { return nlohmann::json::parse(to_json(testing::make_valid_pack())); }
  static nlohmann::json paper_to_sit() {
    nlohmann::json paper = full_paper();
    for (auto& question : paper["questions"]) {
      question.erase("correct");
      question.erase("explanation");
    }
    return paper;
  }
  nlohmann::json exam() const {
    const char* status = now < kStartsAt ? "upcoming" : now < kEndsAt + 120 ? "open" : "closed";
    return {{"id", 7},
            {"name", "Provisional licence, hourly"},
            {"starts_at", kStartsAt},
            {"ends_at", kEndsAt},
            {"grace_seconds", 120},
            {"question_count", 2},
            {"pass_mark", 2},
            {"status", status},
            {"attempt", nullptr}};
  }
  nlohmann::json attempt(int score) const {
    return {{"started_at", kStartsAt}, {"submitted_at", now}, {"score", score},  {"total", 2},
            {"passed", score >= 2},    {"late", late},        {"counted", !late}};
  }

  std::optional<MemoryHttpReply> answer(const HttpRequest& request) {
    if (request.url == "/api/v1/exams") {
      nlohmann::json listed = {{"server_now", now}, {"exams", {exam()}}};
      if (!choices.is_null()) listed["choices"] = choices;
      return MemoryHttpReply::ok(listed.dump());
    }
    if (request.url == "/api/v1/exams/7/start") {
      if (now < kStartsAt) {
        return MemoryHttpReply::error(
            403,
            nlohmann::json{
                {"error", {{"code", "exam_not_started"}, {"message", "this exam has not started"}, {"starts_at", kStartsAt}, {"server_now", now}}}}
                .dump());
      }
      return MemoryHttpReply::ok(nlohmann::json{
          {"exam", exam()},
          {"attempt", {{"started_at", kStartsAt}, {"submitted_at", nullptr}}},
          {"server_now", now},
          {"paper", paper_to_sit()}}.dump());
    }
    if (request.url == "/api/v1/exams/7/submit") {
      if (submitted) return MemoryHttpReply::error(409, R"({"error": {"code": "already_submitted", "message": "one attempt per student"}})");
      submitted = true;
      received = nlohmann::json::parse(request.body)["answers"];
      int score = 0;
      const nlohmann::json paper = full_paper();
      for (const auto& question : paper["questions"]) {
        const std::string id = question["id"];
        if (received->contains(id) && (*received)[id] == nlohmann::json::array({question["correct"]})) ++score;
      }
      return MemoryHttpReply::ok(nlohmann::json{{"exam", exam()}, {"attempt", attempt(score)}, {"paper", full_paper()}}.dump());
    }
    if (request.url == "/api/v1/exams/7/result") {
      return MemoryHttpReply::ok(nlohmann::json{
          {"exam", exam()},
          {"attempt", attempt(1)},
          {"answers", received.value_or(nlohmann::json::object())},
          {"paper", full_paper()}}.dump());
    }
    if (request.url == "/api/v1/exams/8/ranking")
      return MemoryHttpReply::error(404, R"({"error": {"code": "not_found", "message": "no exam with this id is yours to see"}})");
    return std::nullopt;
  }
};

class ScheduledExamsTest : public ::testing::Test {
protected:
  void SetUp() override {
    http.set_handler([this](const HttpRequest& request) { return server.answer(request); });
    bool opened = false;
    storage.open([&](std::optional<StorageError> error) { opened = !error; });
    storage.run_pending();
    ASSERT_TRUE(opened);
  }
  void settle() {
    for (std::size_t step = 1; step > 0;) step = storage.run_pending() + http.run_pending();
  }
  // The exam open and started on `exams`: the server's clock at the start, the phone's behind it.
  void sit(ScheduledExams& exams) {
    server.now = kStartsAt;
    clock.set(kStartsAt * 1000 + kSkewMs);
    exams.start(7);
    settle();
    ASSERT_TRUE(exams.sitting().has_value()) << (exams.problem() ? exams.problem()->describe() : "no problem reported");
  }

  ExamServer server;
  MemoryHttpClient http;
  MemoryKeyValueStore storage;
  ManualClock clock{kDeviceNow};
};

TEST_F(ScheduledExamsTest, TheCountdownFollowsTheServersClockOnAPhoneSetThreeHoursWrong) {
  ScheduledExams exams(http, storage, clock);
  exams.load(true);
  exams.refresh();
  settle();
  ASSERT_TRUE(exams.loaded());
  ASSERT_EQ(exams.exams().size(), 1u);
  const ScheduledExam& exam = exams.exams()[0];
  EXPECT_EQ(exams.offset_ms(), -kSkewMs);
  EXPECT_EQ(exams.ms_until_start(exam), 600'000) << "ten minutes by the server, whatever the phone says";
  EXPECT_EQ(exams.status_of(exam), ExamStatus::upcoming);
  clock.advance(599'000);
  EXPECT_EQ(exams.ms_until_start(exam), 1'000);
  EXPECT_EQ(exams.status_of(exam), ExamStatus::upcoming);
  clock.advance(1'000);
  EXPECT_EQ(exams.status_of(exam), ExamStatus::open) << "opens at the server's start, not three hours later";
  clock.advance((20 * 60 + 120) * 1000);
  EXPECT_EQ(exams.status_of(exam), ExamStatus::closed) << "closes after the end and the grace";
}

TEST_F(ScheduledExamsTest, AStartRefusedBeforeItsTimeIsANamedProblemAndCorrectsTheClock) {
  ScheduledExams exams(http, storage, clock);
  exams.load(true);
  server.now = kStartsAt - 1;
  exams.start(7);
  settle();
  EXPECT_FALSE(exams.sitting().has_value());
  ASSERT_TRUE(exams.problem().has_value());
  EXPECT_EQ(exams.problem()->action, "start");
  EXPECT_EQ(exams.problem()->code, "exam_not_started");
  EXPECT_EQ(exams.problem()->message, "this exam has not started");
  EXPECT_EQ(exams.server_now_ms(), (kStartsAt - 1) * 1000) << "the refusal's server_now sets the countdown right";
  exams.open_ranking(8);
  settle();
  EXPECT_EQ(exams.problem()->describe(), "ranking: not_found: no exam with this id is yours to see");
  http.set_offline(true);
  exams.refresh();
  settle();
  EXPECT_EQ(exams.problem()->action, "list");
  EXPECT_EQ(exams.problem()->code, "offline");
  EXPECT_TRUE(exams.offline());
}

TEST_F(ScheduledExamsTest, AnswersAndThePaperComeBackAfterAReloadOffline) {
  {
    ScheduledExams exams(http, storage, clock);
    exams.load(true);
    sit(exams);
    ASSERT_EQ(exams.sitting()->paper.questions.size(), 2u);
    EXPECT_TRUE(exams.sitting()->paper.questions[0].correct.empty()) << "the paper came without its answers";
    exams.answer(2);
    exams.go_to(1);
    exams.answer(0);
    settle();
    EXPECT_EQ(exams.saves_done(), 4u) << "the start, each answer and the move were stored";
  }
  // The page reloads with no connection: the same storage, a new object.
  http.set_offline(true);
  clock.advance(60'000);
  ScheduledExams reloaded(http, storage, clock);
  reloaded.load(true);
  settle();
  ASSERT_TRUE(reloaded.sitting().has_value());
  const auto& sitting = *reloaded.sitting();
  EXPECT_EQ(sitting.exam.id, 7);
  EXPECT_EQ(sitting.index, 1u);
  EXPECT_EQ(sitting.answers.at("q1"), std::vector<std::size_t>{2});
  EXPECT_EQ(sitting.answers.at("q2"), std::vector<std::size_t>{0});
  EXPECT_EQ(sitting.paper.questions[1].prompt.in("en"), "Prompt q2");
  EXPECT_FALSE(sitting.submit_pending);
  EXPECT_EQ(reloaded.ms_until_end(sitting.exam), (kEndsAt - kStartsAt) * 1000 - 60'000) << "the server's clock, kept with the sitting";
}

TEST_F(ScheduledExamsTest, ASubmissionMadeOfflineWaitsAcrossAReloadAndGoesWhenTheNetworkIsBack) {
  {
    ScheduledExams exams(http, storage, clock);
    exams.load(true);
    sit(exams);
    exams.answer(1);  // q1: right
    http.set_offline(true);
    exams.go_to(1);
    exams.answer(0);  // q2: wrong
    exams.submit();
    settle();
    ASSERT_TRUE(exams.sitting().has_value());
    EXPECT_TRUE(exams.sitting()->submit_pending);
    EXPECT_TRUE(exams.offline());
    ASSERT_TRUE(exams.problem().has_value());
    EXPECT_EQ(exams.problem()->action, "submit");
    EXPECT_EQ(exams.problem()->code, "offline");
    EXPECT_FALSE(server.received.has_value());
    // Retried later, still offline: still waiting.
    clock.advance(ScheduledExams::kFirstRetryMs);
    exams.update();
    settle();
    EXPECT_TRUE(exams.sitting()->submit_pending);
  }
  // Reloaded, still offline: the waiting submission is read back and tried at once.
  ScheduledExams reloaded(http, storage, clock);
  reloaded.load(true);
  settle();
  ASSERT_TRUE(reloaded.sitting().has_value());
  EXPECT_TRUE(reloaded.sitting()->submit_pending);
  const std::size_t before = http.count("/api/v1/exams/7/submit");
  reloaded.update();
  settle();
  EXPECT_EQ(http.count("/api/v1/exams/7/submit"), before + 1) << "tried again after the reload";
  EXPECT_TRUE(reloaded.sitting()->submit_pending);
  // Online again, within the grace: sent at once, counted.
  http.set_offline(false);
  server.now = kEndsAt + 60;
  reloaded.network_back();
  reloaded.update();
  settle();
  ASSERT_TRUE(server.received.has_value());
  EXPECT_EQ(*server.received, nlohmann::json::parse(R"({"q1": [1], "q2": [0]})"));
  EXPECT_FALSE(reloaded.sitting().has_value());
  ASSERT_TRUE(reloaded.result().has_value());
  EXPECT_EQ(reloaded.result()->attempt.score, 1);
  EXPECT_TRUE(reloaded.result()->attempt.counted);
  EXPECT_FALSE(reloaded.problem().has_value()) << reloaded.problem()->describe();
  // Nothing is left waiting in storage.
  ScheduledExams again(http, storage, clock);
  again.load(true);
  settle();
  EXPECT_FALSE(again.sitting().has_value());
}

TEST_F(ScheduledExamsTest, LateOrCountedIsWhatTheServerSaysAndTheReviewMarksEachAnswer) {
  ScheduledExams exams(http, storage, clock);
  exams.load(true);
  sit(exams);
  exams.answer(1);
  exams.go_to(1);
  exams.answer(2);
  // The phone thinks there is time left; the server received it after the grace.
  server.late = true;
  exams.submit();
  settle();
  ASSERT_TRUE(exams.result().has_value());
  const ScheduledResult& result = *exams.result();
  EXPECT_TRUE(result.attempt.late);
  EXPECT_FALSE(result.attempt.counted);
  EXPECT_FALSE(result.attempt.passed);
  ASSERT_EQ(result.review.size(), 2u);
  EXPECT_TRUE(result.review[0].right);
  EXPECT_FALSE(result.review[1].right);
  EXPECT_EQ(result.review[1].chosen, std::vector<std::size_t>{2});
  EXPECT_EQ(result.paper.questions[1].correct, std::vector<std::size_t>{1}) << "the review has the answers";
  EXPECT_EQ(result.paper.questions[1].explanation.in("en"), "Because.");
}

TEST_F(ScheduledExamsTest, AnAnswerLostOnTheWayBackIsFoundByAskingForTheResult) {
  ScheduledExams exams(http, storage, clock);
  exams.load(true);
  sit(exams);
  exams.answer(1);
  server.submitted = true;  // an earlier send arrived; its answer never came back
  server.received = nlohmann::json::parse(R"({"q1": [1]})");
  exams.submit();
  settle();
  EXPECT_FALSE(exams.sitting().has_value());
  ASSERT_TRUE(exams.result().has_value());
  EXPECT_EQ(exams.result()->attempt.score, 1);
  EXPECT_EQ(exams.result()->review[0].chosen, std::vector<std::size_t>{1});
  EXPECT_FALSE(exams.problem().has_value());
}

TEST_F(ScheduledExamsTest, TimeUpByTheServersClockSubmitsAtOnce) {
  ScheduledExams exams(http, storage, clock);
  exams.load(true);
  sit(exams);
  exams.answer(1);
  // A second before the end by both clocks; the connection check on the way reads the server's.
  server.now = kEndsAt - 1;
  clock.advance((kEndsAt - kStartsAt - 1) * 1000);
  exams.update();
  settle();
  EXPECT_EQ(exams.ms_until_end(exams.sitting()->exam), 1000);
  EXPECT_EQ(http.count("/api/v1/exams/7/submit"), 0u);
  clock.advance(1000);
  exams.update();
  settle();
  EXPECT_EQ(http.count("/api/v1/exams/7/submit"), 1u);
  EXPECT_TRUE(exams.result().has_value());
}

TEST_F(ScheduledExamsTest, TheTwoChoicesAreReadBackFromTheServerOverWhatTheDeviceRemembers) {
  ScheduledExams exams(http, storage, clock);
  exams.load(true);
  settle();
  EXPECT_FALSE(exams.remind_me());
  EXPECT_FALSE(exams.show_me());
  // Chosen on another device: this one learns it from the list.
  server.choices = {{"remind_me", true}, {"show_me", true}};
  exams.refresh();
  settle();
  EXPECT_TRUE(exams.remind_me());
  EXPECT_TRUE(exams.show_me());
  // And remembers it for a start without the network.
  ScheduledExams again(http, storage, clock);
  http.set_offline(true);
  again.load(true);
  settle();
  EXPECT_TRUE(again.remind_me());
  EXPECT_TRUE(again.show_me());
}

TEST_F(ScheduledExamsTest, OnASharedPhoneAStudentsWaitingAnswersStayTheirsAndGoAtTheirNextSignIn) {
  ScheduledExams exams(http, storage, clock);
  exams.load(true);
  exams.set_user(7);
  settle();
  sit(exams);
  exams.answer(1);
  http.set_offline(true);
  exams.submit();
  settle();
  ASSERT_TRUE(exams.sitting().has_value() && exams.sitting()->submit_pending);

  // Aline (7) signs out and Eric (8) signs in: her exam is neither shown to him nor sent with his
  // session, not even when the network is back.
  exams.forget();
  exams.set_user(8);
  settle();
  EXPECT_FALSE(exams.sitting().has_value());
  http.set_offline(false);
  const std::size_t sent_before = http.count("/api/v1/exams/7/submit");
  clock.advance(ScheduledExams::kLastRetryMs);
  exams.network_back();
  exams.update();
  settle();
  EXPECT_EQ(http.count("/api/v1/exams/7/submit"), sent_before) << "nothing of Aline's went with Eric's session";
  EXPECT_FALSE(server.received.has_value());

  // After a reload, still Eric's: nothing. Aline signs in again: her answers are back and go at once.
  ScheduledExams reloaded(http, storage, clock);
  reloaded.load(true);
  reloaded.set_user(8);
  settle();
  EXPECT_FALSE(reloaded.sitting().has_value());
  reloaded.set_user(7);
  settle();
  ASSERT_TRUE(reloaded.sitting().has_value());
  EXPECT_TRUE(reloaded.sitting()->submit_pending);
  server.now = kEndsAt + 30;
  reloaded.update();
  settle();
  ASSERT_TRUE(server.received.has_value()) << "sent once she is back";
  EXPECT_FALSE(reloaded.sitting().has_value());
  ASSERT_TRUE(reloaded.result().has_value());
}

}  // namespace
}  // namespace umuhanda
