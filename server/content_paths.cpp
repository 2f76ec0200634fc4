#include "content_paths.hpp"

namespace umuhanda {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// [a-z0-9][a-z0-9._-]{0,63}
bool is_pack_id(std::string_view id) {
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (id.empty() || id.size() > 64 || !lower_or_digit(id.front())) return false;
  for (char c : id.substr(1)) {
    if (!lower_or_digit(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

// [0-9]{1,9}: fits an int.
bool parse_version_digits(std::string_view digits, int& version) {
  if (digits.empty() || digits.size() > 9) return false;
  version = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    version = version * 10 + (c - '0');
  }
  return true;
}

// [0-9a-f]{64}
bool is_sha256(std::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

ContentPath parse_content_path(std::string_view path) {
  using Kind = ContentPath::Kind;
  auto kind = [](Kind k, std::string_view pack_id = {}, int version = 0) {
    ContentPath result;
    result.kind = k;
    result.pack_id = pack_id;
    result.version = version;
    return result;
  };
  if (!starts_with(path, "/api/")) return kind(Kind::not_api);
  if (path == "/api/v1/packs") return kind(Kind::catalog);
  if (path == "/api/v1/me") return kind(Kind::me);
  constexpr std::string_view kMedia = "/api/v1/media/";
  if (starts_with(path, kMedia)) {
    ContentPath media = kind(Kind::media);
    media.sha256 = path.substr(kMedia.size());
    return is_sha256(media.sha256) ? media : kind(Kind::other_api);
  }
  constexpr std::string_view kPacks = "/api/v1/packs/";
  if (!starts_with(path, kPacks)) return kind(Kind::other_api);
  const std::string_view rest = path.substr(kPacks.size());
  const std::size_t slash = rest.find('/');
  const std::string_view id = rest.substr(0, slash);
  if (!is_pack_id(id)) return kind(Kind::other_api);
  if (slash == std::string_view::npos) return kind(Kind::latest_pack, id);
  const std::string_view tail = rest.substr(slash);
  if (tail == "/versions") return kind(Kind::pack_versions, id);
  if (tail == "/sample") return kind(Kind::pack_sample, id);
  int version = 0;
  if (starts_with(tail, "/v/") && parse_version_digits(tail.substr(3), version)) return kind(Kind::pack_version, id, version);
  return kind(Kind::other_api);
}

}  // namespace umuhanda
