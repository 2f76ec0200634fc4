// HTTP caching helpers (RFC 9110 §8.8, §12.5.3, §13.1): strong ETags from bytes, If-None-Match and
// If-Modified-Since evaluation, Accept-Encoding negotiation, and HTTP dates.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace umuhanda {

// A strong entity tag derived only from the exact bytes sent: identical across restarts.
std::string strong_etag(std::string_view body);

// True when an If-None-Match header value matches `etag` under the weak comparison RFC 9110
// requires for this header: "*", one tag, or a comma-separated list, W/ prefixes ignored.
bool if_none_match_matches(std::string_view header_value, std::string_view etag);

enum class ContentEncoding { identity, gzip, br };
std::string_view to_string(ContentEncoding encoding);

// The best encoding the client accepts among those available, honouring q-values ("br;q=0" means
// never brotli, "*" covers what is not named). Brotli wins ties, then gzip, then identity.
ContentEncoding choose_encoding(std::string_view accept_encoding, bool gzip_available, bool br_available);

// "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate) from seconds since the epoch, and back.
std::string http_date(std::time_t seconds);
std::optional<std::time_t> parse_http_date(std::string_view text);
// "2026-11-26T02:00:00Z", as SQLite stores times, to seconds since the epoch.
std::optional<std::time_t> parse_iso_utc(std::string_view text);

}  // namespace umuhanda
