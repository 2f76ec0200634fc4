// The sync routes (docs/sync.md): a signed-in student's devices push the records of their progress
// logs and pull what the other devices pushed. Both are safe to retry at any point: events are
// stored by the id their device chose, and a pull only reads.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "accounts_api.hpp"
#include "store/sync_store.hpp"

namespace httplib {
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace umuhanda {

class SyncApi {
public:
  using LogSink = std::function<void(const std::string&)>;
  SyncApi(SyncStore& store, AccountsApi& accounts, LogSink log) : m_store(store), m_accounts(accounts), m_log(std::move(log)) {}

  // POST /api/v1/sync/push, admitted before its body is read (ServerApp::admit_before_body:
  // JSON, at most kMaxPushBytes, a session, same origin).
  void push(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, std::int64_t user_id);
  // GET /api/v1/sync/events?after=CURSOR&limit=N
  void pull(const httplib::Request& req, httplib::Response& res);

  // 500 events of the largest kind (an exam attempt of 50 questions is about 1.5 KB) fit.
  static constexpr std::size_t kMaxPushBytes = 1024 * 1024;
  static constexpr std::size_t kDefaultPullLimit = 500;
  static constexpr std::size_t kMaxPullLimit = 1000;

private:
  SyncStore& m_store;
  AccountsApi& m_accounts;
  LogSink m_log;
};

}  // namespace umuhanda
