// Bad input never crashes an importer: every truncation of each fixture, random byte flips and
// random garbage either import into a usable pack or fail with located errors.
#include <gtest/gtest.h>

#include <random>

#include "format_test_support.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

struct Case {
  ExchangeFormat format;
  const char* fixture;
  const char* media;
};

const Case kCases[] = {
    {ExchangeFormat::csv, "csv/questions.csv", "csv/media"},
    {ExchangeFormat::gift, "gift/questions.gift", "gift"},
    {ExchangeFormat::aiken, "aiken/questions.txt", "aiken"},
    {ExchangeFormat::django, "django/dumpdata.json", "django/media"},
};

// Whatever happens, it is a value: a pack the caller can use, or errors that say where.
void check_outcome(ExchangeFormat format, std::string_view input, const ImportOptions& options) {
  auto imported = import_pack(format, input, options);
  if (!imported.ok()) {
    for (const auto& diagnostic : imported.errors()) {
      EXPECT_EQ(diagnostic.severity, Severity::error);
      EXPECT_EQ(diagnostic.path.rfind(options.source_name, 0), 0u) << "unlocated: " << to_string(diagnostic);
      EXPECT_FALSE(diagnostic.message.empty());
    }
    return;
  }
  expect_usable(imported.value());
  // What came in goes out and back in without trouble either.
  ExportResult exported = export_pack(format, imported->pack);
  auto again = import_pack(format, exported.text, options);
  if (again.ok()) expect_usable(again.value());
}

TEST(FormatsRobustness, EveryTruncationIsHandled) {
  for (const Case& c : kCases) {
    const std::string text = read_fixture(c.fixture);
    ASSERT_FALSE(text.empty()) << c.fixture;
    ImportOptions options = options_for("input");
    options.read_media = fixture_media(c.media);
    const std::size_t step = text.size() > 2000 ? 3 : 1;
    for (std::size_t length = 0; length <= text.size(); length += step) {
      SCOPED_TRACE(std::string(c.fixture) + " cut at " + std::to_string(length));
      check_outcome(c.format, std::string_view(text).substr(0, length), options);
      if (::testing::Test::HasFailure()) return;
    }
  }
}

TEST(FormatsRobustness, RandomByteFlipsAreHandled) {
  std::mt19937 random(20240611);
  for (const Case& c : kCases) {
    const std::string text = read_fixture(c.fixture);
    ImportOptions options = options_for("input");
    options.read_media = fixture_media(c.media);
    const std::string specials = "\"',;:{}=~#\\\n\r\t[]0123456789ABab-.%$/";
    for (int round = 0; round < 300; ++round) {
      std::string mutated = text;
      const int flips = 1 + static_cast<int>(random() % 4);
      for (int f = 0; f < flips; ++f) {
        const std::size_t at = random() % mutated.size();
        switch (random() % 3) {
          case 0:
            mutated[at] = specials[random() % specials.size()];
            break;
          case 1:
            mutated.erase(at, 1 + random() % 8);
            break;
          default:
            mutated.insert(at, 1, static_cast<char>(random() % 256));
            break;
        }
      }
      SCOPED_TRACE(std::string(c.fixture) + " round " + std::to_string(round));
      check_outcome(c.format, mutated, options);
      if (::testing::Test::HasFailure()) return;
    }
  }
}

TEST(FormatsRobustness, RandomGarbageIsHandled) {
  std::mt19937 random(7);
  for (const Case& c : kCases) {
    for (int round = 0; round < 200; ++round) {
      std::string garbage(random() % 300, '\0');
      for (char& ch : garbage) ch = static_cast<char>(random() % 256);
      check_outcome(c.format, garbage, options_for("input"));
    }
    for (const char* odd :
         {"", "\xEF\xBB\xBF", "\n\n\n", "{", "[", "[]", "[{}]", "null", "::", "{}", "ANSWER: A", "A. x", "\"", "a,b\n\"", "$CATEGORY:"}) {
      check_outcome(c.format, odd, options_for("input"));
    }
  }
}

}  // namespace
}  // namespace umuhanda
