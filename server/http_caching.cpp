// ETag generation, conditional request matching, content negotiation and dates.
#include "http_caching.hpp"

#include <cstdlib>
#include <cstring>
#include <vector>

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

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string strong_etag(std::string_view body) {
  // 128 bits of SHA-256 are plenty to tell versions apart and keep headers short.
  return "\"" + sha256_hex(body).substr(0, 32) + "\"";
}

bool if_none_match_matches(std::string_view header_value, std::string_view etag) {
  if (trim(header_value) == "*") return true;
  const std::string_view wanted = opaque_tag(etag);
  // Our tags are hex digests, so a comma can only separate list members.
  while (!header_value.empty()) {
    auto comma = header_value.find(',');
    if (opaque_tag(header_value.substr(0, comma)) == wanted) return true;
    if (comma == std::string_view::npos) break;
    header_value.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view to_string(ContentEncoding encoding) {
  switch (encoding) {
    case ContentEncoding::gzip: return "gzip";
    case ContentEncoding::br: return "br";
    default: return "identity";
  }
}

ContentEncoding choose_encoding(std::string_view accept_encoding, bool gzip_available, bool br_available) {
  // q-values in thousandths; -1 = not mentioned.
  int q_br = -1, q_gzip = -1, q_identity = -1, q_any = -1;
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (item.empty()) continue;
    auto semicolon = item.find(';');
    std::string_view coding = trim(item.substr(0, semicolon));
    int q = 1000;
    if (semicolon != std::string_view::npos) {
      std::string_view parameter = trim(item.substr(semicolon + 1));
      if (parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') && parameter[1] == '=') {
        std::string value(trim(parameter.substr(2)));
        q = static_cast<int>(std::strtod(value.c_str(), nullptr) * 1000.0 + 0.5);
        if (q < 0) q = 0;
        if (q > 1000) q = 1000;
      }
    }
    if (iequals(coding, "br")) q_br = q;
    else if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) q_gzip = q;
    else if (iequals(coding, "identity")) q_identity = q;
    else if (coding == "*") q_any = q;
  }
  if (q_br < 0) q_br = q_any < 0 ? 0 : q_any;
  if (q_gzip < 0) q_gzip = q_any < 0 ? 0 : q_any;
  // identity is acceptable unless excluded explicitly, or by "*;q=0" without naming it (RFC 9110 §12.5.3).
  if (q_identity < 0) q_identity = q_any == 0 ? 0 : 1;
  if (!br_available) q_br = 0;
  if (!gzip_available) q_gzip = 0;
  if (q_br > 0 && q_br >= q_gzip && q_br >= q_identity) return ContentEncoding::br;
  if (q_gzip > 0 && q_gzip >= q_identity) return ContentEncoding::gzip;
  // Nothing acceptable: identity anyway, the most useful answer to a confused client.
  return ContentEncoding::identity;
}

std::string http_date(std::time_t seconds) {
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[utc.tm_wday], utc.tm_mday, kMonths[utc.tm_mon],
                utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
  // IMF-fixdate only: the obsolete forms are rare and may be ignored (the condition is then false).
  std::tm utc{};
  char day[4] = {}, month[4] = {};
  std::string copy(trim(text));
  if (std::sscanf(copy.c_str(), "%3s, %2d %3s %4d %2d:%2d:%2d GMT", day, &utc.tm_mday, month, &utc.tm_year, &utc.tm_hour, &utc.tm_min,
                  &utc.tm_sec) != 7) {
    return std::nullopt;
  }
  int month_index = -1;
  for (int i = 0; i < 12; ++i)
    if (std::strcmp(month, kMonths[i]) == 0) month_index = i;
  if (month_index < 0) return std::nullopt;
  utc.tm_mon = month_index;
  utc.tm_year -= 1900;
  return timegm(&utc);
}

std::optional<std::time_t> parse_iso_utc(std::string_view text) {
  std::tm utc{};
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &utc.tm_year, &utc.tm_mon, &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec) != 6) {
    return std::nullopt;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return timegm(&utc);
}

}  // namespace umuhanda
