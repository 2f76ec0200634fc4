// Fuzzes import_aiken (aiken_format.cpp): Moodle Aiken text, a question, lettered choices and
// ANSWER:.
// The checks beyond "no crash" are import_fuzz.hpp's: located refusals, imports that validate, and
// an export that imports again.
#include "import_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return umuhanda::fuzz::fuzz_import(umuhanda::ExchangeFormat::aiken, data, size);
}
