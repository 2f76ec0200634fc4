// Fuzzes parse_pack_json (pack_json.cpp): every pack.json that arrives (upload, folder,
// zip, client sync) goes through it first. Beyond "no crash": a refusal carries located errors; a
// parsed pack runs through validate_pack(), and its canonical JSON parses back to an equal pack
// and is a fixed point (the ETag of a pack depends on it).
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/pack_validation.hpp"

using namespace umuhanda;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = parse_pack_json(fuzz::as_text(data, size));
  if (!parsed) {
    fuzz::check_refusal(parsed.errors());
    return 0;
  }
  const Diagnostics rules = validate_pack(parsed.value());
  for (const Diagnostic& diagnostic : rules) FUZZ_CHECK(!diagnostic.message.empty(), "a validation diagnostic without a message");

  const std::string canonical = to_json(parsed.value());
  auto again = parse_pack_json(canonical);
  FUZZ_CHECK(again.ok(), "the canonical JSON of a parsed pack does not parse: " + to_string(again.errors()) + "\n" + canonical);
  FUZZ_CHECK(again.value() == parsed.value(), "parse(to_json(pack)) differs from pack:\n" + canonical);
  FUZZ_CHECK(to_json(again.value()) == canonical, "to_json is not a fixed point:\n" + canonical);
  FUZZ_CHECK(validate_pack(again.value()) == rules, "validation differs after a round trip:\n" + canonical);
  return 0;
}
