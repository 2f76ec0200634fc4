// Fuzzes parse_rollback_body (server/request_bodies.cpp): the JSON body of
// POST /api/v1/packs/{id}/rollback, from an instructor's client. Beyond "no crash": a refusal says
// why; an accepted body names a version from 1 to 2^31-1 that is exactly the JSON's "version"
// (never a wrapped or rounded one).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "request_bodies.hpp"

using namespace umuhanda;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = fuzz::as_text(data, size);
  auto version = parse_rollback_body(body);
  if (!version) {
    fuzz::check_refusal(version.errors());
    return 0;
  }
  FUZZ_CHECK(version.value() >= 1, "accepted version " + std::to_string(version.value()));
  const auto json = nlohmann::json::parse(body, nullptr, false);
  FUZZ_CHECK(!json.is_discarded() && json.is_object() && json.contains("version"), "accepted a body without a version");
  const auto& field = json["version"];
  const bool exact = field.is_number_unsigned() ? field.get<std::uint64_t>() == static_cast<std::uint64_t>(version.value())
                                                : field.is_number_integer() && field.get<std::int64_t>() == version.value();
  FUZZ_CHECK(exact, "accepted version " + std::to_string(version.value()) + " from " + field.dump());
  return 0;
}
