// Payments as the client sees them (docs/payments.md): the plans a school offers and how to pay it
// (operator, merchant code, USSD code, payee: the server's configuration), the student's running
// plan and their "I have paid" requests, and for staff the requests waiting for a decision. Online
// only: a payment is a conversation with the school, nothing here is stored on the device (the
// signed entitlement that opens packs offline is Entitlements').
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/account.hpp"
#include "platform/http_client.hpp"

namespace umuhanda {

struct PlanOffer {
  std::int64_t id = 0;
  std::string slug;
  std::map<std::string, std::string> names;  // by language; "en" at least
  std::int64_t duration_seconds = 0;
  std::int64_t price_rwf = 0;
  bool every_pack = true;  // false: only `packs`
  std::vector<std::string> packs;
  bool active = true;

  // The name in `language`, else English, else the slug.
  const std::string& name_in(const std::string& language) const;
};

struct PayeeOperator {
  std::string id;  // "mtn", "airtel"
  std::string name;
  std::string payee;  // the name the student sees on their phone when paying
  std::string merchant_code;
  std::string ussd;  // "*182*8*1*123456#", or "" when the school gave none
};

struct PaymentRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  std::int64_t plan_id = 0;
  std::string plan_slug;
  std::int64_t amount_rwf = 0;
  std::string operator_id;
  std::string payer_phone;
  std::string transaction_id;
  std::string state;   // "pending", "approved", "rejected"
  std::string reason;  // a rejection's
  std::int64_t created_at = 0;
  std::optional<std::int64_t> decided_at;
};

struct RunningPlan {
  std::string plan_slug;
  std::int64_t starts_at = 0;  // Unix seconds
  std::int64_t ends_at = 0;
  bool ended = false;
};

class Payments {
public:
  using Done = std::function<void(std::optional<AccountProblem>)>;

  explicit Payments(HttpClient& http) : m_http(http) {}

  // The plans on offer and how to pay (anyone may ask).
  void load_offer();
  // The signed-in person's running plan and their own requests.
  void load_mine();
  // "I have paid": the plan, the operator paid through, the payer's phone and the transaction id
  // from the operator's SMS, as typed (the server normalises and checks them). On success the
  // request is in requests() as pending.
  void request(std::int64_t plan_id, const std::string& operator_id, const std::string& payer_phone, const std::string& transaction_id, Done on_done);
  // Staff: the requests waiting for a decision, newest first.
  void load_queue();
  void approve(std::int64_t payment_id, Done on_done);
  void reject(std::int64_t payment_id, const std::string& reason, Done on_done);
  void forget();  // after signing out

  const std::vector<PlanOffer>& plans() const { return m_plans; }  // the active ones
  const std::vector<PayeeOperator>& operators() const { return m_operators; }
  bool offer_loaded() const { return m_offer_loaded; }
  // Whether this school takes payments in the app (it configured at least one operator and plan).
  bool takes_payments() const { return !m_operators.empty() && !m_plans.empty(); }
  const PlanOffer* find_plan(std::int64_t id) const;
  const PlanOffer* find_plan(const std::string& slug) const;

  const std::optional<RunningPlan>& running() const { return m_running; }
  const std::vector<PaymentRecord>& requests() const { return m_mine; }
  bool mine_loaded() const { return m_mine_loaded; }
  std::size_t pending_count() const;  // the student's own requests still waiting

  const std::vector<PaymentRecord>& queue() const { return m_queue; }
  bool queue_loaded() const { return m_queue_loaded; }

  bool busy() const { return m_busy; }
  const std::string& problem() const { return m_problem; }  // the last load's, "" when it worked
  std::uint64_t revision() const { return m_revision; }
  nlohmann::json state_json() const;

private:
  // POST /api/v1/payments/{id}/{decision} with `body`.
  void decide(std::int64_t payment_id, const char* decision, std::string body, Done on_done);
  void decided(std::int64_t payment_id, HttpResponse response, const Done& on_done);

  HttpClient& m_http;
  std::vector<PlanOffer> m_plans;
  std::vector<PayeeOperator> m_operators;
  bool m_offer_loaded = false;
  std::optional<RunningPlan> m_running;
  std::vector<PaymentRecord> m_mine;
  bool m_mine_loaded = false;
  std::vector<PaymentRecord> m_queue;
  bool m_queue_loaded = false;
  bool m_busy = false;
  std::string m_problem;
  std::uint64_t m_revision = 0;
  std::uint64_t m_generation = 0;  // answers to requests made before forget() are dropped
};

// From the server's JSON; nullopt when it is not one.
std::optional<PaymentRecord> payment_record_from(const nlohmann::json& json);
std::optional<PlanOffer> plan_offer_from(const nlohmann::json& json);

// How long a plan runs, as a student reads it: "1 hour", "7 days", "15 jours".
std::string describe_duration(std::int64_t seconds, const std::string& language);

// The operator's name for its id ("MTN MoMo" for "mtn"), the id itself when unknown.
std::string operator_display_name(const std::vector<PayeeOperator>& operators, const std::string& id);

}  // namespace umuhanda
