// The people routes (docs/api.md, "People"): an admin finds an account by name or phone, sees its
// subscriptions and payment requests, changes its role, and ends a student's access early. Grants,
// disabling, enabling and reset codes have their own routes (payments_api, accounts_api); every
// decision is audited by the stores in its own transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "store/account_store.hpp"
#include "store/subscription_store.hpp"

namespace httplib {
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace umuhanda {

struct Caller;  // server_app.hpp

class PeopleApi {
public:
  using LogSink = std::function<void(const std::string&)>;
  PeopleApi(AccountStore& accounts, SubscriptionStore& subscriptions, LogSink log)
      : m_accounts(accounts), m_subscriptions(subscriptions), m_log(std::move(log)) {}

  // GET /api/v1/admin/users?q=words&role=student: at most 50, each with its running subscription.
  void search(const httplib::Request& req, httplib::Response& res, const Caller& caller);
  // GET /api/v1/admin/users/{id}: the account, its subscriptions and its payment requests.
  void show(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t user_id);
  // POST /api/v1/users/{id}/role {"role": "instructor"}: not one's own (an admin cannot lock the
  // school out by demoting the last admin, themselves).
  void set_role(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                std::int64_t user_id);
  // POST /api/v1/users/{id}/subscriptions/end {"note": "refunded"}: the running subscription and
  // any renewal after it end now.
  void end_subscription(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                        std::int64_t user_id);

  static constexpr std::size_t kMaxBodyBytes = 4 * 1024;

private:
  bool admin_only(httplib::Response& res, const Caller& caller);

  AccountStore& m_accounts;
  SubscriptionStore& m_subscriptions;
  LogSink m_log;
};

}  // namespace umuhanda
