// The JSON request bodies the server accepts: what each takes and how it refuses the rest.
#include <gtest/gtest.h>

#include "request_bodies.hpp"

namespace umuhanda {
namespace {

TEST(RollbackBody, TakesAVersionFromOneToTheLargestInt) {
  for (auto [body, version] :
       {std::pair{R"({"version": 1})", 1}, {R"({"version": 7, "note": "bad upload"})", 7}, {R"({"version": 2147483647})", 2147483647}}) {
    auto parsed = parse_rollback_body(body);
    ASSERT_TRUE(parsed.ok()) << body << ": " << to_string(parsed.errors());
    EXPECT_EQ(parsed.value(), version) << body;
  }
}

TEST(RollbackBody, RefusesWhatIsNotAnObjectWithAWholeVersion) {
  for (const char* body : {"", "not json", "[1]", "1", R"({"v": 1})", R"({"version": "1"})", R"({"version": 1.5})", R"({"version": null})"}) {
    auto parsed = parse_rollback_body(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_NE(parsed.errors().front().message.find("{\"version\": N}"), std::string::npos) << to_string(parsed.errors());
  }
}

// get<int>() used to wrap these: 4294967297 made version 1 current.
TEST(RollbackBody, RefusesVersionsOutsideOneToTheLargestIntRatherThanWrappingThem) {
  for (const char* body : {R"({"version": 0})", R"({"version": -1})", R"({"version": 2147483648})", R"({"version": 4294967297})",
                           R"({"version": 18446744073709551615})", R"({"version": -9223372036854775808})"}) {
    auto parsed = parse_rollback_body(body);
    ASSERT_FALSE(parsed.ok()) << body << " gave " << parsed.value();
    EXPECT_EQ(parsed.errors().front().path, "version");
    EXPECT_NE(parsed.errors().front().message.find("not a pack version"), std::string::npos) << to_string(parsed.errors());
  }
}

}  // namespace
}  // namespace umuhanda
