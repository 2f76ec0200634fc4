// JsonReader (umuhanda/json_reader.hpp), the one typed reader of JSON fields: what each Field
// policy does with absent and null fields, and the exact message and path of every problem.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "umuhanda/json_reader.hpp"

namespace umuhanda {
namespace {

// One document and a reader of it at `base`; `report()` is what the reader found wrong.
struct Read {
  explicit Read(std::string_view text, std::string base = "")
      : document(nlohmann::json::parse(text, nullptr, false)), reader(document, std::move(base), errors) {}
  Read(const Read&) = delete;  // the reader refers to the members
  Read& operator=(const Read&) = delete;

  bool parsed() const { return !document.is_discarded(); }
  std::string report() const { return to_string(errors); }

  nlohmann::json document;
  Diagnostics errors;
  JsonReader reader;
};

TEST(JsonReader, AMissingRequiredFieldIsReportedAtItsPath) {
  Read read(R"({"id": "q1"})", "line 3");
  ASSERT_TRUE(read.parsed());
  EXPECT_EQ(read.reader.string("id"), "q1");
  EXPECT_TRUE(read.reader.ok());
  EXPECT_EQ(read.reader.string("topic"), "");
  EXPECT_EQ(read.reader.int64("answered_at_ms"), 0);
  EXPECT_EQ(read.reader.find_int64("submitted_at_ms", Field::required_not_null), std::nullopt);
  EXPECT_FALSE(read.reader.ok());
  EXPECT_EQ(read.report(), "line 3.topic: is missing\nline 3.answered_at_ms: is missing\nline 3.submitted_at_ms: is missing\n");
}

TEST(JsonReader, AnAbsentOptionalFieldReadsAsEmptyWithoutAnError) {
  Read read("{}");
  ASSERT_TRUE(read.parsed());
  EXPECT_EQ(read.reader.string("sign", Field::optional), "");
  EXPECT_EQ(read.reader.integer("order", Field::optional), 0);
  EXPECT_EQ(read.reader.boolean("multiple_answers", Field::optional), false);
  EXPECT_TRUE(read.reader.strings("tags", Field::optional).empty());
  EXPECT_TRUE(read.reader.text("explanation", Field::optional).empty());
  EXPECT_EQ(read.reader.find_string("exam_set_id", Field::optional_or_null), std::nullopt);
  EXPECT_EQ(read.reader.find_boolean("is_active", Field::optional_or_null).value_or(true), true);
  EXPECT_FALSE(read.reader.find("signs", Field::optional).has_value());
  int elements = 0;
  read.reader.for_each("lessons", Field::optional, [&](JsonReader&) { ++elements; });
  EXPECT_EQ(elements, 0);
  EXPECT_TRUE(read.errors.empty()) << read.report();
}

TEST(JsonReader, APresentNullIsAWrongTypeOrAbsentAsTheFieldSays) {
  const char* document = R"({"exam_set_id": null})";
  {
    Read read(document);  // pack.json: null is never written, so it is a wrong type
    EXPECT_EQ(read.reader.find_string("exam_set_id", Field::required), std::nullopt);
    EXPECT_EQ(read.reader.find_string("exam_set_id", Field::optional), std::nullopt);
    EXPECT_EQ(read.report(), "exam_set_id: must be a string, found null\nexam_set_id: must be a string, found null\n");
  }
  {
    Read read(document);  // the progress log, the saved exam, Django: null means "not set"
    EXPECT_EQ(read.reader.find_string("exam_set_id", Field::optional_or_null), std::nullopt);
    EXPECT_TRUE(read.errors.empty()) << read.report();
    EXPECT_EQ(read.reader.find_string("exam_set_id", Field::required_not_null), std::nullopt);
    EXPECT_EQ(read.report(), "exam_set_id: is missing\n");
  }
}

TEST(JsonReader, AWrongTypeNamesWhatWasWantedAndWhatWasFound) {
  Read read(R"({"id": 7, "count": "7", "flag": "yes", "ratio": 0.5, "names": {}, "topic": [], "order": null, "ok": true})");
  ASSERT_TRUE(read.parsed());
  EXPECT_EQ(read.reader.string("id"), "");
  EXPECT_EQ(read.reader.int64("count"), 0);
  EXPECT_EQ(read.reader.boolean("flag"), false);
  EXPECT_EQ(read.reader.integer("ratio"), 0);
  EXPECT_EQ(read.reader.strings("names"), std::vector<std::string>());
  EXPECT_EQ(read.reader.string("topic"), "");
  EXPECT_EQ(read.reader.index("order"), 0u);
  EXPECT_EQ(read.reader.string("ok"), "");
  EXPECT_EQ(read.report(),
            "id: must be a string, found an integer\n"
            "count: must be an integer, found a string\n"
            "flag: must be true or false, found a string\n"
            "ratio: must be an integer, found a number with a fraction\n"
            "names: must be an array of strings, found an object\n"
            "topic: must be a string, found an array\n"
            "order: must be a non-negative integer, found null\n"
            "ok: must be a string, found a boolean\n");
}

TEST(JsonReader, NestedReadersAndArrayElementsCarryTheirPaths) {
  Read read(R"({"questions": [
    {"id": "q1", "choices": [{"text": {"en": "a"}}, 3], "tags": ["x", null]},
    "q2",
    {"id": 7, "choices": []}
  ]})",
            "pack.json");
  ASSERT_TRUE(read.parsed());
  std::vector<std::string> ids;
  std::vector<bool> each_ok;
  read.reader.for_each_object("questions", Field::required, [&](JsonReader& question) {
    EXPECT_EQ(question.path("id"), question.path() + ".id");
    ids.push_back(question.string("id"));
    question.for_each_object("choices", Field::required, [&](JsonReader& choice) { choice.text("text", Field::optional); });
    question.strings("tags", Field::optional);
    each_ok.push_back(question.ok());
  });
  EXPECT_EQ(ids, (std::vector<std::string>{"q1", ""}));
  EXPECT_EQ(each_ok, (std::vector<bool>{false, false}));
  EXPECT_EQ(read.report(),
            "pack.json.questions[0].choices[1]: must be an object, found an integer\n"
            "pack.json.questions[0].tags[1]: must be a string, found null\n"
            "pack.json.questions[1]: must be an object, found a string\n"
            "pack.json.questions[2].id: must be a string, found an integer\n");

  // A reader made from find() or item() is at the child's path, and ok() counts from its making.
  auto questions = read.reader.find("questions");
  ASSERT_TRUE(questions.has_value());
  EXPECT_EQ(questions->path(), "pack.json.questions");
  EXPECT_EQ(questions->size(), 3u);
  JsonReader first = questions->item(0);
  EXPECT_EQ(first.path(), "pack.json.questions[0]");
  EXPECT_EQ(first.string("id"), "q1");
  EXPECT_TRUE(first.ok());
  first.report("id", "is used twice");
  EXPECT_FALSE(first.ok());
  EXPECT_EQ(read.errors.back().path, "pack.json.questions[0].id");

  // An empty base path gives bare field names.
  Read root(R"({"slots": [{"flagged": 1}]})");
  root.reader.for_each_object("slots", Field::required, [](JsonReader& slot) { slot.boolean("flagged"); });
  EXPECT_EQ(root.report(), "slots[0].flagged: must be true or false, found an integer\n");
}

TEST(JsonReader, AFieldThatMustBeAnArrayIsCheckedBeforeItsElements) {
  Read read(R"({"questions": {"id": "q1"}, "exam_sets": null})");
  int elements = 0;
  read.reader.for_each_object("questions", Field::required, [&](JsonReader&) { ++elements; });
  read.reader.for_each("exam_sets", Field::optional_or_null, [&](JsonReader&) { ++elements; });
  read.reader.for_each("lessons", Field::required, [&](JsonReader&) { ++elements; });
  EXPECT_EQ(elements, 0);
  EXPECT_EQ(read.report(), "questions: must be an array, found an object\nlessons: is missing\n");
}

TEST(JsonReader, Int64AboveItsMaximumIsOutOfRangeNotWrapped) {
  Read read(R"({"max": 9223372036854775807, "min": -9223372036854775808, "over": 9223372036854775808,
               "int_max": 2147483647, "int_over": 2147483648, "int_under": -2147483649, "list": [1, 18446744073709551615]})");
  ASSERT_TRUE(read.parsed());
  EXPECT_EQ(read.reader.int64("max"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(read.reader.int64("min"), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(read.reader.find_int64("over", Field::required), std::nullopt);
  EXPECT_EQ(read.reader.integer("int_max"), std::numeric_limits<int>::max());
  EXPECT_EQ(read.reader.integer("int_over"), 0);
  EXPECT_EQ(read.reader.integer("int_under"), 0);
  EXPECT_EQ(read.reader.int64s("list"), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(read.report(),
            "over: is out of range: 9223372036854775808\n"
            "int_over: is out of range: 2147483648\n"
            "int_under: is out of range: -2147483649\n"
            "list[1]: is out of range: 18446744073709551615\n");
}

TEST(JsonReader, AnIndexIsNotNegativeAndFitsIn32Bits) {
  Read read(R"({"current": -1, "last": 4294967295, "past": 4294967296, "chosen": [2, -3, 0], "correct": 1})");
  ASSERT_TRUE(read.parsed());
  EXPECT_EQ(read.reader.index("current"), 0u);
  EXPECT_EQ(read.reader.index("last"), std::size_t{4294967295u});
  EXPECT_EQ(read.reader.index("past"), 0u);
  EXPECT_EQ(read.reader.indexes("chosen"), (std::vector<std::size_t>{2, 0}));
  EXPECT_EQ(read.reader.find_indexes("correct", Field::required), std::nullopt);
  EXPECT_EQ(read.report(),
            "current: must be a non-negative integer, found -1\n"
            "past: is out of range: 4294967296\n"
            "chosen[1]: must be a non-negative integer, found -3\n"
            "correct: must be an array of non-negative integers, found an integer\n");
}

TEST(JsonReader, LocalizedTextKeepsItsStringsAndReportsTheRest) {
  Read read(R"({"title": {"en": "Stop", "fr": 3, "rw": "Hagarara"}, "name": "Stop"})", "signs[2]");
  ASSERT_TRUE(read.parsed());
  const LocalizedText title = read.reader.text("title");
  EXPECT_EQ(title.by_language, (std::map<LanguageCode, std::string>{{"en", "Stop"}, {"rw", "Hagarara"}}));
  EXPECT_TRUE(read.reader.text("name").empty());
  EXPECT_EQ(read.report(),
            "signs[2].title.fr: must be a string, found an integer\n"
            "signs[2].name: must be an object of language code to text, e.g. {\"en\": \"...\"}, found a string\n");
}

TEST(JsonReader, TypeNamesReadAsPartOfASentence) {
  using nlohmann::json;
  EXPECT_STREQ(json_type_name(json(nullptr)), "null");
  EXPECT_STREQ(json_type_name(json::object()), "an object");
  EXPECT_STREQ(json_type_name(json::array()), "an array");
  EXPECT_STREQ(json_type_name(json("x")), "a string");
  EXPECT_STREQ(json_type_name(json(true)), "a boolean");
  EXPECT_STREQ(json_type_name(json(-1)), "an integer");
  EXPECT_STREQ(json_type_name(json(1u)), "an integer");
  EXPECT_STREQ(json_type_name(json(1.5)), "a number with a fraction");
}

}  // namespace
}  // namespace umuhanda
