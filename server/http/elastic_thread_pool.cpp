// The elastic pool's workers.
#include "elastic_thread_pool.hpp"

#include <chrono>

namespace umuhanda {

ElasticThreadPool::ElasticThreadPool(std::size_t min_threads, std::size_t max_threads)
    : m_min_threads(min_threads), m_max_threads(std::max(min_threads, max_threads)) {
  std::lock_guard lock(m_mutex);
  for (std::size_t i = 0; i < m_min_threads; ++i) {
    ++m_live;
    m_threads.emplace_back([this] { work(true); });
  }
}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

void ElasticThreadPool::enqueue(std::function<void()> task) {
  std::lock_guard lock(m_mutex);
  if (m_stopping) return;
  m_tasks.push_back(std::move(task));
  if (m_idle >= m_tasks.size() || m_live >= m_max_threads) {
    m_wake.notify_one();
    return;
  }
  ++m_live;
  m_threads.emplace_back([this] { work(false); });
}

bool ElasticThreadPool::try_enqueue(std::function<void()>& task) {
  std::lock_guard lock(m_mutex);
  if (m_stopping || (m_live >= m_max_threads && m_idle <= m_tasks.size())) return false;
  m_tasks.push_back(std::move(task));
  if (m_idle >= m_tasks.size()) {
    m_wake.notify_one();
    return true;
  }
  ++m_live;
  m_threads.emplace_back([this] { work(false); });
  return true;
}

void ElasticThreadPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping && m_threads.empty()) return;
    m_stopping = true;
    threads.swap(m_threads);
  }
  m_wake.notify_all();
  for (auto& thread : threads) {
    if (thread.joinable()) thread.join();
  }
}

void ElasticThreadPool::work(bool permanent) {
  std::unique_lock lock(m_mutex);
  for (;;) {
    ++m_idle;
    bool woke = permanent ? (m_wake.wait(lock, [this] { return m_stopping || !m_tasks.empty(); }), true)
                          : m_wake.wait_for(lock, std::chrono::minutes(1), [this] { return m_stopping || !m_tasks.empty(); });
    --m_idle;
    // Finish queued work before stopping, as httplib's own pool does.
    if (m_tasks.empty() && (m_stopping || !woke)) break;
    auto task = std::move(m_tasks.front());
    m_tasks.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
  --m_live;
  // An extra thread that ends on its own detaches itself: nobody else will join it.
  if (!m_stopping) {
    for (auto it = m_threads.begin(); it != m_threads.end(); ++it) {
      if (it->get_id() == std::this_thread::get_id()) {
        it->detach();
        m_threads.erase(it);
        break;
      }
    }
  }
}

}  // namespace umuhanda
