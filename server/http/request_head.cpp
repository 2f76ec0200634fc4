// RFC 9112 request-head framing (see request_head.hpp for the rules and why each is a refusal).
#include "request_head.hpp"

#include <array>
#include <cstring>
#include <optional>

namespace umuhanda::http {
namespace {

// RFC 9110 §5.6.2: token characters.
constexpr std::array<bool, 256> make_tchar_table() {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr std::array<bool, 256> kTchar = make_tchar_table();

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!kTchar[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Printable for a message: control bytes as \xNN, at most 60 characters.
std::string quoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < 60; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > 60) out += "...";
  return out + "\"";
}

HeadParse refused(int status, std::string code, std::string message) {
  HeadParse parse;
  parse.state = HeadParse::State::refused;
  parse.refusal = {status, std::move(code), std::move(message)};
  return parse;
}

// One line from `pos`: found (line without its CRLF, `next` after it), not yet whole, or broken.
struct Line {
  enum class Kind { whole, partial, bare_cr, bare_lf } kind;
  std::string_view text;
  std::size_t next = 0;
};

// Two memchr scans (one for LF, one for a CR before it): find_first_of("\r\n") calls memchr per
// byte, and this runs on every request.
Line next_line(std::string_view bytes, std::size_t pos) {
  const char* begin = bytes.data() + pos;
  const std::size_t size = bytes.size() - pos;
  const auto* lf = static_cast<const char*>(std::memchr(begin, '\n', size));
  const std::size_t lf_at = lf ? static_cast<std::size_t>(lf - begin) : size;
  const auto* cr = static_cast<const char*>(std::memchr(begin, '\r', lf_at));
  if (!cr) {
    if (!lf) return {Line::Kind::partial, bytes.substr(pos)};
    return {Line::Kind::bare_lf, bytes.substr(pos, lf_at)};
  }
  const std::size_t cr_at = static_cast<std::size_t>(cr - begin);
  // The line so far, without the CR that may end it: how the bytes were split must not change
  // its length (a line exactly at a limit is not over it because its LF has not arrived yet).
  if (cr_at + 1 == size) return {Line::Kind::partial, bytes.substr(pos, cr_at)};
  if (cr_at + 1 != lf_at) return {Line::Kind::bare_cr, bytes.substr(pos, cr_at)};
  return {Line::Kind::whole, bytes.substr(pos, cr_at), pos + cr_at + 2};
}

std::optional<HeadParse> broken_line(const Line& line, std::string_view where) {
  if (line.kind == Line::Kind::bare_lf) {
    return refused(400, "bad_line_ending", std::string(where) + ": a line ends in a bare LF; HTTP lines end in CRLF");
  }
  if (line.kind == Line::Kind::bare_cr) {
    return refused(400, "bad_line_ending", std::string(where) + ": a bare CR inside a line (only CRLF ends a line)");
  }
  return std::nullopt;
}

bool takes_no_body(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "DELETE" || method == "TRACE" || method == "CONNECT";
}

struct Framing {
  std::size_t host_count = 0;
  std::optional<std::uint64_t> content_length;
  std::string transfer_encoding;  // every Transfer-Encoding value, joined by ", "
};

// Adds one Content-Length field value (possibly a list, RFC 9110 §8.6) to `framing`.
std::string header_line(std::size_t number) { return "header line " + std::to_string(number); }

std::optional<HeadParse> add_content_length(Framing& framing, std::string_view value, std::size_t line_number) {
  const auto where = [line_number] { return header_line(line_number); };
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = value.find(',', start);
    const std::string_view item = trim_ows(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (item.empty()) return refused(400, "bad_content_length", where() + ": Content-Length " + quoted(value) + " has an empty item");
    std::uint64_t parsed = 0;
    for (char c : item) {
      if (c < '0' || c > '9') {
        return refused(400, "bad_content_length", where() + ": Content-Length " + quoted(value) + " is not a decimal number of bytes");
      }
    }
    // 18 digits cannot overflow; a longer number is above any limit anyway.
    if (item.size() > 18) return refused(413, "payload_too_large", where() + ": Content-Length " + quoted(item) + " is too large");
    for (char c : item) parsed = parsed * 10 + static_cast<std::uint64_t>(c - '0');
    if (framing.content_length && *framing.content_length != parsed) {
      return refused(400, "ambiguous_content_length",
                     where() + ": Content-Length " + std::to_string(parsed) + " differs from the earlier " + std::to_string(*framing.content_length));
    }
    framing.content_length = parsed;
    if (comma == std::string_view::npos) return std::nullopt;
    start = comma + 1;
  }
}

}  // namespace

HeadParse parse_request_head(std::string_view bytes, const HeadLimits& limits) {
  std::size_t pos = 0;
  // RFC 9112 §2.2: at least one empty line before a request line should be ignored (some clients
  // send a CRLF after a body); one is, more are a malformed request.
  if (bytes.size() >= 2 && bytes[0] == '\r' && bytes[1] == '\n') pos = 2;
  const std::size_t start = pos;

  // [request line]
  const Line request_line = next_line(bytes, pos);
  if (auto broken = broken_line(request_line, "request line")) return *broken;
  if (request_line.text.size() > limits.max_request_line) {
    return refused(414, "uri_too_long", "the request line is longer than " + std::to_string(limits.max_request_line) + " bytes");
  }
  if (request_line.kind == Line::Kind::partial) return {};
  const std::string_view line = request_line.text;
  const std::size_t first_space = line.find(' ');
  const std::size_t second_space = first_space == std::string_view::npos ? first_space : line.find(' ', first_space + 1);
  if (second_space == std::string_view::npos || line.find(' ', second_space + 1) != std::string_view::npos) {
    return refused(400, "bad_request_line", "request line " + quoted(line) + ": expected METHOD SP TARGET SP HTTP/1.1, with single spaces");
  }
  RequestHead head;
  head.skipped = start;
  head.method = line.substr(0, first_space);
  head.target = line.substr(first_space + 1, second_space - first_space - 1);
  const std::string_view version = line.substr(second_space + 1);
  if (!is_token(head.method)) return refused(400, "bad_request_line", "request line: the method " + quoted(head.method) + " is not a token");
  if (head.target.empty()) return refused(400, "bad_request_line", "request line: the target is empty");
  for (char c : head.target) {
    if (c <= 0x20 || c >= 0x7f) {
      return refused(400, "bad_request_line", "request line: the target " + quoted(head.target) + " has a byte that is not printable ASCII");
    }
  }
  if (version == "HTTP/1.0") {
    head.http10 = true;
  } else if (version != "HTTP/1.1") {
    const bool looks_like_version = version.size() == 8 && version.substr(0, 5) == "HTTP/" && version[5] >= '0' && version[5] <= '9' &&
                                    version[6] == '.' && version[7] >= '0' && version[7] <= '9';
    if (looks_like_version)
      return refused(505, "http_version_not_supported", "request line: " + std::string(version) + " is not served; use HTTP/1.1");
    return refused(400, "bad_request_line", "request line: " + quoted(version) + " is not an HTTP version");
  }

  // [header lines]
  Framing framing;
  std::size_t line_number = 0;
  pos = request_line.next;
  for (;;) {
    if (pos - start > limits.max_head_bytes) {
      return refused(431, "header_too_large", "the request head is larger than " + std::to_string(limits.max_head_bytes / 1024) + " KiB");
    }
    ++line_number;
    const auto where = [line_number] { return header_line(line_number); };  // built only for a refusal
    const Line field = next_line(bytes, pos);
    if (field.kind == Line::Kind::bare_cr || field.kind == Line::Kind::bare_lf) return *broken_line(field, where());
    if (field.kind == Line::Kind::partial) {
      if (bytes.size() - start > limits.max_head_bytes) {
        return refused(431, "header_too_large", "the request head is larger than " + std::to_string(limits.max_head_bytes / 1024) + " KiB");
      }
      return {};
    }
    pos = field.next;
    if (field.text.empty()) break;
    if (line_number > limits.max_header_lines) {
      return refused(431, "header_too_large", "the request has more than " + std::to_string(limits.max_header_lines) + " header lines");
    }
    if (field.text.front() == ' ' || field.text.front() == '\t') {
      return refused(400, "obsolete_line_folding", where() + ": starts with white space (obsolete line folding is not accepted)");
    }
    const std::size_t colon = field.text.find(':');
    if (colon == std::string_view::npos) return refused(400, "bad_header", where() + ": " + quoted(field.text) + " has no ':'");
    const std::string_view name = field.text.substr(0, colon);
    if (!is_token(name)) {
      return refused(400, "bad_header", where() + ": the name " + quoted(name) + " is not a token (no spaces or separators, nothing before ':')");
    }
    const std::string_view value = trim_ows(field.text.substr(colon + 1));
    for (char c : value) {
      const auto byte = static_cast<unsigned char>(c);
      if ((byte < 0x20 && byte != '\t') || byte == 0x7f) {
        return refused(400, "bad_header", where() + " (" + std::string(name) + "): the value has a control character");
      }
    }
    if (iequals(name, "Host")) {
      ++framing.host_count;
    } else if (iequals(name, "Content-Length")) {
      if (auto refusal = add_content_length(framing, value, line_number)) return *refusal;
    } else if (iequals(name, "Expect")) {
      head.expects_continue = iequals(value, "100-continue");
    } else if (iequals(name, "Transfer-Encoding")) {
      if (!framing.transfer_encoding.empty()) framing.transfer_encoding += ", ";
      framing.transfer_encoding += value;
      if (framing.transfer_encoding.empty()) framing.transfer_encoding = " ";  // present, even when empty
    }
  }
  head.head_bytes = pos - start;
  if (pos > limits.max_head_bytes) {
    return refused(431, "header_too_large", "the request head is larger than " + std::to_string(limits.max_head_bytes / 1024) + " KiB");
  }

  // [what the head says about the body]
  if (!head.http10 && framing.host_count != 1) {
    return refused(400, "bad_host",
                   framing.host_count == 0 ? "an HTTP/1.1 request needs a Host header" : "the request has more than one Host header");
  }
  if (head.http10 && framing.host_count > 1) return refused(400, "bad_host", "the request has more than one Host header");
  if (!framing.transfer_encoding.empty()) {
    if (framing.content_length) {
      return refused(400, "ambiguous_framing", "the request has both Content-Length and Transfer-Encoding: its length is ambiguous");
    }
    if (head.http10) return refused(400, "ambiguous_framing", "an HTTP/1.0 request cannot use Transfer-Encoding");
    if (iequals(trim_ows(framing.transfer_encoding), "chunked")) {
      return refused(411, "length_required", "send the request body with a Content-Length (chunked bodies are not accepted)");
    }
    return refused(501, "not_implemented", "Transfer-Encoding " + quoted(framing.transfer_encoding) + " is not supported");
  }
  head.body_bytes = framing.content_length.value_or(0);
  if (head.body_bytes > 0 && takes_no_body(head.method)) {
    return refused(400, "unexpected_body", std::string(head.method) + " takes no body, but Content-Length is " + std::to_string(head.body_bytes));
  }
  if (head.body_bytes > limits.max_body_bytes) {
    return refused(413, "payload_too_large",
                   "the request body (" + std::to_string(head.body_bytes) + " bytes) is larger than this server accepts (" +
                       std::to_string(limits.max_body_bytes) + " bytes)");
  }
  HeadParse parse;
  parse.state = HeadParse::State::complete;
  parse.head = head;
  return parse;
}

}  // namespace umuhanda::http
