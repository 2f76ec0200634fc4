// NotificationDelivery: the `notifications.deliver` job. Each new notification enqueues one in its
// own transaction (add_notification); this sends it by email (to a recipient who gave an address)
// and to the school's webhook (its WhatsApp or SMS gateway), worded in the recipient's language.
//
// A channel that worked is recorded in `deliveries` at once, in its own transaction, so a job run
// again (a retry after the other channel failed, or after the server died) sends only what is
// missing. A failure fails the job, which the queue retries with its backoff (jobs.md); a channel
// that just failed to connect is not tried again for 30 s (unreachable_pause_ms), so a mail server that is down costs one
// timeout, not one per waiting message.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include "delivery/curl_transport.hpp"
#include "jobs/sqlite_job_store.hpp"
#include "jobs/time_zone.hpp"
#include "sqlite_database.hpp"
#include "umuhanda/clock.hpp"

namespace umuhanda {

struct DeliverySettings {
  std::string school_name = "Umuhanda";  // signs every message
  std::optional<SmtpSettings> smtp;      // none: no email
  std::string mail_from;                 // "Kigali Driving School <no-reply@school.rw>"
  std::optional<WebhookSettings> webhook;
  std::string webhook_secret;                 // signs each webhook message (HMAC-SHA256); empty: unsigned
  std::int64_t unreachable_pause_ms = 30000;  // a channel not reached is not tried again this long (tests shrink it)
};

// The signature header's value for a webhook message sent at `timestamp`: "sha256=" and the hex
// HMAC-SHA256 of "<timestamp>.<body>" under `secret` (docs/notifications.md shows a receiver
// checking it).
std::string webhook_signature(const std::string& secret, std::int64_t timestamp, const std::string& body);

class NotificationDelivery {
public:
  NotificationDelivery(Database& writer, std::mutex& writer_mutex, ReadConnections& readers, DeliverySettings settings, TimeZone zone,
                       const Clock& clock);

  // The job's handler (JobHandler::outside): args {"notification": id}.
  JobResult deliver(const Job& job);

  bool sends_anything() const { return m_settings.smtp.has_value() || m_settings.webhook.has_value(); }

private:
  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;
  DeliverySettings m_settings;
  TimeZone m_zone;
  const Clock& m_clock;
  std::string m_sender;  // the bare address of mail_from
  // Until when (clock ms) a channel that failed to connect is skipped.
  std::atomic<std::int64_t> m_email_down_until{0};
  std::atomic<std::int64_t> m_webhook_down_until{0};
};

}  // namespace umuhanda
