// The school's people as an admin manages them (docs/staff.md, "People"): find an account by name
// or phone (as Rwandans type it: 0781...), see its role, state and running plan, open it to see its
// subscriptions, payment requests and audit trail, and change its role, grant a plan or end one
// early. The audit log of the whole school is here too. Online only; nothing is stored on the
// device (it is other people's data). Reset codes and disabling go through Classes, which already
// speaks those routes.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/account.hpp"
#include "app/payments.hpp"  // PaymentRecord, RunningPlan
#include "platform/http_client.hpp"

namespace umuhanda {

struct PersonSummary {
  std::int64_t id = 0;
  std::string name;
  std::string phone;  // E.164, "" when none
  std::string email;
  std::string role;  // "student", "instructor", "admin"
  bool disabled = false;
  std::int64_t created_at = 0;
  std::optional<RunningPlan> subscription;  // students' running plan
};

struct SubscriptionRecord {
  std::int64_t id = 0;
  std::string plan_slug;
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;
  bool ended = false;
  bool from_payment = false;
};

struct AuditRecord {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_id;  // nullopt: the server itself
  std::string actor_name;                // "" when the server, or a deleted account
  std::string action;                    // "payment.approved", "user.role_changed", ...
  std::string subject;                   // "payment:12", "user:7", "plan:weekly"
  nlohmann::json details = nlohmann::json::object();
};

// One line an owner reads: "Kalisa Jean changed the role from student to instructor",
// "The server ended the plan weekly". Unknown actions say their name.
std::string describe_audit_action(const AuditRecord& record, const std::string& language);
// Who did it: the actor's name, "The server" (also for an account since deleted: the log keeps
// no id of a deleted account), or "Account 12" when the name is missing.
std::string audit_actor(const AuditRecord& record, const std::string& language);
// For a URL's query: everything but unreserved characters percent-encoded (RFC 3986).
std::string url_query_escape(const std::string& text);

class People {
public:
  using Done = std::function<void(std::optional<AccountProblem>)>;

  explicit People(HttpClient& http) : m_http(http) {}

  // GET /api/v1/admin/users: `role` "" for every role. A newer search replaces an older one's
  // answer even if that arrives last.
  void search(const std::string& text, const std::string& role);
  // One account with its subscriptions, payment requests and audit trail.
  void open(std::int64_t user_id);
  void close() { m_open = 0; }
  void set_role(std::int64_t user_id, const std::string& role, Done on_done);
  void grant(std::int64_t user_id, std::int64_t plan_id, const std::string& note, Done on_done);
  void end_subscription(std::int64_t user_id, const std::string& note, Done on_done);
  // The school's audit log, newest first (the server keeps the last 500).
  void load_audit();
  void forget();  // after signing out

  const std::vector<PersonSummary>& found() const { return m_found; }
  bool searched() const { return m_searched; }
  std::int64_t open_id() const { return m_open; }
  // The open account, once loaded.
  const std::optional<PersonSummary>& person() const { return m_person; }
  const std::vector<SubscriptionRecord>& subscriptions() const { return m_subscriptions; }
  const std::vector<PaymentRecord>& payments() const { return m_payments; }
  const std::vector<AuditRecord>& trail() const { return m_trail; }  // the open account's
  const std::vector<AuditRecord>& audit() const { return m_audit; }  // the school's
  bool audit_loaded() const { return m_audit_loaded; }

  bool busy() const { return m_busy; }
  const std::string& problem() const { return m_problem; }  // the last load's, "" when it worked
  std::uint64_t revision() const { return m_revision; }
  nlohmann::json state_json() const;

private:
  // A change to the open account: on success it is loaded again (and the search's row with it).
  void change(const std::string& url, const nlohmann::json& body, std::int64_t user_id, Done on_done);
  void load_trail(std::int64_t user_id);

  HttpClient& m_http;
  std::vector<PersonSummary> m_found;
  bool m_searched = false;
  std::string m_last_text, m_last_role;
  std::uint64_t m_search_number = 0;
  std::int64_t m_open = 0;
  std::optional<PersonSummary> m_person;
  std::vector<SubscriptionRecord> m_subscriptions;
  std::vector<PaymentRecord> m_payments;
  std::vector<AuditRecord> m_trail;
  std::vector<AuditRecord> m_audit;
  bool m_audit_loaded = false;
  bool m_busy = false;
  std::string m_problem;
  std::uint64_t m_revision = 0;
  std::uint64_t m_generation = 0;  // answers to requests made before forget() are dropped
};

std::optional<PersonSummary> person_summary_from(const nlohmann::json& json);
std::optional<AuditRecord> audit_record_from(const nlohmann::json& json);

}  // namespace umuhanda
