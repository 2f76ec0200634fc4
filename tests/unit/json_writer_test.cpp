// JsonObjectWriter writes what nlohmann's dump() writes for the same values, byte for byte: the
// progress log's lines did not change when the server stopped building a JSON document per event.
#include "umuhanda/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace umuhanda {
namespace {

std::string dumped(std::string_view text) { return nlohmann::json(std::string(text)).dump(); }

std::string written(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonWriter, EscapesEveryControlCharacterQuoteAndBackslashAsNlohmannDoes) {
  std::string every_byte_below_128;
  for (int c = 1; c < 128; ++c) every_byte_below_128.push_back(static_cast<char>(c));
  EXPECT_EQ(written(every_byte_below_128), dumped(every_byte_below_128));
  EXPECT_EQ(written(std::string_view("a\0b", 3)), "\"a\\u0000b\"");
  EXPECT_EQ(written("tab\there \"quoted\" back\\slash\n"), "\"tab\\there \\\"quoted\\\" back\\\\slash\\n\"");
  EXPECT_EQ(written(""), "\"\"");
}

TEST(JsonWriter, KeepsNonAsciiAsItIs) {
  for (std::string_view text : {"Cédez le passage", "Ibyapa byo mu muhanda", "ŒŁĐ", "\xF0\x9F\x9A\xA6 stop", "\x7F"}) {
    EXPECT_EQ(written(text), dumped(text)) << text;
  }
}

TEST(JsonWriter, RandomUtf8StringsMatchNlohmann) {
  std::mt19937 random(20261207);
  std::uniform_int_distribution<int> pick(0, 9);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int length = pick(random) * 3;
    for (int i = 0; i < length; ++i) {
      switch (pick(random)) {
        case 0: text.push_back(static_cast<char>(std::uniform_int_distribution<int>(0, 0x1F)(random))); break;
        case 1: text += "é"; break;
        case 2: text += "\xE2\x80\x99"; break;  // ’
        case 3: text += "\xF0\x9F\x9A\x97"; break;
        case 4: text.push_back('"'); break;
        case 5: text.push_back('\\'); break;
        default: text.push_back(static_cast<char>(std::uniform_int_distribution<int>(0x20, 0x7E)(random)));
      }
    }
    ASSERT_EQ(written(text), dumped(text)) << "round " << round;
  }
}

TEST(JsonWriter, ObjectsMatchAnOrderedJsonDump) {
  const std::vector<std::optional<std::vector<std::size_t>>> chosen{std::vector<std::size_t>{0, 2}, std::nullopt, std::vector<std::size_t>{}};
  const std::string text = JsonObjectWriter()
                               .field("type", "exam_attempt")
                               .field("id", std::string("d.1:7"))
                               .field("set", std::optional<std::string>())
                               .field("set2", std::optional<std::string>("s \"1\""))
                               .field("at", std::int64_t{-1765000000000})
                               .field("big", std::int64_t{9223372036854775807})
                               .field("score", 23)
                               .field("ids", std::vector<std::string>{"q1", "q\n2"})
                               .field("chosen", chosen)
                               .field("one", std::vector<std::size_t>{4})
                               .field("none", std::vector<std::size_t>{})
                               .field("flags", std::vector<bool>{true, false})
                               .field("passed", false)
                               .finish();
  nlohmann::ordered_json expected{{"type", "exam_attempt"},
                                  {"id", "d.1:7"},
                                  {"set", nullptr},
                                  {"set2", "s \"1\""},
                                  {"at", -1765000000000},
                                  {"big", 9223372036854775807},
                                  {"score", 23},
                                  {"ids", {"q1", "q\n2"}},
                                  {"chosen", nlohmann::ordered_json::array({{0, 2}, nullptr, nlohmann::ordered_json::array()})},
                                  {"one", nlohmann::ordered_json::array({4})},
                                  {"none", nlohmann::ordered_json::array()},
                                  {"flags", {true, false}},
                                  {"passed", false}};
  EXPECT_EQ(text, expected.dump());
  EXPECT_EQ(JsonObjectWriter().finish(), "{}");
}

}  // namespace
}  // namespace umuhanda
