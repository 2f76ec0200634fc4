// The content rules: each test breaks one rule and checks the path and reason reported.
#include <gtest/gtest.h>

#include "test_packs.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/pack_validation.hpp"

namespace umuhanda {
namespace {

using testing::en_fr;
using testing::make_question;
using testing::make_valid_pack;
using testing::text_choice;

// The diagnostic at `path`, or a failure listing what was found instead.
const Diagnostic* find_at(const Diagnostics& found, const std::string& path, Severity severity = Severity::error) {
  for (const auto& d : found)
    if (d.path == path && d.severity == severity) return &d;
  ADD_FAILURE() << "no " << (severity == Severity::error ? "error" : "warning") << " at " << path << "; found:\n" << to_string(found);
  return nullptr;
}

TEST(PackValidation, AValidPackHasNoDiagnostics) {
  Diagnostics found = validate_pack(make_valid_pack());
  EXPECT_TRUE(found.empty()) << to_string(found);
}

TEST(PackValidation, CorrectChoiceOutOfRange) {
  Pack pack = make_valid_pack();
  pack.questions[1].correct = {5};
  Diagnostics found = validate_pack(pack);
  const Diagnostic* d = find_at(found, "questions[1].correct");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(to_string(*d), "questions[1].correct: refers to choice 5 (zero-based), the question has 3");
}

TEST(PackValidation, TooFewAndTooManyChoices) {
  Pack pack = make_valid_pack();
  pack.questions[0].choices.resize(1);
  pack.questions[0].correct = {0};
  pack.questions[1].choices.clear();
  for (int i = 0; i < 7; ++i) pack.questions[1].choices.push_back(text_choice(en_fr("c" + std::to_string(i), "c" + std::to_string(i))));
  Diagnostics found = validate_pack(pack);
  find_at(found, "questions[0].choices");
  find_at(found, "questions[1].choices");
}

TEST(PackValidation, UnknownTopic) {
  Pack pack = make_valid_pack();
  pack.questions[0].topic = "parking";
  Diagnostics found = validate_pack(pack);
  const Diagnostic* d = find_at(found, "questions[0].topic");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("\"parking\""), std::string::npos);
}

TEST(PackValidation, DuplicateIds) {
  Pack pack = make_valid_pack();
  pack.questions[1].id = "q1";
  pack.topics[1].id = "signs";
  Diagnostics found = validate_pack(pack);
  find_at(found, "questions[1].id");
  find_at(found, "topics[1].id");
}

TEST(PackValidation, BadIdentifiers) {
  Pack pack = make_valid_pack();
  pack.id = "Has Spaces";
  pack.questions[0].id = "";
  pack.topics[0].id = "../etc";
  Diagnostics found = validate_pack(pack);
  find_at(found, "id");
  find_at(found, "questions[0].id");
  find_at(found, "topics[0].id");
}

TEST(PackValidation, VersionMustBePositive) {
  Pack pack = make_valid_pack();
  pack.version = 0;
  find_at(validate_pack(pack), "version");
}

TEST(PackValidation, LanguagesMustBeKnownUniqueAndPresent) {
  Pack pack = make_valid_pack();
  pack.languages = {"en", "de", "en"};
  Diagnostics found = validate_pack(pack);
  find_at(found, "languages[1]");
  find_at(found, "languages[2]");
  pack.languages.clear();
  find_at(validate_pack(pack), "languages");
}

TEST(PackValidation, MissingTranslationOfARequiredText) {
  Pack pack = make_valid_pack();
  pack.questions[0].prompt.by_language.erase("fr");
  pack.questions[1].choices[2].text.by_language.erase("en");
  pack.title.by_language.erase("fr");
  Diagnostics found = validate_pack(pack);
  find_at(found, "questions[0].prompt.fr");
  find_at(found, "questions[1].choices[2].text.en");
  find_at(found, "title.fr");
}

TEST(PackValidation, EmptyTextAndInvalidUtf8) {
  Pack pack = make_valid_pack();
  pack.questions[0].prompt.by_language["en"] = "   ";
  pack.topics[0].name.by_language["fr"] = std::string("caf\xC3", 4);
  Diagnostics found = validate_pack(pack);
  find_at(found, "questions[0].prompt.en");
  const Diagnostic* d = find_at(found, "topics[0].name.fr");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->message, "is not valid UTF-8");
}

TEST(PackValidation, RepeatedChoiceText) {
  Pack pack = make_valid_pack();
  pack.questions[0].choices[2].text = pack.questions[0].choices[0].text;
  find_at(validate_pack(pack), "questions[0].choices[2]");
}

TEST(PackValidation, EmptyPackHasNoTopicsOrQuestions) {
  Pack pack = make_valid_pack();
  pack.topics.clear();
  pack.questions.clear();
  Diagnostics found = validate_pack(pack);
  find_at(found, "topics");
  find_at(found, "questions");
}

TEST(PackValidation, WarningsDoNotBlockLoading) {
  Pack pack = make_valid_pack();
  pack.questions[0].explanation = {};
  pack.questions[1].prompt = pack.questions[0].prompt;
  pack.questions[1].explanation.by_language.erase("fr");
  pack.topics.push_back(Topic{"unused", en_fr("Unused", "Inutilisé"), 3});
  pack.questions[0].prompt.by_language["rw"] = "Ikibazo";  // a partial translation is fine
  Diagnostics found = validate_pack(pack);
  EXPECT_FALSE(has_errors(found)) << to_string(found);
  find_at(found, "questions[0].explanation", Severity::warning);
  find_at(found, "questions[1].prompt.en", Severity::warning);
  find_at(found, "questions[1].explanation.fr", Severity::warning);
  find_at(found, "topics[2].id", Severity::warning);

  Diagnostics warnings;
  auto loaded = load_pack(to_json(pack), &warnings);
  EXPECT_TRUE(loaded.ok());
  EXPECT_EQ(warnings.size(), 5u) << to_string(warnings);  // the duplicate prompt warns in en and fr
}

TEST(PackValidation, LoadPackReportsEveryErrorAtOnce) {
  Pack pack = make_valid_pack();
  pack.version = -1;
  pack.questions[0].correct = {9};
  pack.questions[1].topic = "nowhere";
  auto loaded = load_pack(to_json(pack));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.errors().size(), 3u) << to_string(loaded.errors());
}

}  // namespace
}  // namespace umuhanda
