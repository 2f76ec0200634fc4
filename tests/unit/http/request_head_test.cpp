// parse_request_head: each RFC 9112 framing rule, refused with its status and a message that
// says where; whole heads, heads arriving in parts, and the limits.
#include <gtest/gtest.h>

#include <string>

#include "request_head.hpp"

namespace umuhanda::http {
namespace {

using State = HeadParse::State;

HeadParse parse(std::string_view bytes, HeadLimits limits = {}) { return parse_request_head(bytes, limits); }

// Refused with `status`, and the message names `where`.
void expect_refused(std::string_view bytes, int status, std::string_view where) {
  const HeadParse result = parse(bytes);
  ASSERT_EQ(result.state, State::refused) << "accepted: " << bytes;
  EXPECT_EQ(result.refusal.status, status) << result.refusal.message;
  EXPECT_NE(result.refusal.message.find(where), std::string::npos) << "message: " << result.refusal.message << "\nexpected to mention: " << where;
}

TEST(RequestHead, AWholeGetIsCompleteWithItsMethodTargetAndLength) {
  const std::string bytes = "GET /api/v1/packs?x=1 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\nNEXT";
  const HeadParse result = parse(bytes);
  ASSERT_EQ(result.state, State::complete) << result.refusal.message;
  EXPECT_EQ(result.head.method, "GET");
  EXPECT_EQ(result.head.target, "/api/v1/packs?x=1");
  EXPECT_FALSE(result.head.http10);
  EXPECT_EQ(result.head.head_bytes, bytes.size() - 4);
  EXPECT_EQ(result.head.body_bytes, 0u);
}

TEST(RequestHead, APostCarriesItsContentLength) {
  const HeadParse result = parse("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 42\r\n\r\n");
  ASSERT_EQ(result.state, State::complete);
  EXPECT_EQ(result.head.body_bytes, 42u);
}

TEST(RequestHead, EveryPrefixOfAValidHeadIsIncomplete) {
  const std::string bytes = "POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n";
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const HeadParse result = parse(bytes.substr(0, n));
    EXPECT_EQ(result.state, State::incomplete) << "prefix of " << n << " bytes: " << result.refusal.message;
  }
  EXPECT_EQ(parse(bytes).state, State::complete);
}

TEST(RequestHead, ALineAtTheLimitIsAcceptedHoweverItsBytesAreSplit) {
  // Found by the request_head fuzz target: cut right after the CR, a request line exactly at the
  // limit was taken as over it (414), while the whole head was accepted.
  HeadLimits limits;
  limits.max_request_line = 40;
  const std::string line = "GET /" + std::string(40 - 14, 'a') + " HTTP/1.1";
  ASSERT_EQ(line.size(), 40u);
  const std::string bytes = line + "\r\nHost: a\r\n\r\n";
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_EQ(parse(bytes.substr(0, n), limits).state, State::incomplete) << "prefix of " << n << " bytes";
  }
  EXPECT_EQ(parse(bytes, limits).state, State::complete);
  EXPECT_EQ(parse(line + "a\r", limits).refusal.status, 414);
}

TEST(RequestHead, OneLeadingEmptyLineIsSkippedAndCountedAndMoreAreRefused) {
  const HeadParse result = parse("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
  ASSERT_EQ(result.state, State::complete);
  EXPECT_EQ(result.head.skipped, 2u);
  EXPECT_EQ(result.head.method, "GET");
  expect_refused("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request line");
  expect_refused("\r\n\r\n\r\n", 400, "request line");
}

TEST(RequestHead, HeadOptionsGetAndDeleteWithABodyAreRefused) {
  for (const char* method : {"GET", "HEAD", "OPTIONS", "DELETE"}) {
    expect_refused(std::string(method) + " / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", 400, "takes no body");
  }
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").state, State::complete);
}

TEST(RequestHead, DifferingContentLengthsAreRefusedAndEqualOnesAccepted) {
  expect_refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400, "header line 3");
  expect_refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n", 400, "differs");
  const HeadParse same = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\ncontent-length: 5, 5\r\n\r\n");
  ASSERT_EQ(same.state, State::complete) << same.refusal.message;
  EXPECT_EQ(same.head.body_bytes, 5u);
}

TEST(RequestHead, AContentLengthThatIsNotAllDigitsIsRefused) {
  for (const char* value : {"+5", "-1", "5 5", "0x10", "", "5,", "1e3", "\xd9\xa5"}) {
    expect_refused(std::string("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ") + value + "\r\n\r\n", 400, "Content-Length");
  }
  expect_refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413, "too large");
}

TEST(RequestHead, TransferEncodingIsRefusedWithOrWithoutAContentLength) {
  expect_refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
                 "both Content-Length and Transfer-Encoding");
  expect_refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 411, "Content-Length");
  expect_refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "gzip");
  expect_refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n", 501, "xchunked");
  expect_refused("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "HTTP/1.0");
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 411, "chunked");
}

TEST(RequestHead, Http11NeedsExactlyOneHost) {
  expect_refused("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, "needs a Host");
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "more than one Host");
  EXPECT_EQ(parse("GET / HTTP/1.0\r\n\r\n").state, State::complete);
  expect_refused("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400, "more than one Host");
}

TEST(RequestHead, ObsFoldSpacesInNamesAndControlCharactersAreRefused) {
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n", 400, "header line 3");
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\t2\r\n\r\n", 400, "obsolete line folding");
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\n", 400, "not a token");
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\nX A: 1\r\n\r\n", 400, "header line 2");
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\n: empty\r\n\r\n", 400, "not a token");
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400, "has no ':'");
  expect_refused(std::string("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\0002\r\n\r\n", 35), 400, "control character");
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: a\r\nX-A: caf\xc3\xa9\t!\r\n\r\n").state, State::complete);
}

TEST(RequestHead, BareCrAndBareLfAreRefused) {
  expect_refused("GET / HTTP/1.1\r\nHost: a\rX-B: 1\r\n\r\n", 400, "bare CR");
  expect_refused("GET / HTTP/1.1\nHost: a\r\n\r\n", 400, "bare LF");
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\n\n", 400, "bare LF");
}

TEST(RequestHead, TheRequestLineMustBeMethodTargetVersionWithSingleSpaces) {
  expect_refused("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "single spaces");
  expect_refused("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400, "single spaces");
  expect_refused("GET /\r\nHost: a\r\n\r\n", 400, "request line");
  expect_refused("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "not a token");
  expect_refused("GET /caf\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n", 400, "printable ASCII");
  expect_refused("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "HTTP/2.0");
  expect_refused("GET / HTTX/1.1\r\nHost: a\r\n\r\n", 400, "not an HTTP version");
}

TEST(RequestHead, LimitsAreCheckedBeforeTheHeadIsWhole) {
  HeadLimits limits;
  limits.max_request_line = 100;
  limits.max_head_bytes = 300;
  limits.max_header_lines = 5;
  // A request line growing past its limit, with no CRLF yet.
  HeadParse result = parse("GET /" + std::string(200, 'a'), limits);
  ASSERT_EQ(result.state, State::refused);
  EXPECT_EQ(result.refusal.status, 414);
  // Header lines growing past the head limit, with no end yet.
  result = parse("GET / HTTP/1.1\r\nHost: a\r\nX-A: " + std::string(400, 'b'), limits);
  ASSERT_EQ(result.state, State::refused);
  EXPECT_EQ(result.refusal.status, 431);
  std::string many = "GET / HTTP/1.1\r\nHost: a\r\n";
  for (int i = 0; i < 6; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
  result = parse(many + "\r\n", limits);
  ASSERT_EQ(result.state, State::refused);
  EXPECT_EQ(result.refusal.status, 431);
  EXPECT_NE(result.refusal.message.find("more than 5 header lines"), std::string::npos) << result.refusal.message;
  limits.max_body_bytes = 10;
  result = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits);
  ASSERT_EQ(result.state, State::refused);
  EXPECT_EQ(result.refusal.status, 413);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n", limits).state, State::complete);
}

}  // namespace
}  // namespace umuhanda::http
