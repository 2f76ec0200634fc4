// What an instructor learns of a class beyond the roster (docs/api.md, "Classes"), against the
// real server: two students push answers and mock exams through /api/v1/sync/push, then the
// roster's heatmap cells and weakest topics, a student's own page (topics, exams, mistakes) and
// the results spreadsheet show exactly what they did; another instructor, and a student not in
// the class, get 404s.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "signed_in_test_support.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::RawResponse;

constexpr std::int64_t kStart = 1765000000000;  // 2025-12-06T05:46:40Z, in ms

class ClassInsights : public testing::SignedInTest {
protected:
  void SetUp() override {
    SignedInTest::SetUp();
    std::ifstream file(std::string(UMUHANDA_SOURCE_DIR) + "/assets/packs/umuhanda-default/pack.json");
    std::stringstream text;
    text << file.rdbuf();
    const nlohmann::json pack = nlohmann::json::parse(text.str(), nullptr, false);
    ASSERT_TRUE(pack.is_object());
    for (const auto& question : pack["questions"]) questions[question["topic"].get<std::string>()].push_back(question["id"].get<std::string>());
    ASSERT_GE(questions["signs"].size(), 20u);
    ASSERT_GE(questions["lights"].size(), 10u);
  }

  // Answers the students' devices push: each question of `topic` from `first`, right or wrong as
  // `right` says, a second apart from `at`.
  struct Pushed {
    nlohmann::json events = nlohmann::json::array();
    std::int64_t at = kStart;
    int n = 0;
  };
  void answer(Pushed& into, const std::string& question_id, bool right) {
    into.events.push_back({{"type", "answer"},
                           {"id", "phone:" + std::to_string(++into.n)},
                           {"pack_id", "umuhanda-default"},
                           {"question_id", question_id},
                           {"chosen", {0}},
                           {"correct", right},
                           {"answered_at_ms", into.at += 1000},
                           {"time_spent_ms", 3000},
                           {"mode", "practice"}});
  }
  void exam(Pushed& into, int score) {
    nlohmann::json ids = nlohmann::json::array(), chosen = nlohmann::json::array(), flagged = nlohmann::json::array();
    for (int i = 0; i < 20; ++i) {
      ids.push_back(questions["signs"][static_cast<std::size_t>(i)]);
      chosen.push_back(nullptr);
      flagged.push_back(false);
    }
    into.at += 60000;
    into.events.push_back({{"type", "exam_attempt"},
                           {"id", "phone:" + std::to_string(++into.n)},
                           {"pack_id", "umuhanda-default"},
                           {"blueprint_id", "provisional-licence"},
                           {"exam_set_id", nullptr},
                           {"started_at_ms", into.at - 600000},
                           {"submitted_at_ms", into.at},
                           {"question_ids", ids},
                           {"chosen", chosen},
                           {"flagged", flagged},
                           {"score", score},
                           {"question_count", 20},
                           {"pass_mark", 12},
                           {"passed", score >= 12},
                           {"timed_out", false}});
  }
  void push(const Account& who, const Pushed& pushed) {
    RawResponse res = post(who, "/api/v1/sync/push", {{"device", "phone"}, {"events", pushed.events}});
    ASSERT_EQ(res.status, 200) << res.describe();
    ASSERT_EQ(body_of(res)["stored"], pushed.events.size()) << res.body;
  }
  std::string class_path(std::int64_t class_id, const std::string& rest = "") { return "/api/v1/classes/" + std::to_string(class_id) + rest; }
  // A student's topic figures in the roster or their page, by topic id.
  static std::map<std::string, nlohmann::json> by_topic(const nlohmann::json& topics) {
    std::map<std::string, nlohmann::json> found;
    for (const auto& topic : topics) found[topic["topic"].get<std::string>()] = topic;
    return found;
  }
  static std::vector<std::string> csv_lines(const std::string& body) {
    std::vector<std::string> lines;
    const std::string bom = "\xEF\xBB\xBF";
    for (std::size_t at = body.rfind(bom, 0) == 0 ? bom.size() : 0; at < body.size();) {
      const std::size_t end = body.find("\r\n", at);
      if (end == std::string::npos) {
        ADD_FAILURE() << "a line without CRLF in " << body;
        break;
      }
      lines.push_back(body.substr(at, end - at));
      at = end + 2;
    }
    return lines;
  }

  std::map<std::string, std::vector<std::string>> questions;  // the default pack's question ids, by topic
};

TEST_F(ClassInsights, TheHeatmapWeakestTopicsStudentPageAndResultsShowWhatTwoStudentsDid) {
  const Account teta = staff("Teta", "0791000001");
  const Account jean = staff("Jean", "0791000002");
  const Account admin = staff("Admin", "0721000001", "admin");
  const Account aline = student("Aline", "0781000001");
  const Account eric = student("Eric", "0781000002");
  const Account grace = student("Grace", "0781000003");  // in Jean's class, not Teta's
  const std::int64_t evening = class_with(teta, {aline, eric});
  const std::int64_t jeans = class_with(jean, {grace});
  ASSERT_FALSE(HasFailure());
  const auto& signs = questions["signs"];
  const auto& lights = questions["lights"];
  const auto& numbers = questions["numbers"];

  // Aline: signs 0-9 (8 and 9 wrong), lights 0-9 (3 to 9 wrong), lights 3 wrong again, signs 9
  // right at last: signs 11 answers, 9 right; lights 11 answers, 3 right. Two mock exams: 14/20
  // (passed), then 10/20 (failed).
  Pushed hers;
  for (std::size_t i = 0; i < 10; ++i) answer(hers, signs[i], i < 8);
  for (std::size_t i = 0; i < 10; ++i) answer(hers, lights[i], i < 3);
  answer(hers, lights[3], false);
  const std::int64_t lights_3_at = hers.at;
  answer(hers, signs[9], true);
  exam(hers, 14);
  const std::int64_t first_exam_at = hers.at;
  exam(hers, 10);
  push(aline, hers);
  // Eric: signs 0-11, every other one right (12 answers, 6 right); lights 0-9, 0-4 right (10, 5);
  // numbers 0-1 wrong (2, 0).
  Pushed his;
  for (std::size_t i = 0; i < 12; ++i) answer(his, signs[i], i % 2 == 0);
  for (std::size_t i = 0; i < 10; ++i) answer(his, lights[i], i < 5);
  for (std::size_t i = 0; i < 2; ++i) answer(his, numbers[i], false);
  push(eric, his);
  ASSERT_FALSE(HasFailure());

  // [SECTION] The roster: the class's topics, and each student's cells.
  RawResponse roster = get(teta, class_path(evening, "/roster"));
  ASSERT_EQ(roster.status, 200) << roster.describe();
  const nlohmann::json body = body_of(roster);
  ASSERT_EQ(body["topics"].size(), 6u) << roster.body;
  EXPECT_EQ(body["topics"][0]["id"], "signs");
  EXPECT_EQ(body["topics"][0]["title"]["en"], "Road signs");
  EXPECT_EQ(body["topics"][0]["title"]["fr"], "Panneaux de signalisation");
  EXPECT_EQ(body["topics"][1]["id"], "numbers") << "the pack's order";
  ASSERT_EQ(body["students"].size(), 2u);
  const auto alines = by_topic(body["students"][0]["topics"]);
  ASSERT_EQ(alines.size(), 6u);
  EXPECT_EQ(alines.at("signs")["answered"], 11);
  EXPECT_EQ(alines.at("signs")["right"], 9);
  EXPECT_EQ(alines.at("signs")["seen"], 10);
  EXPECT_EQ(alines.at("signs")["total"], signs.size());
  EXPECT_EQ(alines.at("lights")["answered"], 11);
  EXPECT_EQ(alines.at("lights")["right"], 3);
  EXPECT_EQ(alines.at("numbers")["answered"], 0) << "an empty cell: not practised";
  const auto erics = by_topic(body["students"][1]["topics"]);
  EXPECT_EQ(erics.at("signs")["answered"], 12);
  EXPECT_EQ(erics.at("signs")["right"], 6);
  EXPECT_EQ(erics.at("numbers")["answered"], 2);
  EXPECT_EQ(erics.at("numbers")["right"], 0);

  // Pooled: lights 21 answers, 8 right (38 %); signs 23, 15 (65 %); numbers (2 answers) is under
  // the 20-answer threshold, however bad.
  EXPECT_EQ(body["weakest_min_answers"], 20);
  EXPECT_EQ(body["weakest_topics"], nlohmann::json::parse(R"([
      {"topic": "lights", "answered": 21, "right": 8, "students": 2},
      {"topic": "signs", "answered": 23, "right": 15, "students": 2}])"));

  // [SECTION] Aline's own page.
  const std::string alines_page = class_path(evening, "/students/" + std::to_string(aline.id));
  RawResponse page = get(teta, alines_page);
  ASSERT_EQ(page.status, 200) << page.describe();
  EXPECT_EQ(page.header("Cache-Control"), "private, no-store");
  const nlohmann::json her = body_of(page);
  EXPECT_EQ(her["student"]["name"], "Aline");
  EXPECT_EQ(her["student"]["answers"], 22);
  EXPECT_EQ(her["student"]["exams_taken"], 2);
  EXPECT_EQ(her["class"]["id"], evening);
  const auto her_topics = by_topic(her["topics"]);
  EXPECT_EQ(her_topics.at("lights")["right"], 3);
  EXPECT_EQ(her_topics.at("lights")["title"]["fr"], "Feux");
  ASSERT_EQ(her["exams"].size(), 2u);
  EXPECT_EQ(her["exams"][0], (nlohmann::json{{"attempt_id", "phone:23"},
                                             {"blueprint", "provisional-licence"},
                                             {"submitted_at_ms", first_exam_at},
                                             {"score", 14},
                                             {"question_count", 20},
                                             {"pass_mark", 12},
                                             {"passed", true}}));
  EXPECT_EQ(her["exams"][1]["score"], 10);
  EXPECT_EQ(her["exams"][1]["passed"], false);
  // Mistakes: lights 3 (wrong twice, the newest), lights 9 down to 4, then signs 8; signs 9 was
  // put right, lights 0-2 were right.
  EXPECT_EQ(her["mistake_count"], 8);
  ASSERT_EQ(her["mistakes"].size(), 8u) << page.body;
  EXPECT_EQ(her["mistakes"][0]["question_id"], lights[3]);
  EXPECT_EQ(her["mistakes"][0]["wrong"], 2);
  EXPECT_EQ(her["mistakes"][0]["answered"], 2);
  EXPECT_EQ(her["mistakes"][0]["last_answered_at_ms"], lights_3_at);
  EXPECT_EQ(her["mistakes"][0]["topic"], "lights");
  EXPECT_TRUE(her["mistakes"][0]["prompt"]["en"].is_string() && her["mistakes"][0]["prompt"]["fr"].is_string()) << her["mistakes"][0];
  for (std::size_t i = 1; i <= 6; ++i) EXPECT_EQ(her["mistakes"][i]["question_id"], lights[10 - i]) << i;
  EXPECT_EQ(her["mistakes"][7]["question_id"], signs[8]);
  EXPECT_EQ(her["mistakes"][7]["wrong"], 1);

  // An admin sees it too; another instructor, a student not in the class and a student do not.
  EXPECT_EQ(get(admin, alines_page).status, 200);
  RawResponse other = get(jean, alines_page);
  EXPECT_EQ(other.status, 404) << other.describe();
  EXPECT_EQ(testing::error_code_of(other), "not_found") << "another instructor's class, as if it did not exist";
  RawResponse stranger = get(teta, class_path(evening, "/students/" + std::to_string(grace.id)));
  EXPECT_EQ(stranger.status, 404) << stranger.describe();
  EXPECT_EQ(testing::error_code_of(stranger), "not_a_member");
  EXPECT_EQ(get(teta, class_path(jeans, "/students/" + std::to_string(grace.id))).status, 404) << "Grace is in Jean's class";
  EXPECT_EQ(get(teta, class_path(evening, "/students/" + std::to_string(teta.id))).status, 404) << "the instructor is no student of it";
  EXPECT_EQ(get(aline, alines_page).status, 403) << "a student does not see even her own page here";

  // [SECTION] The results spreadsheet: a line per mock exam, Aline's two; Eric sat none.
  RawResponse csv = get(teta, class_path(evening, "/results.csv"));
  ASSERT_EQ(csv.status, 200) << csv.describe();
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("Cache-Control"), "private, no-store");
  EXPECT_EQ(csv.header("Content-Disposition"), "attachment; filename=\"class-" + std::to_string(evening) + "-results.csv\"");
  ASSERT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u) << "the byte order mark spreadsheets want, as roster.csv";
  const std::vector<std::string> lines = csv_lines(csv.body);
  ASSERT_EQ(lines.size(), 3u) << csv.body;
  EXPECT_EQ(lines[0], "name,submitted_at,blueprint,score,question_count,pass_mark,passed");
  // kStart + 22 answers (22 s) + 60 s: 05:46:40 + 82 s = 05:48:02; the second 60 s later.
  EXPECT_EQ(lines[1], "Aline,2025-12-06T05:48:02Z,provisional-licence,14,20,12,yes");
  EXPECT_EQ(lines[2], "Aline,2025-12-06T05:49:02Z,provisional-licence,10,20,12,no");
  EXPECT_EQ(get(jean, class_path(evening, "/results.csv")).status, 404);
  EXPECT_EQ(get(eric, class_path(evening, "/results.csv")).status, 403);
}

TEST_F(ClassInsights, AClassWithoutAnswersHasEmptyCellsNoWeakestTopicAndAHeaderOnlySpreadsheet) {
  const Account teta = staff("Teta", "0791000001");
  const Account aline = student("Aline", "0781000001");
  const std::int64_t evening = class_with(teta, {aline});
  ASSERT_FALSE(HasFailure());
  const nlohmann::json body = body_of(get(teta, class_path(evening, "/roster")));
  ASSERT_EQ(body["students"].size(), 1u) << body;
  for (const auto& topic : body["students"][0]["topics"]) EXPECT_EQ(topic["answered"], 0) << topic;
  EXPECT_TRUE(body["weakest_topics"].empty());
  const nlohmann::json page = body_of(get(teta, class_path(evening, "/students/" + std::to_string(aline.id))));
  EXPECT_TRUE(page["exams"].empty());
  EXPECT_TRUE(page["mistakes"].empty());
  EXPECT_EQ(page["mistake_count"], 0);
  RawResponse csv = get(teta, class_path(evening, "/results.csv"));
  ASSERT_EQ(csv.status, 200) << csv.describe();
  EXPECT_EQ(csv_lines(csv.body), (std::vector<std::string>{"name,submitted_at,blueprint,score,question_count,pass_mark,passed"}));
}

}  // namespace
}  // namespace umuhanda
