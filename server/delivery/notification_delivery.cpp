// The notifications.deliver job (see notification_delivery.hpp).
#include "delivery/notification_delivery.hpp"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "delivery/email_message.hpp"
#include "delivery/notification_facts.hpp"
#include "umuhanda/notification_text.hpp"

namespace umuhanda {
namespace {

constexpr const char* kUnreachable = "could not reach it";

struct Recipient {
  std::int64_t user_id = 0;
  std::string name;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::string language;
  std::string role;
  bool disabled = false;
};

struct Stored {
  std::int64_t id = 0;
  std::string kind;
  nlohmann::json data;
  std::int64_t created_at = 0;
  Recipient to;
  std::set<std::string> delivered;  // channels
  std::string plan_names;           // JSON {"en": ..., "fr": ...} of the plan it names, or ""
};

Expected<std::optional<Stored>> load(Database& db, std::int64_t id) {
  auto query = db.prepare(
      "SELECT n.kind, n.data, n.created_at, u.id, u.name, u.phone, u.email, u.language, u.role, u.disabled_at IS NOT NULL"
      " FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id = ?1");
  if (!query) return query.errors();
  query->bind(1, id);
  auto row = query->step();
  if (!row) return row.errors();
  if (!row.value()) return std::optional<Stored>();  // gone with its account: nothing to send
  Stored stored;
  stored.id = id;
  stored.kind = query->column_text(0);
  stored.data = nlohmann::json::parse(query->column_text(1), nullptr, false);
  if (!stored.data.is_object()) stored.data = nlohmann::json::object();
  stored.created_at = query->column_int(2);
  stored.to = Recipient{query->column_int(3),  query->column_text(4), query->column_optional_text(5), query->column_optional_text(6),
                        query->column_text(7), query->column_text(8), query->column_int(9) != 0};
  query->reset();
  auto sent = db.prepare("SELECT channel FROM deliveries WHERE notification_id = ?1");
  if (!sent) return sent.errors();
  sent->bind(1, id);
  auto channels = read_rows<std::string>(sent.value(), [](const Statement& channel) { return channel.column_text(0); });
  if (!channels) return channels.errors();
  sent->reset();
  stored.delivered.insert(channels->begin(), channels->end());
  if (stored.data.contains("plan") && stored.data["plan"].is_string()) {
    auto plan = db.prepare("SELECT names FROM plans WHERE slug = ?1");
    if (!plan) return plan.errors();
    plan->bind(1, stored.data["plan"].get<std::string>());
    auto found = plan->step();
    if (!found) return found.errors();
    if (found.value()) stored.plan_names = plan->column_text(0);
    plan->reset();
  }
  return std::optional<Stored>(std::move(stored));
}

}  // namespace

std::string webhook_signature(const std::string& secret, std::int64_t timestamp, const std::string& body) {
  const std::string signed_text = std::to_string(timestamp) + "." + body;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return "sha256=" + std::string(hex);
}

NotificationDelivery::NotificationDelivery(Database& writer, std::mutex& writer_mutex, ReadConnections& readers, DeliverySettings settings,
                                           TimeZone zone, const Clock& clock)
    : m_writer(writer),
      m_writer_mutex(writer_mutex),
      m_readers(readers),
      m_settings(std::move(settings)),
      m_zone(std::move(zone)),
      m_clock(clock),
      m_sender(mailbox_address(m_settings.mail_from).value_or("")) {}

JobResult NotificationDelivery::deliver(const Job& job) {
  const std::string where = "job " + std::to_string(job.id);
  const auto args = nlohmann::json::parse(job.args, nullptr, false);
  if (!args.is_object() || !args.contains("notification") || !args["notification"].is_number_integer())
    return JobResult::failure(where + " args.notification", "a notifications.deliver job needs the notification's id (a number)");
  const std::int64_t id = args["notification"].get<std::int64_t>();
  if (!sends_anything()) return {};
  auto loaded = m_readers.with([id](Database& db) { return load(db, id); });
  if (!loaded) return loaded.errors();
  if (!loaded->has_value()) return {};
  const Stored& stored = loaded->value();
  if (stored.to.disabled) return {};  // a disabled account is told nothing more

  auto record = [&](const char* channel, std::string_view language) -> Expected<void> {
    std::lock_guard lock(m_writer_mutex);
    return in_transaction(m_writer, [&](Database& db) -> Expected<void> {
      auto insert = db.prepare(
          "INSERT INTO deliveries (notification_id, channel, sent_at_ms, detail) VALUES (?1, ?2, ?3, ?4)"
          " ON CONFLICT (notification_id, channel) DO NOTHING");
      if (!insert) return insert.errors();
      insert->bind(1, id).bind(2, channel).bind(3, m_clock.now_ms()).bind(4, language);
      return insert->run();
    });
  };

  const std::string_view language = wording_language(stored.kind, stored.to.language);
  auto worded = word_notification(stored.kind, stored.to.language,
                                  notification_facts(stored.data, stored.plan_names, stored.to.name, language, m_zone, m_settings.school_name));
  Diagnostics failures;

  if (m_settings.smtp && stored.to.email && worded && !stored.delivered.contains("email")) {
    if (m_clock.now_ms() < m_email_down_until.load()) {
      failures.push_back(error("email", "not tried: the SMTP server could not be reached a moment ago"));
    } else {
      const EmailMessage message{m_settings.mail_from,
                                 *stored.to.email,
                                 worded->subject,
                                 worded->body,
                                 "<notification-" + std::to_string(id) + "." + std::to_string(stored.created_at) + "@umuhanda>",
                                 m_clock.now_ms() / 1000};
      auto sent = send_mail(*m_settings.smtp, m_sender, *stored.to.email, compose_email(message));
      if (!sent) {
        if (sent.errors()[0].message.find(kUnreachable) != std::string::npos) m_email_down_until = m_clock.now_ms() + m_settings.unreachable_pause_ms;
        failures.insert(failures.end(), sent.errors().begin(), sent.errors().end());
      } else if (auto recorded = record("email", worded->language); !recorded) {
        return recorded.errors();
      }
    }
  }

  if (m_settings.webhook && !stored.delivered.contains("webhook")) {
    if (m_clock.now_ms() < m_webhook_down_until.load()) {
      failures.push_back(error("webhook", "not tried: the webhook could not be reached a moment ago"));
    } else {
      nlohmann::json message = {
          {"id", id},
          {"kind", stored.kind},
          {"created_at", stored.created_at},
          {"to",
           {{"user_id", stored.to.user_id},
            {"name", stored.to.name},
            {"phone", stored.to.phone ? nlohmann::json(*stored.to.phone) : nlohmann::json()},
            {"email", stored.to.email ? nlohmann::json(*stored.to.email) : nlohmann::json()},
            {"language", stored.to.language},
            {"role", stored.to.role}}},
          {"text", worded ? nlohmann::json{{"language", worded->language}, {"subject", worded->subject}, {"body", worded->body}} : nlohmann::json()},
          {"data", stored.data}};
      const std::string body = message.dump();
      const std::int64_t timestamp = m_clock.now_ms() / 1000;
      std::vector<std::string> headers = {"X-Umuhanda-Delivery: " + std::to_string(id), "X-Umuhanda-Timestamp: " + std::to_string(timestamp)};
      if (!m_settings.webhook_secret.empty())
        headers.push_back("X-Umuhanda-Signature: " + webhook_signature(m_settings.webhook_secret, timestamp, body));
      auto posted = post_json(*m_settings.webhook, body, headers);
      if (!posted) {
        if (posted.errors()[0].message.find(kUnreachable) != std::string::npos)
          m_webhook_down_until = m_clock.now_ms() + m_settings.unreachable_pause_ms;
        failures.insert(failures.end(), posted.errors().begin(), posted.errors().end());
      } else if (posted.value() < 200 || posted.value() > 299) {
        failures.push_back(error("webhook", "the webhook answered " + std::to_string(posted.value()) + ", not 2xx: tried again later"));
      } else if (auto recorded = record("webhook", worded ? worded->language : stored.to.language); !recorded) {
        return recorded.errors();
      }
    }
  }
  if (!failures.empty()) return failures;
  return {};
}

}  // namespace umuhanda
