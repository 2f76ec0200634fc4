// The content path parser must take exactly the paths the route table's regexes take: the event
// thread decides from it whether a request is answered from memory, the routes from the regexes.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "content_paths.hpp"

namespace umuhanda {
namespace {

using Kind = ContentPath::Kind;

const std::string kSha(64, 'a');
const std::string kId64 = "a" + std::string(63, 'z');

const std::vector<std::string>& sample_paths() {
  static const std::vector<std::string> kPaths = {
      "/",
      "/index.html",
      "/healthz",
      "/api",
      "/api/",
      "/api/v1",
      "/api/v1/packs",
      "/api/v1/packs/",
      "/api/v1/packs/rw-b",
      "/api/v1/packs/0.a_b-c",
      "/api/v1/packs/Rw",
      "/api/v1/packs/-rw",
      "/api/v1/packs/" + kId64,
      "/api/v1/packs/" + kId64 + "z",
      "/api/v1/packs/rw/versions",
      "/api/v1/packs/rw/versions/",
      "/api/v1/packs/rw/v/1",
      "/api/v1/packs/rw/v/0",
      "/api/v1/packs/rw/v/123456789",
      "/api/v1/packs/rw/v/1234567890",
      "/api/v1/packs/rw/v/",
      "/api/v1/packs/rw/v/1a",
      "/api/v1/packs/rw/v/-1",
      "/api/v1/packs/rw/rollback",
      "/api/v1/packs/rw/sample",
      "/api/v1/packs/rw/sample/",
      "/api/v1/packs/Rw/sample",
      "/api/v1/packs/" + kId64 + "/sample",
      "/api/v1/packs/rw/x",
      "/api/v1/packs/rw//versions",
      "/api/v1/media/" + kSha,
      "/api/v1/media/" + std::string(64, 'A'),
      "/api/v1/media/" + kSha + "0",
      "/api/v1/media/" + kSha.substr(1),
      "/api/v1/media/",
      "/api/v1/me",
      "/api/v1/me/",
      "/api/v2/packs",
      "/apix",
  };
  return kPaths;
}

TEST(ContentPaths, AgreeWithTheRouteTableRegexes) {
  const std::vector<std::pair<Kind, std::regex>> routes = {
      {Kind::latest_pack, std::regex(kLatestPackRoute)},
      {Kind::pack_versions, std::regex(kPackVersionsRoute)},
      {Kind::pack_version, std::regex(kPackVersionRoute)},
      {Kind::pack_sample, std::regex(kPackSampleRoute)},
      {Kind::media, std::regex(kMediaRoute)},
  };
  for (const std::string& path : sample_paths()) {
    const ContentPath parsed = parse_content_path(path);
    for (const auto& [kind, pattern] : routes) {
      std::smatch match;
      const bool matches = std::regex_match(path, match, pattern);
      EXPECT_EQ(matches, parsed.kind == kind) << path;
      if (!matches) continue;
      if (kind == Kind::media) {
        EXPECT_EQ(parsed.sha256, match[1].str()) << path;
      } else {
        EXPECT_EQ(parsed.pack_id, match[1].str()) << path;
      }
      if (kind == Kind::pack_version) {
        EXPECT_EQ(parsed.version, std::stoi(match[2].str())) << path;
      }
    }
  }
}

TEST(ContentPaths, TellTheOtherApiPathsFromStaticFiles) {
  EXPECT_EQ(parse_content_path("/api/v1/packs").kind, Kind::catalog);
  EXPECT_EQ(parse_content_path("/api/v1/me").kind, Kind::me);
  for (const char* path : {"/api/", "/api/v1/me/", "/api/v1/packs/rw/rollback", "/api/v1/packs/Rw", "/api/v1/media/xyz"}) {
    EXPECT_EQ(parse_content_path(path).kind, Kind::other_api) << path;
  }
  for (const char* path : {"/", "/index.html", "/healthz", "/api", "/apix", "/sw.js"}) {
    EXPECT_EQ(parse_content_path(path).kind, Kind::not_api) << path;
  }
}

}  // namespace
}  // namespace umuhanda
