// Runs CPU-heavy request work (an upload's unzip, validation, hashing and brotli 11: seconds for a
// large pack) on a thread of its own at a lower scheduling priority, and waits for it. The event
// threads answering every other client then get the CPU first: on one core, an upload at the same
// priority took half of it and tripled the p99 of 304 revalidations (tools/bench/server_vs_nginx.sh,
// BENCH_PINNED=1). A fresh thread because an unprivileged process may raise its nice value but
// never lower it again, so a pooled worker could not return to normal priority.
#pragma once

#include <exception>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include <sys/resource.h>
#include <unistd.h>

namespace umuhanda {

// Linux nice value of the work's thread (0 is normal, 19 the lowest): CFS then weighs it 110
// against an event thread's 1024, about 10% of a contended core.
inline constexpr int kLowPriorityNice = 10;

template <class Work>
std::invoke_result_t<Work&> at_low_priority(Work work) {
  std::optional<std::invoke_result_t<Work&>> result;
  std::exception_ptr failure;
  std::thread thread([&] {
    // On failure (a seccomp filter, say) the work runs at normal priority: slower neighbours, same result.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kLowPriorityNice);
    try {
      result.emplace(work());
    } catch (...) {
      failure = std::current_exception();  // std::bad_alloc: for the server's exception handler
    }
  });
  thread.join();
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

}  // namespace umuhanda
