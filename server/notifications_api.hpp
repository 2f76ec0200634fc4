// The inbox routes (docs/api.md, "Notifications"): a signed-in person's notifications, newest
// first, with the unread count, and marking them read.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "jobs/time_zone.hpp"
#include "store/notification_store.hpp"

namespace httplib {
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace umuhanda {

struct Caller;  // server_app.hpp

class NotificationsApi {
public:
  using LogSink = std::function<void(const std::string&)>;
  // `zone` and `school` word each notification as its email would be (times in the school's zone).
  NotificationsApi(NotificationStore& store, TimeZone zone, std::string school, LogSink log)
      : m_store(store), m_zone(std::move(zone)), m_school(std::move(school)), m_log(std::move(log)) {}

  // ?language=en|fr|rw: each notification comes with its wording in that language (English for
  // any other, and where the template is a draft), as `text` {"language", "subject", "summary"}.
  void inbox(const httplib::Request& req, httplib::Response& res, const Caller& caller);
  // {"up_to": id}: that notification and every older one are read (admitted before the body:
  // JSON, at most kMaxBodyBytes, the caller's session from this server's pages).
  void mark_read(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller);

  static constexpr std::size_t kMaxBodyBytes = 1024;

private:
  NotificationStore& m_store;
  TimeZone m_zone;
  std::string m_school;
  LogSink m_log;
};

// A notification as the API and the live stream send it.
nlohmann::json notification_json(const Notification& notification);

}  // namespace umuhanda
