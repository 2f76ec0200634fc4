// An email as SMTP carries it (RFC 5322 with MIME): headers a mail client shows right in any
// language, and a UTF-8 plain-text body. Pure: the time and the message id are passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace umuhanda {

struct EmailMessage {
  std::string from;        // "Kigali Driving School <school@example.rw>" or a bare address
  std::string to;          // one address
  std::string subject;     // one line, any UTF-8
  std::string body;        // plain text, lines separated by '\n'
  std::string message_id;  // "<notification-12.1733565600@umuhanda>": the same on a resend, so mail clients see one message
  std::int64_t date = 0;   // Unix seconds
};

// The message with CRLF line ends: Date, From, To, Subject (RFC 2047 encoded words when not plain
// ASCII), Message-ID, MIME-Version, a text/plain UTF-8 body in base64 (76-character lines, so no
// line starts with a dot and no server rewrites 8-bit text). Carriage returns and line feeds in
// header values are replaced by spaces: nothing a user typed can add a header.
std::string compose_email(const EmailMessage& message);

// The address inside "Name <address>", or the text itself; nullopt when it holds no plausible
// address (no '@', spaces, angle brackets or line breaks in it).
std::optional<std::string> mailbox_address(std::string_view text);

// "Mon, 07 Dec 2026 10:00:00 +0000".
std::string rfc5322_date(std::int64_t unix_seconds);

// A header value as RFC 2047 encoded words ("=?UTF-8?B?...?=", each at most 75 characters, split
// between UTF-8 characters, folded onto continuation lines) when it is not plain printable ASCII.
std::string encode_header_value(std::string_view value);

}  // namespace umuhanda
