// at_low_priority runs the work on a thread of lower priority, returns its result, passes its
// exception on, and leaves the calling thread's priority alone.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>
#include <algorithm>
#include <stdexcept>

#include "low_priority.hpp"

namespace umuhanda {
namespace {

int nice_of_this_thread() { return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())); }

TEST(LowPriority, TheWorkRunsNicerOnAnotherThreadAndItsResultComesBack) {
  const int before = nice_of_this_thread();
  const pid_t caller = ::gettid();
  const auto [work_thread, work_nice] = at_low_priority([] { return std::pair{::gettid(), nice_of_this_thread()}; });
  EXPECT_NE(work_thread, caller);
  // Raising nice is always allowed; a process already nicer than 10 keeps its own value.
  EXPECT_EQ(work_nice, std::max(before, kLowPriorityNice));
  EXPECT_EQ(nice_of_this_thread(), before);
}

TEST(LowPriority, AnExceptionOfTheWorkReachesTheCaller) {
  EXPECT_THROW(at_low_priority([]() -> int { throw std::runtime_error("out of memory, say"); }), std::runtime_error);
}

}  // namespace
}  // namespace umuhanda
