// Notification wording: every template fills from the facts, French readers get French, and a
// Kinyarwanda draft waiting for review is never sent (English goes in its place).
#include <gtest/gtest.h>

#include <set>

#include "umuhanda/notification_text.hpp"

namespace umuhanda {
namespace {

NotificationFacts all_facts() {
  return NotificationFacts{"Aline",
                           "Weekly",
                           "2026-12-07 09:00",
                           "2026-12-14 09:00",
                           "5,000\u00a0RWF",
                           "MTN MoMo",
                           "the id is not on our statement",
                           "Kigali Driving School",
                           "Eric",
                           "Provisional licence",
                           "17",
                           "20",
                           "12",
                           "Road code: practice pack",
                           "3"};
}

TEST(NotificationText, EveryTemplateFillsEveryFieldItNames) {
  for (const auto& entry : notification_templates()) {
    auto worded = word_notification(entry.kind, entry.language, all_facts());
    ASSERT_TRUE(worded.ok()) << entry.kind << " " << entry.language << ": " << to_string(worded.errors());
    EXPECT_EQ(worded->subject.find('{'), std::string::npos) << entry.kind;
    EXPECT_EQ(worded->body.find('{'), std::string::npos) << entry.kind;
    EXPECT_EQ(worded->subject.find('\n'), std::string::npos) << entry.kind << ": a subject is one line";
    EXPECT_NE(worded->body.find("Kigali Driving School"), std::string::npos) << entry.kind << ": signed by the school";
  }
}

TEST(NotificationText, EveryBodyIsAGreetingParagraphsAndTheSchoolSoTheInboxShowsTheMiddle) {
  for (const auto& entry : notification_templates()) {
    const std::string body(entry.body);
    const auto first = body.find("\n\n"), last = body.rfind("\n\n");
    ASSERT_NE(first, std::string::npos) << entry.kind << " " << entry.language;
    ASSERT_LT(first, last) << entry.kind << " " << entry.language << ": a greeting, paragraphs, the school";
    EXPECT_EQ(body[first - 1], ',') << entry.kind << " " << entry.language << ": the greeting ends the first paragraph";
    EXPECT_EQ(body.substr(last + 2), "{school}") << entry.kind << " " << entry.language;
  }
  auto worded = word_notification("payment.approved", "en", all_facts());
  ASSERT_TRUE(worded.ok());
  const std::string summary = notification_summary(worded->body);
  EXPECT_EQ(summary.rfind("Your payment is approved. Your Weekly plan runs from 2026-12-07 09:00", 0), 0u) << summary;
  EXPECT_EQ(summary.find("Aline"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("Kigali Driving School"), std::string::npos) << summary;
  EXPECT_EQ(notification_summary("one paragraph"), "one paragraph");
}

TEST(NotificationText, EachKindIsWrittenInEnglishFrenchAndKinyarwanda) {
  std::set<std::string> kinds;
  for (const auto& entry : notification_templates()) kinds.insert(std::string(entry.kind));
  EXPECT_GE(kinds.size(), 6u);
  for (const auto& kind : kinds) {
    for (const char* language : {"en", "fr", "rw"}) {
      const auto count = std::count_if(notification_templates().begin(), notification_templates().end(),
                                       [&](const NotificationTemplate& entry) { return entry.kind == kind && entry.language == language; });
      EXPECT_EQ(count, 1) << kind << " in " << language;
    }
    EXPECT_TRUE(has_notification_wording(kind));
  }
}

TEST(NotificationText, AFrenchReaderGetsTheFrenchWordingFilled) {
  auto worded = word_notification("payment.approved", "fr", all_facts());
  ASSERT_TRUE(worded.ok());
  EXPECT_EQ(worded->language, "fr");
  EXPECT_EQ(wording_language("payment.approved", "fr"), "fr");
  EXPECT_EQ(worded->subject, "Votre paiement est approuvé : Weekly");
  EXPECT_NE(worded->body.find("Bonjour Aline,"), std::string::npos);
  EXPECT_NE(worded->body.find("court du 2026-12-07 09:00 au 2026-12-14 09:00"), std::string::npos);
}

TEST(NotificationText, AFuzzyKinyarwandaDraftIsNeverSentEnglishGoesInstead) {
  for (const auto& entry : notification_templates()) {
    if (entry.language != "rw" || !entry.fuzzy) continue;
    auto worded = word_notification(entry.kind, "rw", all_facts());
    ASSERT_TRUE(worded.ok());
    EXPECT_EQ(worded->language, "en") << entry.kind;
    EXPECT_EQ(wording_language(entry.kind, "rw"), "en") << entry.kind;
    EXPECT_EQ(worded->subject, word_notification(entry.kind, "en", all_facts())->subject);
  }
}

TEST(NotificationText, AnUnknownLanguageGetsEnglishAndAnUnknownKindIsAnErrorNamingIt) {
  EXPECT_EQ(word_notification("subscription.ended", "sw", all_facts())->language, "en");
  auto unknown = word_notification("exam.unheard_of", "en", all_facts());
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.errors()[0].message.find("\"exam.unheard_of\""), std::string::npos);
  EXPECT_FALSE(has_notification_wording("exam.unheard_of"));
}

TEST(NotificationText, AmountsAreGroupedTheWayEachLanguageWritesThem) {
  EXPECT_EQ(format_rwf(5000, "en"), "5,000\u00a0RWF");
  EXPECT_EQ(format_rwf(1500000, "rw"), "1,500,000\u00a0RWF");
  EXPECT_EQ(format_rwf(5000, "fr"), "5\u202f000\u00a0RWF");
  EXPECT_EQ(format_rwf(500, "en"), "500\u00a0RWF");
  EXPECT_EQ(format_rwf(0, "fr"), "0\u00a0RWF");
}

}  // namespace
}  // namespace umuhanda
