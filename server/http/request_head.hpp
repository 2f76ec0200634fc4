// The HTTP/1.1 request head as RFC 9112 frames it: request line, header lines, and the one body
// length they imply. Pure (no I/O): the connection layer runs it on the bytes it has buffered
// before cpp-httplib parses anything, so a request whose framing is ambiguous never reaches it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace umuhanda::http {

struct HeadLimits {
  std::size_t max_request_line = 8 * 1024;   // longer: 414
  std::size_t max_head_bytes = 32 * 1024;    // request line + header lines + blank line; longer: 431
  std::size_t max_header_lines = 100;        // more: 431
  std::uint64_t max_body_bytes = 50u << 20;  // a longer Content-Length: 413 before any body byte is read
};

// Why a head is refused: an HTTP status, a short machine code, and a message naming what was wrong
// and where ("header line 3: ..."). The connection is always closed after a refusal: once the
// framing is in doubt, nothing after it on the connection can be trusted to be a request.
struct HeadRefusal {
  int status = 400;
  std::string code;
  std::string message;
};

struct RequestHead {
  std::string_view method;  // views into the parsed bytes
  std::string_view target;
  bool http10 = false;            // HTTP/1.0 (otherwise HTTP/1.1)
  std::size_t skipped = 0;        // empty lines before the request line (RFC 9112 §2.2 allows ignoring them)
  std::size_t head_bytes = 0;     // from the request line through the blank line, without `skipped`
  std::uint64_t body_bytes = 0;   // Content-Length, or 0: chunked bodies are refused (411)
  bool expects_continue = false;  // "Expect: 100-continue": the body may never come unless asked for
};

struct HeadParse {
  enum class State { incomplete, complete, refused };
  State state = State::incomplete;
  RequestHead head;     // when complete
  HeadRefusal refusal;  // when refused
};

// Reads the head at the start of `bytes`. `incomplete` means no rule is broken so far but the
// blank line ending the head has not arrived (and the limits leave room for it). Rules, each
// refused with a close:
// - request line: `method SP target SP HTTP/1.x CRLF`, method a token, target printable ASCII;
//   another HTTP version is 505, a request line above max_request_line is 414;
// - every line ends in CRLF (a bare CR or bare LF is 400); no obs-fold (a line starting with a
//   space or tab); a header name is a non-empty token followed at once by ':'; a value holds no
//   control character but tab;
// - HTTP/1.1 has exactly one Host, HTTP/1.0 at most one;
// - Content-Length is one or more digits; repeated (in several lines or a list) only with the same
//   value; never beside Transfer-Encoding; none on HTTP/1.0 with Transfer-Encoding;
// - Transfer-Encoding is refused: 411 for chunked (send a length), 501 for anything else;
// - GET, HEAD, OPTIONS, DELETE, TRACE and CONNECT carry no body (a non-zero length is 400);
// - a length above max_body_bytes is 413; more than max_head_bytes or max_header_lines is 431.
HeadParse parse_request_head(std::string_view bytes, const HeadLimits& limits);

}  // namespace umuhanda::http
