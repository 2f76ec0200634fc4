// Reading one header out of a raw response-header block, and judging a body's completeness by it.
// Platform-free, so it is the same code whatever HttpClient produced the block.
#include <cctype>
#include <charconv>
#include <cstdint>

#include "platform/http_client.hpp"

namespace umuhanda {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> find_response_header(std::string_view all_headers, std::string_view name) {
  while (!all_headers.empty()) {
    const std::size_t end = all_headers.find('\n');
    std::string_view line = all_headers.substr(0, end);
    all_headers = end == std::string_view::npos ? std::string_view() : all_headers.substr(end + 1);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (same_name(trim(line.substr(0, colon)), name)) return std::string(trim(line.substr(colon + 1)));
  }
  return std::nullopt;
}

bool response_body_is_complete(std::string_view all_headers, std::size_t body_size) {
  const auto encoding = find_response_header(all_headers, "Content-Encoding");
  if (encoding && !encoding->empty() && *encoding != "identity") return true;
  const auto length_text = find_response_header(all_headers, "Content-Length");
  if (!length_text) return true;
  std::uint64_t length = 0;
  const auto [end, failure] = std::from_chars(length_text->data(), length_text->data() + length_text->size(), length);
  if (failure != std::errc() || end != length_text->data() + length_text->size()) return true;
  return length == body_size;
}

}  // namespace umuhanda
