// The read-only content paths (catalog, pack versions, media, /api/v1/me), parsed without std::regex.
// One parser for the two places that must agree: the event thread, which answers a request itself
// only when its answer is in memory (ServerApp::answers_from_memory), and the pre-routing fast path.
// The route table registers the regexes below; a unit test checks the parser against them.
#pragma once

#include <string>
#include <string_view>

namespace umuhanda {

// The patterns cpp-httplib's route table matches (server_app.cpp), as regex source.
inline constexpr const char* kLatestPackRoute = R"(/api/v1/packs/([a-z0-9][a-z0-9._-]{0,63}))";
inline constexpr const char* kPackVersionsRoute = R"(/api/v1/packs/([a-z0-9][a-z0-9._-]{0,63})/versions)";
inline constexpr const char* kPackSampleRoute = R"(/api/v1/packs/([a-z0-9][a-z0-9._-]{0,63})/sample)";
inline constexpr const char* kPackVersionRoute = R"(/api/v1/packs/([a-z0-9][a-z0-9._-]{0,63})/v/([0-9]{1,9}))";
inline constexpr const char* kMediaRoute = R"(/api/v1/media/([0-9a-f]{64}))";

struct ContentPath {
  enum class Kind {
    catalog,        // /api/v1/packs
    latest_pack,    // /api/v1/packs/{id}
    pack_versions,  // /api/v1/packs/{id}/versions
    pack_version,   // /api/v1/packs/{id}/v/{n}, n of 1 to 9 digits (0 is a 404 of the handler's)
    pack_sample,    // /api/v1/packs/{id}/sample
    media,          // /api/v1/media/{sha256}
    me,             // /api/v1/me: reads the token table
    other_api,      // anything else under /api/: a 404, 405 or a route with a body
    not_api,        // static files and /healthz
  };
  Kind kind = Kind::not_api;
  std::string_view pack_id;  // latest_pack, pack_versions, pack_version, pack_sample
  int version = 0;           // pack_version
  std::string_view sha256;   // media
};

// `path` without its query. The views point into `path`.
ContentPath parse_content_path(std::string_view path);

}  // namespace umuhanda
