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

// The diagnostic at `path` whose message contains `reason`, or a failure listing what was found
// instead: a test names the rule it breaks, so another problem at the same path does not pass it.
const Diagnostic* find_at(const Diagnostics& found, const std::string& path, const std::string& reason, Severity severity = Severity::error) {
  for (const auto& d : found)
    if (d.path == path && d.severity == severity && d.message.find(reason) != std::string::npos) return &d;
  ADD_FAILURE() << "no " << (severity == Severity::error ? "error" : "warning") << " at " << path << " saying \"" << reason << "\"; found:\n"
                << to_string(found);
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
  const Diagnostic* d = find_at(found, "questions[1].correct", "refers to choice 5");
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
  find_at(found, "questions[0].choices", "has 1 choices, a question needs");
  find_at(found, "questions[1].choices", "has 7 choices, a question needs");
}

TEST(PackValidation, UnknownTopic) {
  Pack pack = make_valid_pack();
  pack.questions[0].topic = "parking";
  Diagnostics found = validate_pack(pack);
  const Diagnostic* d = find_at(found, "questions[0].topic", "refers to topic \"parking\"");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("\"parking\""), std::string::npos);
}

TEST(PackValidation, DuplicateIds) {
  Pack pack = make_valid_pack();
  pack.questions[1].id = "q1";
  pack.topics[1].id = "signs";
  Diagnostics found = validate_pack(pack);
  find_at(found, "questions[1].id", "\"q1\" is already used by questions[0].id");
  find_at(found, "topics[1].id", "\"signs\" is already used by topics[0].id");
}

TEST(PackValidation, BadIdentifiers) {
  Pack pack = make_valid_pack();
  pack.id = "Has Spaces";
  pack.questions[0].id = "";
  pack.topics[0].id = "../etc";
  Diagnostics found = validate_pack(pack);
  find_at(found, "id", "\"Has Spaces\" is not a valid pack id");
  find_at(found, "questions[0].id", "\"\" is not a valid id");
  find_at(found, "topics[0].id", "\"../etc\" is not a valid id");
}

TEST(PackValidation, VersionMustBePositive) {
  Pack pack = make_valid_pack();
  pack.version = 0;
  find_at(validate_pack(pack), "version", "must be 1 or more, found 0");
}

TEST(PackValidation, LanguagesMustBeKnownUniqueAndPresent) {
  Pack pack = make_valid_pack();
  pack.languages = {"en", "de", "en"};
  Diagnostics found = validate_pack(pack);
  find_at(found, "languages[1]", "\"de\" is not a supported language");
  find_at(found, "languages[2]", "\"en\" is listed twice");
  pack.languages.clear();
  find_at(validate_pack(pack), "languages", "must name at least one language");
}

TEST(PackValidation, MissingTranslationOfARequiredText) {
  Pack pack = make_valid_pack();
  pack.questions[0].prompt.by_language.erase("fr");
  pack.questions[1].choices[2].text.by_language.erase("en");
  pack.title.by_language.erase("fr");
  Diagnostics found = validate_pack(pack);
  find_at(found, "questions[0].prompt.fr", "is missing: the pack declares language \"fr\"");
  find_at(found, "questions[1].choices[2].text.en", "is missing: the pack declares language \"en\"");
  find_at(found, "title.fr", "is missing: the pack declares language \"fr\"");
}

TEST(PackValidation, EmptyTextAndInvalidUtf8) {
  Pack pack = make_valid_pack();
  pack.questions[0].prompt.by_language["en"] = "   ";
  pack.topics[0].name.by_language["fr"] = std::string("caf\xC3", 4);
  Diagnostics found = validate_pack(pack);
  find_at(found, "questions[0].prompt.en", "is empty");
  const Diagnostic* d = find_at(found, "topics[0].name.fr", "is not valid UTF-8");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->message, "is not valid UTF-8");
}

TEST(PackValidation, RepeatedChoiceText) {
  Pack pack = make_valid_pack();
  pack.questions[0].choices[2].text = pack.questions[0].choices[0].text;
  find_at(validate_pack(pack), "questions[0].choices[2]", "repeats choices[0]");
}

TEST(PackValidation, EmptyPackHasNoTopicsOrQuestions) {
  Pack pack = make_valid_pack();
  pack.topics.clear();
  pack.questions.clear();
  Diagnostics found = validate_pack(pack);
  find_at(found, "topics", "must contain at least one topic");
  find_at(found, "questions", "must contain at least one question");
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
  find_at(found, "questions[0].explanation", "is missing: students learn most", Severity::warning);
  find_at(found, "questions[1].prompt.en", "is the same as questions[0]", Severity::warning);
  find_at(found, "questions[1].explanation.fr", "translation is missing", Severity::warning);
  find_at(found, "topics[2].id", "no question uses this topic", Severity::warning);

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
