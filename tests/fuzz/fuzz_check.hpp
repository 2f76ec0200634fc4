// FUZZ_CHECK: an invariant a fuzz target checks beyond "no crash". A broken one prints what broke
// and where, then aborts: libFuzzer records the input as a crash, the replay test fails.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "umuhanda/diagnostic.hpp"

namespace umuhanda::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const std::string& what) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what.c_str());
  std::fflush(stderr);
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) { return {reinterpret_cast<const char*>(data), size}; }

}  // namespace umuhanda::fuzz

// `what` is evaluated only when the check fails, so it may build an expensive message.
#define FUZZ_CHECK(condition, what)                                                  \
  do {                                                                               \
    if (!(condition)) ::umuhanda::fuzz::fail(__FILE__, __LINE__, std::string(what)); \
  } while (0)

namespace umuhanda::fuzz {

// A refused input is refused with reasons: at least one error, each with a message, and (when the
// parser promises one) a location starting with `path_prefix`.
inline void check_refusal(const Diagnostics& errors, std::string_view path_prefix = {}) {
  FUZZ_CHECK(!errors.empty(), "a failure without any diagnostic");
  FUZZ_CHECK(has_errors(errors), "a failure made only of warnings: " + to_string(errors));
  for (const Diagnostic& diagnostic : errors) {
    FUZZ_CHECK(!diagnostic.message.empty(), "a diagnostic without a message at \"" + diagnostic.path + "\"");
    FUZZ_CHECK(diagnostic.path.starts_with(path_prefix),
               "an unlocated diagnostic (expected a path starting with \"" + std::string(path_prefix) + "\"): " + to_string(diagnostic));
  }
}

}  // namespace umuhanda::fuzz
