// HTTP validators (RFC 9110 §8.8, §13.1.2): strong ETags from bytes and If-None-Match evaluation.
#pragma once

#include <string>
#include <string_view>

namespace umuhanda {

// A strong entity tag derived only from the exact bytes sent: identical across restarts.
std::string strong_etag(std::string_view body);

// True when an If-None-Match header value matches `etag` under the weak comparison RFC 9110
// requires for this header: "*", one tag, or a comma-separated list, W/ prefixes ignored.
bool if_none_match_matches(std::string_view header_value, std::string_view etag);

}  // namespace umuhanda
