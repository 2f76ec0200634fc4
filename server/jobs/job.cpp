// Job states by name and the retry curve (see job.hpp).
#include "jobs/job.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace umuhanda {
namespace {
constexpr std::array<std::string_view, 4> kStateNames = {"available", "running", "done", "dead"};
}

std::string_view to_string(JobState state) { return kStateNames[static_cast<std::size_t>(state)]; }

std::optional<JobState> job_state_from(std::string_view name) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<JobState>(i);
  }
  return std::nullopt;
}

std::int64_t retry_delay_ms(int attempt, double jitter, double scale) {
  const double a = std::max(1, attempt);
  const double seconds = (15.0 + a * a * a * a) * scale;
  const double spread = 1.0 + 0.2 * (std::clamp(jitter, 0.0, 1.0) - 0.5);
  return std::max<std::int64_t>(1, std::llround(seconds * spread * 1000.0));
}

}  // namespace umuhanda
