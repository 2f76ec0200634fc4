// ETag generation and If-None-Match matching.
#include "http_caching.hpp"

#include "sha256.hpp"

namespace umuhanda {
namespace {

std::string_view trim(std::string_view text) {
  const char* kSpace = " \t\r\n";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string_view opaque_tag(std::string_view tag) {
  tag = trim(tag);
  if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::string strong_etag(std::string_view body) {
  // 128 bits of SHA-256 are plenty to tell versions apart and keep headers short.
  return "\"" + sha256_hex(body).substr(0, 32) + "\"";
}

bool if_none_match_matches(std::string_view header_value, std::string_view etag) {
  if (trim(header_value) == "*") return true;
  const std::string_view wanted = opaque_tag(etag);
  // Entity tags cannot contain commas inside their quotes (RFC 9110 etagc excludes DQUOTE only,
  // but a comma would break every list parser in practice), so splitting on commas is safe here.
  while (!header_value.empty()) {
    auto comma = header_value.find(',');
    std::string_view candidate = header_value.substr(0, comma);
    if (opaque_tag(candidate) == wanted) return true;
    if (comma == std::string_view::npos) break;
    header_value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace umuhanda
