// ElasticThreadPool: the workers that serve slow clients the blocking way (HttpServer hands them a
// connection whose request arrived in part, or whose answer the socket would not take whole). A
// fixed pool would let a few slow senders hold every thread (docs/toolchain.md measured a 5-19 s stall
// with cpp-httplib's): this one keeps `min_threads` warm and starts more, up to `max_threads`,
// whenever no thread is free. Extra threads end after an idle minute.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace umuhanda {

class ElasticThreadPool final : public httplib::TaskQueue {
public:
  ElasticThreadPool(std::size_t min_threads, std::size_t max_threads);
  ~ElasticThreadPool() override;

  void enqueue(std::function<void()> task) override;
  // As enqueue, unless every one of max_threads is busy: then false and the task is not kept, so
  // the caller can refuse the work (a 503) instead of queueing it behind slow clients.
  bool try_enqueue(std::function<void()>& task);
  void shutdown() override;

private:
  void work(bool permanent);

  const std::size_t m_min_threads;
  const std::size_t m_max_threads;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<std::function<void()>> m_tasks;
  std::vector<std::thread> m_threads;
  std::size_t m_live = 0;
  std::size_t m_idle = 0;
  bool m_stopping = false;
};

}  // namespace umuhanda
