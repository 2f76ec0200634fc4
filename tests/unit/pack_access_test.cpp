// Restricted packs: the "access" block read and written, checked against the pack, and the free
// sample everyone gets (its questions, exam sets and the media they use; the rest of the pack whole).
#include <gtest/gtest.h>

#include <algorithm>

#include "test_packs.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/pack_validation.hpp"

namespace umuhanda {
namespace {

using testing::make_question;
using testing::make_rich_pack;

Pack restricted_pack() {
  Pack pack = make_rich_pack();
  pack.questions.push_back(make_question("q4", "lights"));
  pack.exam_sets.push_back(ExamSet{"set-2", testing::en_fr("Set 2", "Série 2"), "mock", {"q2", "q4"}});
  pack.access = PackAccess{true, {"set-2"}, {"q1"}};
  return pack;
}

bool has(const Diagnostics& found, const std::string& path, const std::string& reason, Severity severity = Severity::error) {
  return std::any_of(found.begin(), found.end(),
                     [&](const Diagnostic& d) { return d.path == path && d.severity == severity && d.message.find(reason) != std::string::npos; });
}

TEST(PackAccess, ARestrictedPackRoundTripsAndAPublicOneWritesNoAccessBlock) {
  const Pack pack = restricted_pack();
  const std::string json = to_json(pack);
  EXPECT_NE(json.find(R"("access":{"free_sample":{"exam_sets":["set-2"],"questions":["q1"]},"kind":"restricted"})"), std::string::npos) << json;
  auto read = parse_pack_json(json);
  ASSERT_TRUE(read.ok()) << to_string(read.errors());
  EXPECT_EQ(read->access, pack.access);
  EXPECT_EQ(to_json(make_rich_pack()).find("\"access\""), std::string::npos);
}

TEST(PackAccess, AnUnknownKindIsAnErrorThatSaysTheTwoKinds) {
  std::string json = to_json(restricted_pack());
  json.replace(json.find("\"restricted\""), 12, "\"paid\"");
  auto read = parse_pack_json(json);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.errors()[0].path, "access.kind");
  EXPECT_NE(read.errors()[0].message.find("\"public\" (everyone) or \"restricted\""), std::string::npos);
}

TEST(PackAccess, TheFreeSampleMustNameWhatThePackHas) {
  Pack pack = restricted_pack();
  EXPECT_TRUE(validate_pack(pack).empty()) << to_string(validate_pack(pack));
  pack.access.free_exam_sets = {"set-9"};
  pack.access.free_questions = {"q1", "q99"};
  const Diagnostics found = validate_pack(pack);
  EXPECT_TRUE(has(found, "access.free_sample.exam_sets[0]", "exam set \"set-9\"")) << to_string(found);
  EXPECT_TRUE(has(found, "access.free_sample.questions[1]", "question \"q99\"")) << to_string(found);
  pack.access.free_exam_sets.clear();
  pack.access.free_questions.clear();
  EXPECT_TRUE(has(validate_pack(pack), "access.free_sample", "see none of this pack's questions", Severity::warning));
}

TEST(PackAccess, TheSampleHasTheFreeQuestionsAndExamSetsAndTheRestOfThePackWhole) {
  const Pack pack = restricted_pack();
  const Pack sample = free_sample(pack);
  std::vector<std::string> ids;
  for (const Question& q : sample.questions) ids.push_back(q.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"q1", "q2", "q4"})) << "q1 by name, q2 and q4 through set-2; q3 is not free";
  ASSERT_EQ(sample.exam_sets.size(), 1u);
  EXPECT_EQ(sample.exam_sets[0].id, "set-2");
  EXPECT_EQ(sample.signs, pack.signs);
  EXPECT_EQ(sample.lessons, pack.lessons);
  EXPECT_EQ(sample.topics, pack.topics);
  EXPECT_EQ(sample.blueprints, pack.blueprints);
  EXPECT_EQ(sample.access, pack.access) << "the client learns it holds a sample";
  EXPECT_EQ(sample.media.size(), 2u) << "the signs' pictures (signs stay whole)";
  EXPECT_TRUE(validate_pack(sample).empty()) << to_string(validate_pack(sample));
  EXPECT_EQ(free_sample(make_rich_pack()), make_rich_pack()) << "a public pack is its own sample";
}

}  // namespace
}  // namespace umuhanda
