// GET /api/v1/packs/{pack}/item-statistics (docs/api.md, "Item statistics"), staff only: the
// statistics of the pack's questions (umuhanda/item_statistics.hpp) over the mock exams students
// synced and the scheduled exams they submitted. Kept up to date incrementally: each request reads
// only the attempts stored since the last one, and scores again only when the pack's version
// changed (the key of its questions may have).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "content_store.hpp"
#include "store/attempt_reader.hpp"
#include "umuhanda/item_statistics.hpp"
#include "umuhanda/pack.hpp"
#include "umuhanda/progress_log.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace umuhanda {

class ItemStatisticsApi {
public:
  using LogSink = std::function<void(const std::string&)>;
  ItemStatisticsApi(AttemptReader& attempts, ContentStore& content, LogSink log) : m_attempts(attempts), m_content(content), m_log(std::move(log)) {}

  // Called with the caller ServerApp authenticated as staff. ?attempts=first (the default) or all.
  void show(const httplib::Request& req, httplib::Response& res, const std::string& pack_id);

  // Synced attempts read per query while catching up.
  static constexpr std::size_t kAttemptsPerRead = 2000;

private:
  struct SyncedAttempt {
    std::int64_t user_id = 0;
    ExamAttemptRecord record;
  };
  // One pack's synced attempts scored against its current version.
  struct ScoredPack {
    int version = 0;
    std::shared_ptr<const Pack> pack;
    std::map<std::string, QuestionKey, std::less<>> keys;
    std::size_t scored_upto = 0;  // m_synced[0 .. scored_upto) are looked at
    std::vector<ScoredAttempt> attempts;
  };

  // Reads what was stored since the last look (under m_mutex); starts again from nothing when an
  // account whose attempts are held was deleted.
  Expected<void> catch_up();
  Expected<ScoredPack*> scored_pack(const std::string& pack_id, int version);
  // The scheduled exams of the pack, each scored against its own frozen paper.
  Expected<std::vector<ScoredAttempt>> scheduled_attempts(const std::string& pack_id, std::map<std::string, std::string>& names);

  AttemptReader& m_attempts;
  ContentStore& m_content;
  LogSink m_log;

  std::mutex m_mutex;
  std::int64_t m_cursor = 0;
  std::vector<SyncedAttempt> m_synced;
  std::set<std::int64_t> m_users;  // whose attempts m_synced holds
  std::map<std::string, ScoredPack, std::less<>> m_packs;
  std::map<std::int64_t, std::shared_ptr<const Pack>> m_papers;  // scheduled exams' frozen papers, by exam id
};

}  // namespace umuhanda
