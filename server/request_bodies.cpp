// Parsing the JSON request bodies (see request_bodies.hpp).
#include "request_bodies.hpp"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

namespace umuhanda {

Expected<int> parse_rollback_body(std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Expected<int>::failure("", "send a JSON body {\"version\": N} naming the version to make current");
  }
  const auto version = json.find("version");
  if (version == json.end() || !version->is_number_integer()) {
    return Expected<int>::failure("version", "is missing or not a whole number: send {\"version\": N} naming the version to make current");
  }
  // nlohmann keeps a non-negative number as unsigned and a negative one as signed: read each as it
  // is kept, so 2^32 + 1 is refused rather than wrapped to version 1.
  constexpr std::int64_t kMax = std::numeric_limits<int>::max();
  const bool in_range = version->is_number_unsigned()
                            ? version->get<std::uint64_t>() >= 1 && version->get<std::uint64_t>() <= static_cast<std::uint64_t>(kMax)
                            : version->get<std::int64_t>() >= 1 && version->get<std::int64_t>() <= kMax;
  if (!in_range) {
    return Expected<int>::failure("version", "is " + version->dump() + ", not a pack version (1 to 2147483647): send {\"version\": N}");
  }
  return static_cast<int>(version->get<std::int64_t>());
}

}  // namespace umuhanda
