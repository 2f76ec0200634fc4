#include "session_cookies.hpp"

namespace umuhanda {
namespace {

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string session_cookie_name(bool secure) { return secure ? "__Host-umuhanda_session" : "umuhanda_session"; }

std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    const std::size_t end = cookie_header.find(';');
    const std::string_view pair = trim_spaces(cookie_header.substr(0, end));
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && trim_spaces(pair.substr(0, equals)) == name) {
      std::string_view value = trim_spaces(pair.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
    if (end == std::string_view::npos) break;
    cookie_header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::string session_set_cookie(bool secure, std::string_view secret, std::int64_t max_age_seconds) {
  std::string cookie = session_cookie_name(secure) + "=" + std::string(secret) + "; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
                       "; HttpOnly; SameSite=Strict";
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string session_clear_cookie(bool secure) { return session_set_cookie(secure, "", 0); }

bool same_origin(std::string_view origin, std::string_view host) {
  if (host.empty()) return false;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin.size() > scheme.size() && equal_ignoring_ascii_case(origin.substr(0, scheme.size()), scheme)) {
      return equal_ignoring_ascii_case(origin.substr(scheme.size()), host);
    }
  }
  return false;
}

}  // namespace umuhanda
