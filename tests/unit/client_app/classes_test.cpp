// Classes (web/app/classes.cpp) over the memory HTTP client: the list, joining with a typed code
// (sent as typed: the server normalises it), a refused code's reason, a roster read whole, and the
// join code's QR picture fetched with it (once per code, none while joining is off).
#include <gtest/gtest.h>

#include "app/classes.hpp"
#include "platform/memory/memory_http_client.hpp"

namespace umuhanda {
namespace {

TEST(Classes, JoiningSendsTheTypedCodeAndRefreshesTheList) {
  MemoryHttpClient http;
  bool joined = false;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url == "/api/v1/classes/join") {
      if (nlohmann::json::parse(request.body)["code"] != "7kq4 mx2p") {
        return MemoryHttpReply::error(404, R"({"error": {"code": "unknown_code", "message": "no class has this code"}})");
      }
      joined = true;
      return MemoryHttpReply::ok(
          R"({"class": {"id": 4, "name": "Morning", "instructor": {"id": 2, "name": "Jean"}, "students": 1}, "new_member": true})");
    }
    if (request.url == "/api/v1/classes") {
      return MemoryHttpReply::ok(joined ? R"({"classes": [{"id": 4, "name": "Morning", "instructor": {"id": 2, "name": "Jean"}, "students": 1}]})"
                                        : R"({"classes": []})");
    }
    return std::nullopt;
  });
  Classes classes(http);
  classes.refresh();
  http.run_pending();
  ASSERT_TRUE(classes.loaded());
  EXPECT_TRUE(classes.list().empty());

  std::optional<std::optional<AccountProblem>> outcome;
  classes.join("WRONG", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome.has_value() && outcome->has_value());
  EXPECT_EQ((*outcome)->code, "unknown_code");

  classes.join("7kq4 mx2p", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  ASSERT_EQ(classes.list().size(), 1u);
  EXPECT_EQ(classes.list()[0].name, "Morning");
  EXPECT_EQ(classes.list()[0].instructor, "Jean");
  EXPECT_EQ(classes.list()[0].join_code, "") << "students are not shown the code";
  EXPECT_EQ(http.requests()[1].method, "POST");
}

TEST(Classes, ARosterIsReadWithEveryStudentsFigures) {
  MemoryHttpClient http;
  http.reply("/api/v1/classes/4/roster",
             MemoryHttpReply::ok(R"({"class": {"id": 4, "name": "Morning", "instructor": {"id": 2, "name": "Jean"}, "students": 2,)"
                                 R"( "join_code": "7KQ4-MX2P", "joining": true}, "students": [)"
                                 R"({"id": 7, "name": "Grace", "joined_at": 1, "answers": 12, "seen": 10, "mastered": 3, "total": 393,)"
                                 R"( "exams_taken": 1, "ready": false, "last_activity_ms": 1765000000000, "recent_accuracy": 0.75},)"
                                 R"({"id": 8, "name": "Eric", "joined_at": 2, "answers": 0, "seen": 0, "mastered": 0, "total": 393,)"
                                 R"( "exams_taken": 0, "ready": false, "last_activity_ms": null, "recent_accuracy": null}]})"));
  Classes classes(http);
  classes.select(4);
  classes.open_roster(4);
  EXPECT_TRUE(classes.roster_loading());
  http.run_pending();
  EXPECT_FALSE(classes.roster_loading());
  ASSERT_TRUE(classes.roster().has_value());
  const Roster& roster = *classes.roster();
  EXPECT_EQ(roster.summary.join_code, "7KQ4-MX2P");
  ASSERT_EQ(roster.students.size(), 2u);
  EXPECT_EQ(roster.students[0].answers, 12);
  EXPECT_EQ(roster.students[0].recent_accuracy, 0.75);
  EXPECT_EQ(roster.students[0].last_activity_ms, 1765000000000);
  EXPECT_FALSE(roster.students[1].last_activity_ms.has_value());
  EXPECT_FALSE(roster.students[1].recent_accuracy.has_value());
  classes.forget();
  EXPECT_FALSE(classes.roster().has_value());
}

TEST(Classes, TheJoinCodesQrPictureComesWithTheRosterWhileJoiningIsOnAndAgainForANewCode) {
  MemoryHttpClient http;
  std::string code = "7KQ4-MX2P";
  bool joining = true;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url == "/api/v1/classes/4/roster") {
      return MemoryHttpReply::ok(nlohmann::json{
          {"class",
           {{"id", 4},
            {"name", "Morning"},
            {"instructor", {{"id", 2}, {"name", "Jean"}}},
            {"students", 0},
            {"join_code", code},
            {"joining", joining}}},
          {"students",
           nlohmann::json::array()}}.dump());
    }
    if (request.url == "/api/v1/classes/4/code.png") return MemoryHttpReply::ok("png of " + code);
    return std::nullopt;
  });
  Classes classes(http);
  classes.select(4);
  classes.open_roster(4);
  http.run_pending();
  ASSERT_TRUE(classes.code_picture().has_value());
  EXPECT_EQ(classes.code_picture()->png, "png of 7KQ4-MX2P");
  EXPECT_FALSE(classes.code_picture()->loading);
  EXPECT_EQ(classes.code_picture()->key(), "class-code:4:7KQ4-MX2P");
  EXPECT_EQ(classes.state_json()["code_picture"]["bytes"], 16);

  classes.open_roster(4);  // Refresh: the same code keeps its picture
  http.run_pending();
  EXPECT_EQ(http.count("/api/v1/classes/4/code.png"), 1u);

  code = "AB12-CD34";  // rotated
  classes.open_roster(4);
  http.run_pending();
  EXPECT_EQ(http.count("/api/v1/classes/4/code.png"), 2u);
  ASSERT_TRUE(classes.code_picture().has_value());
  EXPECT_EQ(classes.code_picture()->png, "png of AB12-CD34");
  EXPECT_EQ(classes.code_picture()->key(), "class-code:4:AB12-CD34") << "a new code is a new texture";

  joining = false;
  classes.open_roster(4);
  http.run_pending();
  EXPECT_FALSE(classes.code_picture().has_value()) << "no picture while joining is off";
  EXPECT_EQ(http.count("/api/v1/classes/4/code.png"), 2u);
}

TEST(Classes, AQrPictureTheServerRefusesSaysWhy) {
  MemoryHttpClient http;
  http.reply("/api/v1/classes/4/roster", MemoryHttpReply::ok(R"({"class": {"id": 4, "name": "Morning", "join_code": "7KQ4-MX2P", "joining": true},)"
                                                             R"( "students": []})"));
  http.reply("/api/v1/classes/4/code.png",
             MemoryHttpReply::error(404, R"({"error": {"code": "no_join_code", "message": "joining this class is switched off"}})"));
  Classes classes(http);
  classes.select(4);
  classes.open_roster(4);
  http.run_pending();
  ASSERT_TRUE(classes.code_picture().has_value());
  EXPECT_TRUE(classes.code_picture()->png.empty());
  EXPECT_FALSE(classes.code_picture()->loading);
  EXPECT_NE(classes.code_picture()->problem, "");
}

TEST(Classes, RenamingAndChangingTheCodeSendTheirBodiesAndUpdateTheRosterAndTheList) {
  MemoryHttpClient http;
  nlohmann::json current = {{"id", 4},       {"name", "Morning"},        {"instructor", {{"id", 2}, {"name", "Jean"}}},
                            {"students", 0}, {"join_code", "7KQ4-MX2P"}, {"joining", true}};
  std::vector<nlohmann::json> bodies;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url == "/api/v1/classes") return MemoryHttpReply::ok(nlohmann::json{{"classes", {current}}}.dump());
    if (request.url == "/api/v1/classes/4/roster")
      return MemoryHttpReply::ok(nlohmann::json{{"class", current}, {"students", nlohmann::json::array()}}.dump());
    if (request.url == "/api/v1/classes/4/code.png") return MemoryHttpReply::ok("png of " + current["join_code"].get<std::string>());
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    bodies.push_back(body);
    if (request.url == "/api/v1/classes/4" && request.method == "POST") {
      if (body["name"] == "") return MemoryHttpReply::error(400, R"({"error": {"code": "bad_request", "message": "a class needs a name"}})");
      current["name"] = body["name"];
      return MemoryHttpReply::ok(nlohmann::json{{"class", current}}.dump());
    }
    if (request.url == "/api/v1/classes/4/code" && request.method == "POST") {
      if (body["action"] == "rotate") current["join_code"] = "AB12-CD34";
      current["joining"] = body["action"] != "off";
      return MemoryHttpReply::ok(nlohmann::json{{"class", current}}.dump());
    }
    return std::nullopt;
  });
  Classes classes(http);
  classes.refresh();
  classes.select(4);
  classes.open_roster(4);
  http.run_pending();
  std::optional<std::optional<AccountProblem>> outcome;
  auto done = [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); };

  classes.rename(4, "", done);
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  ASSERT_TRUE(outcome->has_value()) << "the server's refusal reaches the screen";
  EXPECT_EQ((*outcome)->code, "bad_request");
  EXPECT_EQ(classes.roster()->summary.name, "Morning");

  outcome.reset();
  classes.rename(4, "Morning B", done);
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  EXPECT_EQ(bodies.back(), (nlohmann::json{{"name", "Morning B"}}));
  EXPECT_EQ(classes.roster()->summary.name, "Morning B");
  EXPECT_EQ(classes.list().at(0).name, "Morning B") << "Settings' list shows the new name without a refresh";

  classes.change_code(4, Classes::CodeAction::off, done);
  http.run_pending();
  EXPECT_EQ(bodies.back(), (nlohmann::json{{"action", "off"}}));
  EXPECT_FALSE(classes.roster()->summary.joining);
  EXPECT_FALSE(classes.code_picture().has_value()) << "no QR code while joining is off";

  classes.change_code(4, Classes::CodeAction::on, done);
  http.run_pending();
  EXPECT_EQ(bodies.back(), (nlohmann::json{{"action", "on"}}));
  EXPECT_TRUE(classes.roster()->summary.joining);
  ASSERT_TRUE(classes.code_picture().has_value());
  EXPECT_EQ(classes.code_picture()->png, "png of 7KQ4-MX2P");

  classes.change_code(4, Classes::CodeAction::rotate, done);
  http.run_pending();
  EXPECT_EQ(bodies.back(), (nlohmann::json{{"action", "rotate"}}));
  EXPECT_EQ(classes.roster()->summary.join_code, "AB12-CD34");
  EXPECT_EQ(classes.list().at(0).join_code, "AB12-CD34");
  ASSERT_TRUE(classes.code_picture().has_value());
  EXPECT_EQ(classes.code_picture()->png, "png of AB12-CD34") << "the new code's QR code is fetched";
}

TEST(Classes, AResetCodeIsKeptToShowAndDisablingFlipsTheRostersFlag) {
  MemoryHttpClient http;
  bool disabled = false;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url == "/api/v1/classes/4/roster") {
      return MemoryHttpReply::ok(
          nlohmann::json{{"class", {{"id", 4}, {"name", "Morning"}}}, {"students", {{{"id", 7}, {"name", "Grace"}, {"disabled", disabled}}}}}.dump());
    }
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.body, "") << "no body: the server refuses one";
    if (request.url == "/api/v1/users/7/reset-code") {
      return MemoryHttpReply::ok(R"({"code": "4821 0937", "expires_at": 1765000600, "tries": 5, "user": {"id": 7, "name": "Grace"}})");
    }
    if (request.url == "/api/v1/users/8/reset-code") {
      return MemoryHttpReply::error(404, R"({"error": {"code": "not_found", "message": "no account with this id among those you manage"}})");
    }
    if (request.url == "/api/v1/users/7/disable" || request.url == "/api/v1/users/7/enable") {
      disabled = request.url.ends_with("disable");
      return MemoryHttpReply::ok(nlohmann::json{{"user", {{"id", 7}, {"name", "Grace"}, {"disabled", disabled}}}}.dump());
    }
    return std::nullopt;
  });
  Classes classes(http);
  classes.select(4);
  classes.open_roster(4);
  http.run_pending();
  ASSERT_EQ(classes.roster()->students.size(), 1u);
  EXPECT_FALSE(classes.roster()->students[0].disabled);

  std::optional<std::optional<AccountProblem>> outcome;
  auto done = [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); };
  classes.issue_reset_code(8, done);
  http.run_pending();
  ASSERT_TRUE(outcome.has_value() && outcome->has_value());
  EXPECT_EQ((*outcome)->code, "not_found");
  EXPECT_FALSE(classes.reset_code().has_value());

  classes.issue_reset_code(7, done);
  http.run_pending();
  ASSERT_TRUE(classes.reset_code().has_value());
  EXPECT_EQ(classes.reset_code()->code, "4821 0937");
  EXPECT_EQ(classes.reset_code()->user_id, 7);
  EXPECT_EQ(classes.reset_code()->name, "Grace");
  EXPECT_EQ(classes.state_json()["reset_code"]["code"], "4821 0937");

  outcome.reset();
  classes.set_disabled(7, true, done);
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  EXPECT_TRUE(classes.roster()->students[0].disabled);
  classes.set_disabled(7, false, done);
  http.run_pending();
  EXPECT_FALSE(classes.roster()->students[0].disabled);
  classes.forget();
  EXPECT_FALSE(classes.reset_code().has_value()) << "a code is not kept after signing out";
}

TEST(Classes, ARostersTopicsCellsAndWeakestTopicsAreReadAndCellsFallIntoBands) {
  const auto roster = roster_from(nlohmann::json::parse(R"({
      "class": {"id": 4, "name": "Evening"},
      "topics": [{"id": "signs", "title": {"en": "Road signs", "fr": "Panneaux"}}, {"id": "lights", "title": {}}],
      "students": [{"id": 7, "name": "Aline", "topics": [{"topic": "signs", "answered": 10, "right": 8, "seen": 9, "mastered": 2, "total": 40},
                                                         {"topic": "lights", "answered": 0, "right": 0, "seen": 0, "mastered": 0, "total": 20}]}],
      "weakest_topics": [{"topic": "signs", "answered": 22, "right": 9, "students": 2}],
      "weakest_min_answers": 20})"));
  ASSERT_TRUE(roster.has_value());
  ASSERT_EQ(roster->topics.size(), 2u);
  EXPECT_EQ(topic_title(roster->topics, "signs", "fr"), "Panneaux");
  EXPECT_EQ(topic_title(roster->topics, "lights", "en"), "lights") << "a topic without a title shows its id";
  EXPECT_EQ(topic_title(roster->topics, "numbers", "en"), "numbers");
  ASSERT_EQ(roster->students.size(), 1u);
  ASSERT_EQ(roster->students[0].topics.size(), 2u);
  EXPECT_EQ(roster->students[0].topics[0], (TopicStatistics{"signs", Accuracy{10, 8}, 9, 2, 40}));
  EXPECT_EQ(mastery_band(roster->students[0].topics[0]), MasteryBand::good) << "80 % is good";
  EXPECT_EQ(mastery_band(roster->students[0].topics[1]), MasteryBand::not_practised);
  EXPECT_EQ(mastery_band(TopicStatistics{"x", Accuracy{10, 5}, 0, 0, 0}), MasteryBand::middling) << "50 % is middling";
  EXPECT_EQ(mastery_band(TopicStatistics{"x", Accuracy{10, 4}, 0, 0, 0}), MasteryBand::low);
  EXPECT_EQ(roster->weakest, (std::vector<ClassTopic>{ClassTopic{"signs", Accuracy{22, 9}, 2}}));
  EXPECT_EQ(roster->weakest_min_answers, 20);
  EXPECT_FALSE(roster_from(nlohmann::json::parse(R"({"class": {"id": 4, "name": "Evening"}})")).has_value()) << "no students: not a roster";
}

TEST(Classes, AStudentsPageIsLoadedForTheChosenStudentAndAStaleAnswerIsDropped) {
  MemoryHttpClient http;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url == "/api/v1/classes/4/students/7") {
      return MemoryHttpReply::ok(R"({"class": {"id": 4, "name": "Evening"},
          "student": {"id": 7, "name": "Aline", "answers": 22, "recent_accuracy": 0.5, "exams_taken": 2},
          "topics": [{"topic": "signs", "title": {"en": "Road signs"}, "answered": 11, "right": 9, "seen": 10, "mastered": 0, "total": 123}],
          "exams": [{"attempt_id": "phone:23", "blueprint": "provisional-licence", "submitted_at_ms": 1765000082000, "score": 14,
                     "question_count": 20, "pass_mark": 12, "passed": true}],
          "mistakes": [{"question_id": "lights-3", "topic": "lights", "prompt": {"en": "Amber?", "fr": "Orange ?"}, "wrong": 2, "answered": 2,
                        "last_answered_at_ms": 1765000021000}],
          "mistake_count": 8})");
    }
    if (request.url == "/api/v1/classes/4/students/8")
      return MemoryHttpReply::error(404, R"({"error": {"code": "not_a_member", "message": "this student is not in this class"}})");
    return std::nullopt;
  });
  Classes classes(http);
  classes.select(4);
  classes.open_student(4, 7);
  EXPECT_TRUE(classes.student_loading());
  http.run_pending();
  ASSERT_TRUE(classes.student_page().has_value());
  const StudentPage& page = *classes.student_page();
  EXPECT_EQ(page.class_id, 4);
  EXPECT_EQ(page.student.name, "Aline");
  EXPECT_EQ(page.student.topics, (std::vector<TopicStatistics>{TopicStatistics{"signs", Accuracy{11, 9}, 10, 0, 123}}));
  ASSERT_EQ(page.titles.size(), 1u);
  EXPECT_EQ(page.titles[0].title.in("en"), "Road signs");
  ASSERT_EQ(page.exams.size(), 1u);
  EXPECT_EQ(page.exams[0].score, 14);
  EXPECT_EQ(page.exams[0].submitted_at_ms, 1765000082000);
  EXPECT_TRUE(page.exams[0].passed);
  ASSERT_EQ(page.mistakes.size(), 1u);
  EXPECT_EQ(page.mistakes[0].prompt.in("fr"), "Orange ?");
  EXPECT_EQ(page.mistakes[0].wrong, 2);
  EXPECT_EQ(page.mistake_count, 8);

  // Another student opened before the first answer came: the first answer is not shown as theirs.
  classes.open_student(4, 8);
  classes.open_student(4, 7);
  classes.open_student(4, 8);
  http.run_pending();
  EXPECT_EQ(classes.student_page()->student.id, 7) << "the page kept is the one that arrived for student 7";
  EXPECT_EQ(classes.selected_student(), 8);
  EXPECT_EQ(classes.student_problem(), "this student is not in this class");
  EXPECT_FALSE(classes.student_loading());
}

}  // namespace
}  // namespace umuhanda
