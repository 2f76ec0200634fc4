// The payment routes (docs/api.md, "Plans and payments"; docs/payments.md for a school owner):
// the plans on offer and how to pay (anyone), a student's "I have paid" with the transaction id
// from the operator's SMS, their subscription, and staff's list of requests with approve and
// reject. Every decision is audited by the store in its own transaction.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "entitlement_signer.hpp"
#include "store/subscription_store.hpp"
#include "umuhanda/expected.hpp"

namespace httplib {
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace umuhanda {

struct Caller;  // server_app.hpp

// How to pay this school, from the server's configuration (--payment-instructions FILE): shown
// to the student with the exact amount, as the school's staff would tell them at the desk.
struct PaymentOperator {
  std::string id;             // "mtn" or "airtel" (is_known_operator)
  std::string name;           // "MTN MoMo"
  std::string payee;          // the name the student sees on their phone when paying
  std::string merchant_code;  // the number or code to pay to
  std::string ussd;           // e.g. "*182*8*1*123456#" (may be empty)
};
struct PaymentInstructions {
  std::vector<PaymentOperator> operators;  // empty: this school takes no payments through the app
};
// The file's JSON: {"operators": [{"id", "name", "payee", "merchant_code", "ussd"}]}; every mistake
// reported with its path.
Expected<PaymentInstructions> read_payment_instructions(const std::filesystem::path& file);

// A plans file an admin edits (docs/examples/plans.json): {"plans": [{"slug", "names": {"en", ...},
// "duration_seconds", "price_rwf", "packs": null | [pack ids], "active"}]}. Every mistake reported
// with its path; a plan without a price is one ("set the price the school charges").
Expected<std::vector<Plan>> read_plans_file(const std::filesystem::path& file);
// POST /api/v1/admin/plans: one plan as the file writes it (`active` optional, true); each pack it
// names must be one `pack_exists` knows. Every mistake reported at its field.
Expected<Plan> parse_plan_body(std::string_view text, const std::function<bool(const std::string&)>& pack_exists);

// As the payment and people routes send them.
nlohmann::json payment_json(const PaymentRequest& payment);
nlohmann::json subscription_json(const Subscription& subscription);

class PaymentsApi {
public:
  using LogSink = std::function<void(const std::string&)>;
  PaymentsApi(SubscriptionStore& store, const EntitlementSigner& signer, PaymentInstructions instructions, LogSink log)
      : m_store(store), m_signer(signer), m_instructions(std::move(instructions)), m_log(std::move(log)) {}

  void plans(const httplib::Request& req, httplib::Response& res);
  // A student's session (admitted before the body: JSON, at most kMaxBodyBytes, same origin).
  void request(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller);
  void mine(const httplib::Request& req, httplib::Response& res, const Caller& caller);
  // The caller's signed offline entitlement while a subscription runs (umuhanda/entitlement.hpp):
  // {"entitlement": token | null, "expires_at", "plan", "packs"}.
  void entitlement(const httplib::Request& req, httplib::Response& res, const Caller& caller);
  // Staff.
  void list(const httplib::Request& req, httplib::Response& res, const Caller& caller);
  void approve(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
               std::int64_t payment_id);
  void reject(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
              std::int64_t payment_id);

  // Admins: {"plan_id", "note"} gives the student the plan without a payment.
  void grant(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
             std::int64_t user_id);

  // Admins: every plan, offered or not ({"plans"}), and one saved: created (201) or updated by its
  // slug (200), {"plan"}; 400 with each bad field in "details". Audited "plan.saved" by the store.
  void all_plans(const httplib::Request& req, httplib::Response& res, const Caller& caller);
  void save_plan(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                 const std::function<bool(const std::string&)>& pack_exists);

  // Admins: the audit log, newest first, optionally of one subject ("payment:12", "user:7").
  void audit(const httplib::Request& req, httplib::Response& res, const Caller& caller);

  static constexpr std::size_t kMaxBodyBytes = 4 * 1024;
  static constexpr std::size_t kMaxPlanBodyBytes = 16 * 1024;  // a plan naming dozens of packs

private:
  // Writes the answer for a refused request or decision.
  void send_refusal(httplib::Response& res, const PaymentOutcome& outcome);

  SubscriptionStore& m_store;
  const EntitlementSigner& m_signer;
  PaymentInstructions m_instructions;
  LogSink m_log;
};

}  // namespace umuhanda
