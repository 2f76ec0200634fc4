// Strong ETags and If-None-Match matching (RFC 9110 §8.8.3, §13.1.2).
#include <gtest/gtest.h>

#include "http_caching.hpp"

namespace umuhanda {
namespace {

TEST(StrongEtag, DependsOnlyOnTheBytes) {
  EXPECT_EQ(strong_etag("abc"), strong_etag(std::string("abc")));
  EXPECT_NE(strong_etag("abc"), strong_etag("abd"));
  std::string tag = strong_etag("abc");
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag.back(), '"');
  EXPECT_EQ(tag, "\"ba7816bf8f01cfea414140de5dae2223\"");  // SHA-256("abc"), first 128 bits
}

TEST(IfNoneMatch, MatchesOneTagAListAStarAndWeakForms) {
  const std::string tag = "\"abc123\"";
  EXPECT_TRUE(if_none_match_matches("\"abc123\"", tag));
  EXPECT_TRUE(if_none_match_matches("\"x\", \"abc123\"", tag));
  EXPECT_TRUE(if_none_match_matches("\"x\",\"abc123\" ,\"y\"", tag));
  EXPECT_TRUE(if_none_match_matches("*", tag));
  EXPECT_TRUE(if_none_match_matches("W/\"abc123\"", tag));
  EXPECT_TRUE(if_none_match_matches(" W/\"x\", W/\"abc123\"", tag));
}

TEST(IfNoneMatch, DoesNotMatchOtherTags) {
  const std::string tag = "\"abc123\"";
  EXPECT_FALSE(if_none_match_matches("\"abc12\"", tag));
  EXPECT_FALSE(if_none_match_matches("abc123", tag));
  EXPECT_FALSE(if_none_match_matches("", tag));
  EXPECT_FALSE(if_none_match_matches("\"x\", \"y\"", tag));
}

}  // namespace
}  // namespace umuhanda
