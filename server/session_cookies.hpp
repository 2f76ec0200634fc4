// The session cookie and the same-origin check, as pure functions of header values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace umuhanda {

// The cookie's name: "__Host-umuhanda_session" when the server is reached over TLS (the prefix makes
// browsers insist on Secure, Path=/ and no Domain), "umuhanda_session" over plain HTTP (loopback,
// development), where browsers refuse __Host- cookies.
std::string session_cookie_name(bool secure);

// The value of cookie `name` in a Cookie header ("a=1; name=value"), or nullopt.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);

// Set-Cookie for a session: HttpOnly (no script reads it), SameSite=Strict (no other site's page
// sends it), Path=/, Max-Age; Secure when `secure`.
std::string session_set_cookie(bool secure, std::string_view secret, std::int64_t max_age_seconds);
// Set-Cookie that removes it (sign-out).
std::string session_clear_cookie(bool secure);

// Whether an Origin header names this server, reached as `host` (the Host header): the check every
// state-changing request signed in by cookie must pass (a forged form or fetch from another site
// carries that site's origin). Scheme http or https (TLS may end at nginx), host and port exact,
// ASCII case-insensitive; "null" and an empty Origin never match.
bool same_origin(std::string_view origin, std::string_view host);

}  // namespace umuhanda
