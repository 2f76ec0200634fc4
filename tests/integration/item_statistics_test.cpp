// Item statistics against the real server (docs/api.md, "Item statistics"): students of generated
// abilities sync mock exams of the default pack; the staff's figures are the core's
// (item_statistics.hpp, tested against hand-computed fixtures) over the same attempts, first
// attempts by default and all on request; attempts synced later count at the next request; a
// deleted account's attempts leave; students are refused; a bad selection is a located 400.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "signed_in_test_support.hpp"
#include "umuhanda/item_statistics.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/progress_log.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::RawResponse;

constexpr std::int64_t kStart = 1765000000000;  // 2025-12-06, in ms
constexpr double kRounding = 0.0051;            // the server sends two decimals

Pack default_pack() {
  std::ifstream file(testing::default_pack_dir() / "pack.json");
  std::stringstream text;
  text << file.rdbuf();
  auto pack = parse_pack_json(text.str());
  EXPECT_TRUE(pack.ok());
  return std::move(pack).value();
}

class ItemStatisticsTest : public testing::SignedInTest {
protected:
  void SetUp() override {
    SignedInTest::SetUp();
    if (HasFatalFailure()) return;
    pack = default_pack();
    ASSERT_FALSE(pack.exam_sets.empty());
    ASSERT_FALSE(pack.blueprints.empty());
    for (const Question& question : pack.questions) keys[question.id] = QuestionKey{question.choices.size(), question.correct};
    teacher = staff("Mukamana Teacher", "0791000010");
  }

  // One mock exam of `questions` as a student of `ability` sits it: each answer right with a
  // logistic chance of ability minus the question's difficulty (made from its position), a wrong
  // one picked among the wrong choices with the first twice as likely, a few left unanswered.
  nlohmann::json sit(const Account& who, const std::string& event_id, std::int64_t at_ms, const std::vector<std::string>& questions, double ability,
                     const std::optional<std::string>& exam_set, std::mt19937& random) {
    nlohmann::json chosen = nlohmann::json::array();
    ScoredAttempt local{"u" + std::to_string(who.id), exam_set ? "set:" + *exam_set : "blueprint:" + pack.blueprints[0].id, at_ms, event_id, {}};
    int score = 0;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      const Question& question = *std::find_if(pack.questions.begin(), pack.questions.end(), [&](const Question& q) { return q.id == questions[i]; });
      const double difficulty = static_cast<double>((std::hash<std::string>{}(question.id) % 200)) / 100.0 - 1.0;
      const double chance = 1.0 / (1.0 + std::exp(-1.7 * (ability - difficulty)));
      const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(random);
      std::vector<std::size_t> picked;
      if (draw < chance) {
        picked = question.correct;
      } else if (draw < 0.97) {
        std::vector<std::size_t> wrong;
        for (std::size_t c = 0; c < question.choices.size(); ++c) {
          if (!question.is_correct(c)) wrong.push_back(c);
        }
        if (!wrong.empty()) {
          wrong.push_back(wrong.front());
          picked = {wrong[std::uniform_int_distribution<std::size_t>(0, wrong.size() - 1)(random)]};
        }
      }
      const bool correct = !picked.empty() && is_right_answer(question.correct, picked);
      score += correct ? 1 : 0;
      chosen.push_back(picked.empty() ? nlohmann::json() : nlohmann::json(picked));
      local.items.push_back({question.id, picked, correct});
    }
    expected_attempts.push_back(local);
    return {{"type", "exam_attempt"},
            {"id", event_id},
            {"pack_id", pack.id},
            {"blueprint_id", pack.blueprints[0].id},
            {"exam_set_id", exam_set ? nlohmann::json(*exam_set) : nlohmann::json()},
            {"started_at_ms", at_ms - 600000},
            {"submitted_at_ms", at_ms},
            {"question_ids", questions},
            {"chosen", chosen},
            {"flagged", std::vector<bool>(questions.size(), false)},
            {"score", score},
            {"question_count", static_cast<int>(questions.size())},
            {"pass_mark", static_cast<int>(questions.size())},
            {"passed", score == static_cast<int>(questions.size())},
            {"timed_out", false}};
  }

  void push(const Account& who, const nlohmann::json& events) {
    RawResponse pushed = post(who, "/api/v1/sync/push", {{"device", "phone-" + std::to_string(who.id)}, {"events", events}});
    ASSERT_EQ(pushed.status, 200) << pushed.describe();
    ASSERT_EQ(body_of(pushed)["stored"], events.size()) << pushed.body;
  }

  // A class of `count` students of abilities from -1.5 to 1.5: each sits exam set 1, every
  // third sits it again, and each sits a paper drawn from the pack's first blueprint.
  void class_sits(int count, int first_phone) {
    std::mt19937 random(20261207);
    const ExamSet& set = pack.exam_sets[0];
    for (int s = 0; s < count; ++s) {
      const Account who = student("Student " + std::to_string(s), "07810" + std::to_string(first_phone + s));
      students.push_back(who);
      const double ability = -1.5 + 3.0 * s / std::max(1, count - 1);
      const std::string device = "phone-" + std::to_string(who.id);
      nlohmann::json events = nlohmann::json::array();
      std::int64_t at = kStart + s * 1000;
      events.push_back(sit(who, device + ":1", at, set.questions, ability, set.id, random));
      if (s % 3 == 0) events.push_back(sit(who, device + ":2", at + 100000, set.questions, ability + 0.5, set.id, random));
      std::vector<std::string> drawn;
      for (std::size_t k = 0; k < 20; ++k) drawn.push_back(pack.questions[(s * 7 + k) % pack.questions.size()].id);
      events.push_back(sit(who, device + ":3", at + 200000, drawn, ability, std::nullopt, random));
      push(who, events);
    }
  }

  nlohmann::json statistics(const std::string& query = "") {
    RawResponse res = get(teacher, "/api/v1/packs/" + pack.id + "/item-statistics" + query);
    EXPECT_EQ(res.status, 200) << res.describe();
    EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
    return body_of(res);
  }

  // Every figure of the server's answer is the core's over expected_attempts.
  void expect_matches(const nlohmann::json& answer, AttemptSelection selection) {
    const ItemStatistics local = compute_item_statistics(expected_attempts, selection, keys);
    ASSERT_TRUE(answer.is_object());
    EXPECT_EQ(answer["attempts"], local.attempts);
    EXPECT_EQ(answer["students"], local.students);
    const nlohmann::json questions = answer["questions"];
    ASSERT_EQ(questions.size(), local.items.size());
    std::size_t discriminating = 0, well_seen = 0;
    for (std::size_t i = 0; i < local.items.size(); ++i) {
      const ItemStatistic& item = local.items[i];
      const nlohmann::json& got = questions[i];
      SCOPED_TRACE(item.question_id);
      EXPECT_EQ(got["id"], item.question_id);
      EXPECT_EQ(got["attempts"], item.attempts);
      EXPECT_NEAR(got["facility"].get<double>(), item.facility, kRounding);
      EXPECT_NEAR(got["sd"].get<double>(), item.sd, kRounding);
      EXPECT_EQ(got["discrimination"].is_null(), !item.discrimination);
      if (item.attempts >= local.students) ++well_seen;
      if (item.discrimination && item.attempts >= local.students) ++discriminating;
      if (item.discrimination) {
        EXPECT_NEAR(got["discrimination"].get<double>(), *item.discrimination, kRounding);
      }
      if (item.efficiency) {
        EXPECT_NEAR(got["efficiency"].get<double>(), *item.efficiency, kRounding);
      }
      ASSERT_EQ(got["choices"].size(), item.choices.size());
      for (std::size_t c = 0; c < item.choices.size(); ++c) {
        EXPECT_EQ(got["choices"][c]["picked"], item.choices[c].picked);
        EXPECT_EQ(got["choices"][c]["correct"], item.choices[c].correct);
      }
      ASSERT_EQ(got["flags"].size(), item.flags.size());
      for (std::size_t f = 0; f < item.flags.size(); ++f) EXPECT_EQ(got["flags"][f]["reason"], item.flags[f].reason);
    }
    // The generated class spreads enough for the figures to mean something: most questions every
    // student met (the exam set's) discriminate.
    EXPECT_GT(well_seen, 0u);
    EXPECT_GE(discriminating * 5, well_seen * 4) << discriminating << " of " << well_seen;
    ASSERT_EQ(answer["exams"].size(), local.exams.size());
    for (std::size_t e = 0; e < local.exams.size(); ++e) {
      const ExamStatistic& exam = local.exams[e];
      const nlohmann::json& got = answer["exams"][e];
      EXPECT_EQ(got["exam"], exam.exam);
      EXPECT_EQ(got["attempts"], exam.attempts);
      EXPECT_NEAR(got["mean"].get<double>(), exam.mean, kRounding);
      EXPECT_EQ(got["alpha"].is_null(), !exam.alpha);
      if (exam.alpha) {
        EXPECT_NEAR(got["alpha"].get<double>(), *exam.alpha, kRounding);
      }
      if (exam.standard_error) {
        EXPECT_NEAR(got["standard_error"].get<double>(), *exam.standard_error, kRounding);
      }
    }
  }

  Pack pack;
  std::map<std::string, QuestionKey, std::less<>> keys;
  Account teacher;
  std::vector<Account> students;
  std::vector<ScoredAttempt> expected_attempts;
};

TEST_F(ItemStatisticsTest, StaffSeeTheCoresFiguresOverEveryStudentsFirstAttemptsOrAll) {
  class_sits(12, 10000);
  const nlohmann::json first = statistics();
  EXPECT_EQ(first["selection"], "first");
  EXPECT_EQ(first["attempts"], 24);  // 12 students x (exam set 1, the blueprint)
  expect_matches(first, AttemptSelection::first);
  // The fixed paper has its consistency; the drawn ones none.
  const nlohmann::json exams = first["exams"];
  ASSERT_EQ(exams.size(), 2u);
  EXPECT_EQ(exams[0]["exam"], "blueprint:" + pack.blueprints[0].id);
  EXPECT_TRUE(exams[0]["alpha"].is_null());
  EXPECT_EQ(exams[1]["exam"], "set:" + pack.exam_sets[0].id);
  EXPECT_FALSE(exams[1]["alpha"].is_null());

  const nlohmann::json all = statistics("?attempts=all");
  EXPECT_EQ(all["selection"], "all");
  EXPECT_EQ(all["attempts"], 28);  // and the four retries
  expect_matches(all, AttemptSelection::all);
}

TEST_F(ItemStatisticsTest, AttemptsSyncedLaterCountAtTheNextRequestAndADeletedAccountsLeave) {
  class_sits(6, 20000);
  expect_matches(statistics(), AttemptSelection::first);

  // A seventh student syncs: read incrementally, counted.
  class_sits(1, 20010);
  const nlohmann::json more = statistics();
  EXPECT_EQ(more["attempts"], 14);
  expect_matches(more, AttemptSelection::first);

  // The first student deletes their account: their attempts leave the figures.
  ASSERT_EQ(post(students[0], "/api/v1/me/delete", {{"password", testing::kTestPassword}}).status, 204);
  const std::string gone = "u" + std::to_string(students[0].id);
  std::erase_if(expected_attempts, [&](const ScoredAttempt& a) { return a.student == gone; });
  const nlohmann::json after = statistics();
  EXPECT_EQ(after["attempts"], 12);
  expect_matches(after, AttemptSelection::first);
}

TEST_F(ItemStatisticsTest, StudentsAreRefusedABadSelectionIsLocatedAndAnUnknownPackIsA404) {
  const Account learner = student("Aline", "0781030000");
  RawResponse refused = get(learner, "/api/v1/packs/umuhanda-default/item-statistics");
  EXPECT_EQ(refused.status, 403) << refused.describe();

  RawResponse bad = get(teacher, "/api/v1/packs/umuhanda-default/item-statistics?attempts=best");
  EXPECT_EQ(bad.status, 400) << bad.describe();
  EXPECT_EQ(body_of(bad)["error"]["details"][0]["path"], "attempts");

  RawResponse unknown = get(teacher, "/api/v1/packs/no-such-pack/item-statistics");
  EXPECT_EQ(unknown.status, 404) << unknown.describe();

  // No attempts yet: an answer with nothing in it, not an error.
  const nlohmann::json empty = statistics();
  EXPECT_EQ(empty["attempts"], 0);
  EXPECT_TRUE(empty["questions"].empty());
}

}  // namespace
}  // namespace umuhanda
