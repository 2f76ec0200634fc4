// Fuzzes parse_request_head (request_head.cpp), the RFC 9112 framing every request passes before
// cpp-httplib sees it, with the server's limits and with tiny ones (so the 414/431/413 paths run).
// Beyond "no crash": a refusal has a framing status, a code and a message; a complete head lies
// inside the bytes, respects the limits, and gives no body to GET/HEAD/OPTIONS/DELETE; what follows
// a complete head never changes the verdict; a head arriving in two parts (cut anywhere before its
// end) is first "incomplete", never refused, so TCP segmentation cannot change an answer.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "request_head.hpp"

using namespace umuhanda;
using http::HeadParse;

namespace {

std::string describe(const HeadParse& parse) {
  switch (parse.state) {
    case HeadParse::State::incomplete: return "incomplete";
    case HeadParse::State::complete: return "complete (" + std::to_string(parse.head.head_bytes) + " head bytes)";
    case HeadParse::State::refused: return std::to_string(parse.refusal.status) + " " + parse.refusal.code + ": " + parse.refusal.message;
  }
  return "?";
}

bool same_verdict(const HeadParse& a, const HeadParse& b) {
  if (a.state != b.state) return false;
  if (a.state == HeadParse::State::refused) return a.refusal.status == b.refusal.status && a.refusal.code == b.refusal.code;
  if (a.state == HeadParse::State::complete) {
    return a.head.method == b.head.method && a.head.target == b.head.target && a.head.http10 == b.head.http10 && a.head.skipped == b.head.skipped &&
           a.head.head_bytes == b.head.head_bytes && a.head.body_bytes == b.head.body_bytes;
  }
  return true;
}

void check(std::string_view bytes, const http::HeadLimits& limits) {
  const HeadParse parse = http::parse_request_head(bytes, limits);
  if (parse.state == HeadParse::State::refused) {
    const int status = parse.refusal.status;
    FUZZ_CHECK(status == 400 || status == 411 || status == 413 || status == 414 || status == 431 || status == 501 || status == 505,
               "refused with status " + std::to_string(status));
    FUZZ_CHECK(!parse.refusal.code.empty() && !parse.refusal.message.empty(), "a refusal without code or message");
    return;
  }
  if (parse.state == HeadParse::State::incomplete) return;

  const http::RequestHead& head = parse.head;
  const std::size_t end = head.skipped + head.head_bytes;
  FUZZ_CHECK(end <= bytes.size(), "the head ends after the bytes: " + describe(parse));
  FUZZ_CHECK(bytes.substr(0, end).ends_with("\r\n\r\n"), "a complete head that does not end with a blank line: " + describe(parse));
  const auto inside = [&](std::string_view view) { return view.data() >= bytes.data() && view.data() + view.size() <= bytes.data() + end; };
  FUZZ_CHECK(!head.method.empty() && inside(head.method), "the method is not a view into the head");
  FUZZ_CHECK(!head.target.empty() && inside(head.target), "the target is not a view into the head");
  FUZZ_CHECK(head.head_bytes <= limits.max_head_bytes, "a complete head above the limit: " + describe(parse));
  FUZZ_CHECK(head.body_bytes <= limits.max_body_bytes, "a body above the limit: " + std::to_string(head.body_bytes));
  const bool bodiless = head.method == "GET" || head.method == "HEAD" || head.method == "OPTIONS" || head.method == "DELETE";
  FUZZ_CHECK(!bodiless || head.body_bytes == 0, std::string(head.method) + " with a body of " + std::to_string(head.body_bytes));

  // Whatever follows the head (a body, the next request) does not change it.
  const std::string longer = std::string(bytes.substr(0, end)) + "X";
  FUZZ_CHECK(same_verdict(http::parse_request_head(longer, limits), parse), "a byte after the head changes the verdict: " + describe(parse));
  // The head cut before its end is incomplete, wherever the cut falls: the whole head less one byte,
  // just after the request line's CR, half of it, and a cut chosen by the input's own bytes.
  const std::size_t cuts[] = {end - 1, bytes.find('\r', head.skipped) + 1, end / 2,
                              (static_cast<unsigned char>(bytes[0]) * 131u + bytes.size()) % end};
  for (std::size_t cut : cuts) {
    const HeadParse part = http::parse_request_head(bytes.substr(0, cut), limits);
    FUZZ_CHECK(part.state == HeadParse::State::incomplete, "the first " + std::to_string(cut) + " of " + std::to_string(end) + " head bytes give " +
                                                               describe(part) + ", the whole head " + describe(parse));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = fuzz::as_text(data, size);
  check(bytes, http::HeadLimits{});
  http::HeadLimits tiny;
  tiny.max_request_line = 40;
  tiny.max_head_bytes = 200;
  tiny.max_header_lines = 6;
  tiny.max_body_bytes = 1000;
  check(bytes, tiny);
  return 0;
}
