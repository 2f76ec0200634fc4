// The contact form and the staff's list of what was sent (docs/api.md, "Contact messages"): anyone
// writes to the school (a question, an error in the app or a question's content, a payment) from
// this server's pages; staff see each message with a status (new, in progress, resolved) and are
// told of each new one.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "rate_limiter.hpp"
#include "store/account_store.hpp"
#include "store/contact_store.hpp"

namespace httplib {
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace umuhanda {

struct Caller;  // server_app.hpp

class ContactApi {
public:
  using LogSink = std::function<void(const std::string&)>;
  ContactApi(ContactStore& store, LogSink log) : m_store(store), m_log(std::move(log)) {}

  // POST /api/v1/contact {"topic", "message", "name", "reply_to", "context"}: `sender` is the
  // signed-in account, if any (then name and reply_to may be left out). At most 5 messages per
  // address in 10 minutes.
  void submit(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const std::optional<User>& sender);
  // GET /api/v1/contact[?status=new|in_progress|resolved], staff.
  void list(const httplib::Request& req, httplib::Response& res);
  // POST /api/v1/contact/{id} {"status"}, staff.
  void set_status(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                  std::int64_t id);

  static constexpr std::size_t kMaxBodyBytes = 32 * 1024;
  static constexpr std::size_t kMaxMessageCodePoints = 4000;

private:
  ContactStore& m_store;
  LogSink m_log;
  FailureRateLimiter m_by_address{5, std::chrono::minutes(10)};
};

}  // namespace umuhanda
