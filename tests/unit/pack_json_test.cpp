// pack.json reading and writing: round trips, canonical bytes, structural errors with paths.
#include <gtest/gtest.h>

#include "test_packs.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

using testing::make_valid_pack;

bool has_error_at(const Diagnostics& diagnostics, const std::string& path) {
  for (const auto& d : diagnostics)
    if (d.path == path) return true;
  return false;
}

TEST(PackJson, RoundTripGivesAnEqualPack) {
  Pack pack = make_valid_pack();
  auto parsed = parse_pack_json(to_json(pack));
  ASSERT_TRUE(parsed.ok()) << to_string(parsed.errors());
  EXPECT_EQ(parsed.value(), pack);
}

TEST(PackJson, SerialisationIsCanonical) {
  Pack pack = make_valid_pack();
  std::string once = to_json(pack);
  auto parsed = parse_pack_json(once);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(to_json(parsed.value()), once);
  EXPECT_EQ(once.find('\n'), std::string::npos) << "canonical JSON is compact";
}

TEST(PackJson, KeepsUtf8TextIntact) {
  Pack pack = make_valid_pack();
  pack.questions[0].prompt.by_language["fr"] = "Que signifie « cédez le passage » ? Œuvre, été, naïf…";
  auto parsed = parse_pack_json(to_json(pack));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->questions[0].prompt.in("fr"), "Que signifie « cédez le passage » ? Œuvre, été, naïf…");
}

TEST(PackJson, RejectsTextThatIsNotJson) {
  auto parsed = parse_pack_json("{\"id\": ");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.errors()[0].message, "is not valid JSON");
}

TEST(PackJson, RejectsATopLevelArray) {
  auto parsed = parse_pack_json("[]");
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(has_error_at(parsed.errors(), ""));
}

TEST(PackJson, RejectsAnUnknownFormat) {
  auto parsed = parse_pack_json(R"({"format": 99})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(has_error_at(parsed.errors(), "format"));
}

TEST(PackJson, ReportsEveryStructuralErrorWithItsPath) {
  auto parsed = parse_pack_json(R"({
    "format": 1, "id": 7, "version": "two", "title": "plain",
    "languages": ["en", 3],
    "topics": [{"id": "t", "name": {"en": "T"}}, 5],
    "questions": [{"id": "q", "topic": "t", "prompt": {"en": 1}, "choices": [{"text": {"en": "a"}}, "b"], "correct": -1}]
  })");
  ASSERT_FALSE(parsed.ok());
  const auto& errors = parsed.errors();
  for (const char* path : {"id", "version", "title", "languages[1]", "topics[1]", "questions[0].prompt.en", "questions[0].choices[1]",
                           "questions[0].correct"}) {
    EXPECT_TRUE(has_error_at(errors, path)) << "expected an error at " << path << "; got:\n" << to_string(errors);
  }
}

TEST(PackJson, ReportsMissingRequiredFields) {
  auto parsed = parse_pack_json(R"({"format": 1, "questions": [{}]})");
  ASSERT_FALSE(parsed.ok());
  for (const char* path : {"id", "version", "title", "languages", "topics", "questions[0].id", "questions[0].prompt",
                           "questions[0].choices", "questions[0].correct"}) {
    EXPECT_TRUE(has_error_at(parsed.errors(), path)) << "expected 'is missing' at " << path;
  }
}

TEST(PackJson, ExplanationIsOptional) {
  Pack pack = make_valid_pack();
  pack.questions[0].explanation = {};
  std::string text = to_json(pack);
  EXPECT_EQ(text.find("\"explanation\":{}"), std::string::npos);
  auto parsed = parse_pack_json(text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->questions[0].explanation.empty());
}

TEST(LocalizedText, FallsBackInTheGivenOrder) {
  LocalizedText text{{{"fr", "Bonjour"}, {"rw", "Muraho"}}};
  EXPECT_EQ(text.in("fr"), "Bonjour");
  EXPECT_EQ(text.in("en"), "Muraho");  // rw comes first among the known languages
  EXPECT_EQ(LocalizedText{}.in("en"), "");
}

}  // namespace
}  // namespace umuhanda
