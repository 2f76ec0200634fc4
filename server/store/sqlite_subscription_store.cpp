// Plans, payments, subscriptions and the audit log in SQL (see sqlite_subscription_store.hpp).
#include "store/sqlite_subscription_store.hpp"

#include <array>
#include <nlohmann/json.hpp>

#include "jobs/sqlite_job_store.hpp"
#include "store/sqlite_audit.hpp"
#include "store/sqlite_notification_store.hpp"
#include "umuhanda/subscription_rules.hpp"

namespace umuhanda {
namespace {

constexpr std::array<std::string_view, 3> kPaymentStates = {"pending", "approved", "rejected"};

constexpr const char* kPlanColumns = "id, slug, names, duration_seconds, price_rwf, packs, active, updated_at";

Plan read_plan(const Statement& row) {
  Plan plan;
  plan.id = row.column_int(0);
  plan.slug = row.column_text(1);
  const auto names = nlohmann::json::parse(row.column_text(2), nullptr, false);
  if (names.is_object()) {
    for (const auto& [language, name] : names.items()) {
      if (name.is_string()) plan.names[language] = name.get<std::string>();
    }
  }
  plan.duration_seconds = row.column_int(3);
  plan.price_rwf = row.column_int(4);
  if (auto packs = row.column_optional_text(5)) {
    const auto list = nlohmann::json::parse(*packs, nullptr, false);
    plan.packs.emplace();
    if (list.is_array()) {
      for (const auto& pack : list) {
        if (pack.is_string()) plan.packs->push_back(pack.get<std::string>());
      }
    }
  }
  plan.active = row.column_int(6) != 0;
  plan.updated_at = row.column_int(7);
  return plan;
}

constexpr const char* kPaymentSelect =
    "SELECT p.id, p.user_id, u.name, p.plan_id, pl.slug, p.amount_rwf, p.operator, p.payer_phone, p.transaction_id, p.state, p.reason,"
    " p.decided_by, p.decided_at, p.created_at FROM payment_requests p JOIN users u ON u.id = p.user_id JOIN plans pl ON pl.id = p.plan_id ";

PaymentRequest read_payment(const Statement& row) {
  PaymentRequest payment;
  payment.id = row.column_int(0);
  payment.user_id = row.column_int(1);
  payment.user_name = row.column_text(2);
  payment.plan_id = row.column_int(3);
  payment.plan_slug = row.column_text(4);
  payment.amount_rwf = row.column_int(5);
  payment.operator_name = row.column_text(6);
  payment.payer_phone = row.column_text(7);
  payment.transaction_id = row.column_text(8);
  payment.state = payment_state_from(row.column_text(9)).value_or(PaymentState::pending);
  payment.reason = row.column_optional_text(10);
  payment.decided_by = row.column_optional_int(11);
  payment.decided_at = row.column_optional_int(12);
  payment.created_at = row.column_int(13);
  return payment;
}

Expected<std::optional<PaymentRequest>> payment_by_id(Database& db, std::int64_t id) {
  auto query = db.prepare(std::string(kPaymentSelect) + "WHERE p.id = ?1");
  if (!query) return query.errors();
  query->bind(1, id);
  auto rows = read_rows<PaymentRequest>(query.value(), read_payment);
  if (!rows) return rows.errors();
  if (rows->empty()) return std::optional<PaymentRequest>();
  return std::optional<PaymentRequest>(rows->front());
}

constexpr const char* kSubscriptionSelect =
    "SELECT s.id, s.user_id, s.plan_id, pl.slug, s.payment_id, s.starts_at, s.ends_at, s.ended FROM subscriptions s JOIN plans pl ON pl.id = "
    "s.plan_id ";

Subscription read_subscription(const Statement& row) {
  return Subscription{row.column_int(0),          row.column_int(1), row.column_int(2), row.column_text(3),
                      row.column_optional_int(4), row.column_int(5), row.column_int(6), row.column_int(7) != 0};
}

Expected<std::optional<Subscription>> running_subscription(Database& db, std::int64_t user_id, UnixSeconds now) {
  auto query =
      db.prepare(std::string(kSubscriptionSelect) + "WHERE s.user_id = ?1 AND s.starts_at <= ?2 AND s.ends_at > ?2 ORDER BY s.ends_at DESC LIMIT 1");
  if (!query) return query.errors();
  query->bind(1, user_id).bind(2, now);
  auto rows = read_rows<Subscription>(query.value(), read_subscription);
  if (!rows) return rows.errors();
  if (rows->empty()) return std::optional<Subscription>();
  return std::optional<Subscription>(rows->front());
}

// The latest end of any of the student's subscriptions not ended yet: a renewal starts from it.
Expected<std::optional<UnixSeconds>> latest_end(Database& db, std::int64_t user_id, UnixSeconds now) {
  auto query = db.prepare("SELECT MAX(ends_at) FROM subscriptions WHERE user_id = ?1 AND ends_at > ?2");
  if (!query) return query.errors();
  query->bind(1, user_id).bind(2, now);
  auto row = query->step();
  if (!row) return row.errors();
  return query->column_optional_int(0);
}

// Starts the user's subscription to `plan_id` (from now, or where their running one ends), with
// its end and reminder enqueued: what an approval and a grant share.
Expected<Subscription> start_subscription(Database& db, std::int64_t user_id, std::int64_t plan_id, const std::string& plan_slug,
                                          std::int64_t duration_seconds, std::optional<std::int64_t> payment_id, UnixSeconds now) {
  auto current_end = latest_end(db, user_id, now);
  if (!current_end) return current_end.errors();
  const SubscriptionPeriod period = period_after_approval(now, current_end.value(), duration_seconds);
  auto start = db.prepare(
      "INSERT INTO subscriptions (user_id, plan_id, payment_id, starts_at, ends_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
  if (!start) return start.errors();
  start->bind(1, user_id).bind(2, plan_id).bind(4, period.starts_at).bind(5, period.ends_at).bind(6, now);
  if (payment_id) start->bind(3, *payment_id);
  auto started = start->step();
  if (!started) return started.errors();
  if (!started.value()) return Expected<Subscription>::failure("user:" + std::to_string(user_id), "no subscription was made");
  const std::int64_t subscription_id = start->column_int(0);
  if (auto done = start->step(); !done) return done.errors();
  // Its end and its reminder, at their times, whatever happens to the server meanwhile (jobs/).
  auto end_job =
      enqueue_job(db, NewJob{kEndSubscriptionsJob, "{}", period.ends_at * 1000, "subscription-end:" + std::to_string(subscription_id)}, now * 1000);
  if (!end_job) return end_job.errors();
  if (const auto remind_at = reminder_time(period)) {
    auto remind_job = enqueue_job(db,
                                  NewJob{kRemindSubscriptionJob, nlohmann::json{{"subscription", subscription_id}}.dump(), *remind_at * 1000,
                                         "subscription-remind:" + std::to_string(subscription_id)},
                                  now * 1000);
    if (!remind_job) return remind_job.errors();
  }
  return Subscription{subscription_id, user_id, plan_id, plan_slug, payment_id, period.starts_at, period.ends_at, false};
}

}  // namespace

std::string_view to_string(PaymentState state) { return kPaymentStates[static_cast<std::size_t>(state)]; }

std::optional<PaymentState> payment_state_from(std::string_view name) {
  for (std::size_t i = 0; i < kPaymentStates.size(); ++i) {
    if (kPaymentStates[i] == name) return static_cast<PaymentState>(i);
  }
  return std::nullopt;
}

Expected<std::vector<Subscription>> end_expired_subscriptions(Database& db, UnixSeconds now) {
  auto query = db.prepare(std::string(kSubscriptionSelect) + "WHERE s.ended = 0 AND s.ends_at <= ?1 ORDER BY s.ends_at");
  if (!query) return query.errors();
  query->bind(1, now);
  auto ending = read_rows<Subscription>(query.value(), read_subscription);
  if (!ending) return ending;
  for (Subscription& subscription : ending.value()) {
    auto mark = db.prepare("UPDATE subscriptions SET ended = 1 WHERE id = ?1");
    if (!mark) return mark.errors();
    mark->bind(1, subscription.id);
    if (auto ran = mark->run(); !ran) return ran.errors();
    subscription.ended = true;
    auto audited = audit_entry(db, now, std::nullopt, "subscription.ended", "user:" + std::to_string(subscription.user_id),
                               {{"subscription", subscription.id}, {"plan", subscription.plan_slug}, {"ends_at", subscription.ends_at}});
    if (!audited) return audited.errors();
    // Told only when nothing follows it (a renewal runs on from its end without a gap).
    auto follows = db.prepare("SELECT COUNT(*) FROM subscriptions WHERE user_id = ?1 AND id != ?2 AND ends_at > ?3");
    if (!follows) return follows.errors();
    follows->bind(1, subscription.user_id).bind(2, subscription.id).bind(3, now);
    if (auto row = follows->step(); !row) return row.errors();
    const bool renewed = follows->column_int(0) > 0;
    follows->reset();
    if (renewed) continue;
    auto told = add_notification(db, subscription.user_id, "subscription.ended", "subscription:" + std::to_string(subscription.id) + ":ended",
                                 {{"subscription", subscription.id}, {"plan", subscription.plan_slug}, {"ends_at", subscription.ends_at}}, now);
    if (!told) return told.errors();
  }
  return ending;
}

Expected<bool> remind_subscription_end(Database& db, std::int64_t subscription_id, UnixSeconds now) {
  auto query = db.prepare(std::string(kSubscriptionSelect) + "WHERE s.id = ?1");
  if (!query) return query.errors();
  query->bind(1, subscription_id);
  auto rows = read_rows<Subscription>(query.value(), read_subscription);
  if (!rows) return rows.errors();
  if (rows->empty() || rows->front().ended || rows->front().ends_at <= now) return false;  // gone, or over already
  const Subscription& subscription = rows->front();
  auto follows = db.prepare("SELECT COUNT(*) FROM subscriptions WHERE user_id = ?1 AND id != ?2 AND ends_at > ?3");
  if (!follows) return follows.errors();
  follows->bind(1, subscription.user_id).bind(2, subscription.id).bind(3, subscription.ends_at);
  if (auto row = follows->step(); !row) return row.errors();
  const bool renewed = follows->column_int(0) > 0;
  follows->reset();
  if (renewed) return false;
  return add_notification(db, subscription.user_id, "subscription.ending", "subscription:" + std::to_string(subscription.id) + ":ending",
                          {{"subscription", subscription.id}, {"plan", subscription.plan_slug}, {"ends_at", subscription.ends_at}}, now);
}

SqliteSubscriptionStore::SqliteSubscriptionStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers)
    : m_writer(writer), m_writer_mutex(writer_mutex), m_readers(readers) {}

Expected<std::vector<Plan>> SqliteSubscriptionStore::plans(bool offered_only) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<Plan>> {
    auto query =
        db.prepare(std::string("SELECT ") + kPlanColumns + " FROM plans WHERE ?1 = 0 OR active = 1 ORDER BY duration_seconds, price_rwf, id");
    if (!query) return query.errors();
    query->bind(1, std::int64_t{offered_only ? 1 : 0});
    return read_rows<Plan>(query.value(), read_plan);
  });
}

Expected<std::optional<Plan>> SqliteSubscriptionStore::find_plan(std::int64_t plan_id) {
  return m_readers.with([&](Database& db) -> Expected<std::optional<Plan>> {
    auto query = db.prepare(std::string("SELECT ") + kPlanColumns + " FROM plans WHERE id = ?1");
    if (!query) return query.errors();
    query->bind(1, plan_id);
    auto rows = read_rows<Plan>(query.value(), read_plan);
    if (!rows) return rows.errors();
    if (rows->empty()) return std::optional<Plan>();
    return std::optional<Plan>(rows->front());
  });
}

Expected<Plan> SqliteSubscriptionStore::save_plan(const Plan& plan, std::optional<std::int64_t> actor_id, UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<Plan> {
    nlohmann::json names = nlohmann::json::object();
    for (const auto& [language, name] : plan.names) names[language] = name;
    std::optional<std::string> packs;
    if (plan.packs) packs = nlohmann::json(*plan.packs).dump();
    // The price before, for the audit log: who changed a price, from what to what.
    auto previous = db.prepare("SELECT price_rwf FROM plans WHERE slug = ?1");
    if (!previous) return previous.errors();
    previous->bind(1, plan.slug);
    auto found = previous->step();
    if (!found) return found.errors();
    const bool existed = found.value();
    const std::int64_t previous_price = existed ? previous->column_int(0) : 0;
    previous->reset();
    auto upsert = db.prepare(std::string("INSERT INTO plans (slug, names, duration_seconds, price_rwf, packs, active, updated_at)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (slug) DO UPDATE SET names = excluded.names,"
                                         " duration_seconds = excluded.duration_seconds, price_rwf = excluded.price_rwf, packs = excluded.packs,"
                                         " active = excluded.active, updated_at = excluded.updated_at RETURNING ") +
                             kPlanColumns);
    if (!upsert) return upsert.errors();
    upsert->bind(1, plan.slug).bind(2, names.dump()).bind(3, plan.duration_seconds).bind(4, plan.price_rwf).bind_optional(5, packs);
    upsert->bind(6, std::int64_t{plan.active ? 1 : 0}).bind(7, now);
    auto saved = read_rows<Plan>(upsert.value(), read_plan);
    if (!saved) return saved.errors();
    if (saved->empty()) return Expected<Plan>::failure("plan " + plan.slug, "was not saved");
    nlohmann::json details = {{"price_rwf", plan.price_rwf}, {"duration_seconds", plan.duration_seconds}, {"active", plan.active}};
    details["previous_price_rwf"] = existed ? nlohmann::json(previous_price) : nlohmann::json();  // null: a new plan
    auto audited = audit_entry(db, now, actor_id, "plan.saved", "plan:" + plan.slug, details);
    if (!audited) return audited.errors();
    return saved->front();
  });
}

Expected<PaymentOutcome> SqliteSubscriptionStore::request_payment(const NewPaymentRequest& request) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<PaymentOutcome> {
    auto price = db.prepare("SELECT price_rwf FROM plans WHERE id = ?1 AND active = 1");
    if (!price) return price.errors();
    price->bind(1, request.plan_id);
    auto row = price->step();
    if (!row) return row.errors();
    if (!row.value()) return PaymentOutcome{PaymentRefusal::no_such_plan, {}, {}};
    const std::int64_t amount = price->column_int(0);
    price->reset();
    auto insert = db.prepare(
        "INSERT INTO payment_requests (user_id, plan_id, amount_rwf, operator, payer_phone, transaction_id, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (transaction_id) DO NOTHING RETURNING id");
    if (!insert) return insert.errors();
    insert->bind(1, request.user_id).bind(2, request.plan_id).bind(3, amount).bind(4, request.operator_name).bind(5, request.payer_phone);
    insert->bind(6, request.transaction_id).bind(7, request.now);
    auto inserted = insert->step();
    if (!inserted) return inserted.errors();
    if (!inserted.value()) return PaymentOutcome{PaymentRefusal::transaction_id_used, {}, {}};
    const std::int64_t id = insert->column_int(0);
    if (auto done = insert->step(); !done) return done.errors();
    auto audited = audit_entry(db, request.now, request.user_id, "payment.requested", "payment:" + std::to_string(id),
                               {{"amount_rwf", amount}, {"operator", request.operator_name}, {"plan_id", request.plan_id}});
    if (!audited) return audited.errors();
    auto told = notify_staff(db, "payment.requested", "payment:" + std::to_string(id) + ":requested",
                             {{"payment", id}, {"amount_rwf", amount}, {"operator", request.operator_name}}, request.now);
    if (!told) return told.errors();
    auto payment = payment_by_id(db, id);
    if (!payment) return payment.errors();
    return PaymentOutcome{PaymentRefusal::none, payment.value(), {}};
  });
}

Expected<std::vector<PaymentRequest>> SqliteSubscriptionStore::payments(std::optional<PaymentState> state, std::optional<std::int64_t> user_id,
                                                                        std::size_t limit) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<PaymentRequest>> {
    auto query =
        db.prepare(std::string(kPaymentSelect) + "WHERE (?1 IS NULL OR p.state = ?1) AND (?2 IS NULL OR p.user_id = ?2) ORDER BY p.id DESC LIMIT ?3");
    if (!query) return query.errors();
    if (state) query->bind(1, to_string(*state));
    if (user_id) query->bind(2, *user_id);
    query->bind(3, static_cast<std::int64_t>(limit));
    return read_rows<PaymentRequest>(query.value(), read_payment);
  });
}

Expected<PaymentOutcome> SqliteSubscriptionStore::approve(std::int64_t payment_id, std::int64_t staff_id, UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<PaymentOutcome> {
    auto payment = payment_by_id(db, payment_id);
    if (!payment) return payment.errors();
    if (!payment.value()) return PaymentOutcome{PaymentRefusal::no_such_payment, {}, {}};
    if (payment.value()->state != PaymentState::pending) return PaymentOutcome{PaymentRefusal::already_decided, payment.value(), {}};
    auto duration = db.prepare("SELECT duration_seconds FROM plans WHERE id = ?1");
    if (!duration) return duration.errors();
    duration->bind(1, payment.value()->plan_id);
    if (auto row = duration->step(); !row || !row.value())
      return Expected<PaymentOutcome>::failure("payment:" + std::to_string(payment_id), "its plan is gone");
    const std::int64_t seconds = duration->column_int(0);
    duration->reset();
    auto decide = db.prepare("UPDATE payment_requests SET state = 'approved', decided_by = ?2, decided_at = ?3 WHERE id = ?1 AND state = 'pending'");
    if (!decide) return decide.errors();
    decide->bind(1, payment_id).bind(2, staff_id).bind(3, now);
    if (auto ran = decide->run(); !ran) return ran.errors();
    auto started = start_subscription(db, payment.value()->user_id, payment.value()->plan_id, payment.value()->plan_slug, seconds, payment_id, now);
    if (!started) return started.errors();
    const Subscription& subscription = started.value();
    const SubscriptionPeriod period{subscription.starts_at, subscription.ends_at};
    const std::int64_t subscription_id = subscription.id;
    auto audited = audit_entry(db, now, staff_id, "payment.approved", "payment:" + std::to_string(payment_id),
                               {{"user", payment.value()->user_id},
                                {"amount_rwf", payment.value()->amount_rwf},
                                {"subscription", subscription_id},
                                {"starts_at", period.starts_at},
                                {"ends_at", period.ends_at},
                                {"renewal", period.starts_at > now}});
    if (!audited) return audited.errors();
    auto told = add_notification(
        db, payment.value()->user_id, "payment.approved", "payment:" + std::to_string(payment_id) + ":approved",
        {{"payment", payment_id}, {"plan", payment.value()->plan_slug}, {"starts_at", period.starts_at}, {"ends_at", period.ends_at}}, now);
    if (!told) return told.errors();
    auto decided = payment_by_id(db, payment_id);
    if (!decided) return decided.errors();
    return PaymentOutcome{PaymentRefusal::none, decided.value(), subscription};
  });
}

Expected<PaymentOutcome> SqliteSubscriptionStore::reject(std::int64_t payment_id, std::int64_t staff_id, const std::string& reason, UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<PaymentOutcome> {
    auto payment = payment_by_id(db, payment_id);
    if (!payment) return payment.errors();
    if (!payment.value()) return PaymentOutcome{PaymentRefusal::no_such_payment, {}, {}};
    if (payment.value()->state != PaymentState::pending) return PaymentOutcome{PaymentRefusal::already_decided, payment.value(), {}};
    auto decide = db.prepare(
        "UPDATE payment_requests SET state = 'rejected', reason = ?4, decided_by = ?2, decided_at = ?3 WHERE id = ?1 AND state = 'pending'");
    if (!decide) return decide.errors();
    decide->bind(1, payment_id).bind(2, staff_id).bind(3, now).bind(4, reason);
    if (auto ran = decide->run(); !ran) return ran.errors();
    auto audited = audit_entry(db, now, staff_id, "payment.rejected", "payment:" + std::to_string(payment_id),
                               {{"user", payment.value()->user_id}, {"reason", reason}});
    if (!audited) return audited.errors();
    auto told = add_notification(db, payment.value()->user_id, "payment.rejected", "payment:" + std::to_string(payment_id) + ":rejected",
                                 {{"payment", payment_id}, {"plan", payment.value()->plan_slug}, {"reason", reason}}, now);
    if (!told) return told.errors();
    auto decided = payment_by_id(db, payment_id);
    if (!decided) return decided.errors();
    return PaymentOutcome{PaymentRefusal::none, decided.value(), {}};
  });
}

Expected<std::optional<Subscription>> SqliteSubscriptionStore::grant(std::int64_t user_id, std::int64_t plan_id, std::int64_t staff_id,
                                                                     const std::string& note, UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<std::optional<Subscription>> {
    auto plan = db.prepare("SELECT slug, duration_seconds FROM plans WHERE id = ?1");
    if (!plan) return plan.errors();
    plan->bind(1, plan_id);
    auto row = plan->step();
    if (!row) return row.errors();
    if (!row.value()) return std::optional<Subscription>();
    const std::string slug = plan->column_text(0);
    const std::int64_t seconds = plan->column_int(1);
    plan->reset();
    auto user = db.prepare("SELECT COUNT(*) FROM users WHERE id = ?1 AND role = 'student'");
    if (!user) return user.errors();
    user->bind(1, user_id);
    if (auto found = user->step(); !found) return found.errors();
    const bool student = user->column_int(0) == 1;
    user->reset();
    if (!student) return std::optional<Subscription>();
    auto started = start_subscription(db, user_id, plan_id, slug, seconds, std::nullopt, now);
    if (!started) return started.errors();
    auto audited = audit_entry(
        db, now, staff_id, "subscription.granted", "user:" + std::to_string(user_id),
        {{"subscription", started->id}, {"plan", slug}, {"starts_at", started->starts_at}, {"ends_at", started->ends_at}, {"note", note}});
    if (!audited) return audited.errors();
    auto told =
        add_notification(db, user_id, "subscription.granted", "subscription:" + std::to_string(started->id) + ":granted",
                         {{"subscription", started->id}, {"plan", slug}, {"starts_at", started->starts_at}, {"ends_at", started->ends_at}}, now);
    if (!told) return told.errors();
    return std::optional<Subscription>(started.value());
  });
}

Expected<std::vector<Subscription>> SqliteSubscriptionStore::end_running(std::int64_t user_id, std::int64_t staff_id, const std::string& note,
                                                                         UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<std::vector<Subscription>> {
    // The running one and any renewal queued after it: ending a student's access ends all of it.
    auto query = db.prepare(std::string(kSubscriptionSelect) + "WHERE s.user_id = ?1 AND s.ended = 0 AND s.ends_at > ?2 ORDER BY s.starts_at");
    if (!query) return query.errors();
    query->bind(1, user_id).bind(2, now);
    auto ending = read_rows<Subscription>(query.value(), read_subscription);
    if (!ending) return ending;
    for (Subscription& subscription : ending.value()) {
      const UnixSeconds planned_end = subscription.ends_at;
      subscription.ends_at = std::max(subscription.starts_at, now);
      subscription.ended = true;
      auto mark = db.prepare("UPDATE subscriptions SET ends_at = ?2, ended = 1 WHERE id = ?1");
      if (!mark) return mark.errors();
      mark->bind(1, subscription.id).bind(2, subscription.ends_at);
      if (auto ran = mark->run(); !ran) return ran.errors();
      auto audited = audit_entry(db, now, staff_id, "subscription.ended_early", "user:" + std::to_string(user_id),
                                 {{"subscription", subscription.id}, {"plan", subscription.plan_slug}, {"planned_end", planned_end}, {"note", note}});
      if (!audited) return audited.errors();
    }
    if (!ending->empty()) {
      const Subscription& last = ending->back();
      auto told = add_notification(db, user_id, "subscription.ended", "subscription:" + std::to_string(last.id) + ":ended",
                                   {{"subscription", last.id}, {"plan", last.plan_slug}, {"ends_at", now}}, now);
      if (!told) return told.errors();
    }
    return ending;
  });
}

Expected<std::optional<Subscription>> SqliteSubscriptionStore::active_subscription(std::int64_t user_id, UnixSeconds now) {
  return m_readers.with([&](Database& db) { return running_subscription(db, user_id, now); });
}

Expected<std::optional<PackGrant>> SqliteSubscriptionStore::running_grant(std::int64_t user_id, UnixSeconds now) {
  return m_readers.with([&](Database& db) -> Expected<std::optional<PackGrant>> {
    auto running = running_subscription(db, user_id, now);
    if (!running) return running.errors();
    if (!running.value()) return std::optional<PackGrant>();
    auto query = db.prepare(std::string("SELECT ") + kPlanColumns + " FROM plans WHERE id = ?1");
    if (!query) return query.errors();
    query->bind(1, running.value()->plan_id);
    auto plans = read_rows<Plan>(query.value(), read_plan);
    if (!plans) return plans.errors();
    if (plans->empty()) return std::optional<PackGrant>();  // plans are never deleted; a subscription without one opens nothing
    return std::optional<PackGrant>(PackGrant{*running.value(), plans->front().id, plans->front().packs});
  });
}

Expected<std::vector<Subscription>> SqliteSubscriptionStore::subscriptions_of(std::int64_t user_id) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<Subscription>> {
    auto query = db.prepare(std::string(kSubscriptionSelect) + "WHERE s.user_id = ?1 ORDER BY s.starts_at, s.id");
    if (!query) return query.errors();
    query->bind(1, user_id);
    return read_rows<Subscription>(query.value(), read_subscription);
  });
}

Expected<std::vector<Subscription>> SqliteSubscriptionStore::end_expired(UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) { return end_expired_subscriptions(db, now); });
}

Expected<std::vector<AuditEntry>> SqliteSubscriptionStore::audit(std::optional<std::string> subject, std::size_t limit) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<AuditEntry>> {
    // The actor's name as it is now (nullopt once that account is deleted: the id stays).
    auto query = db.prepare(
        "SELECT a.id, a.at, a.actor_id, a.action, a.subject, a.details, u.name FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id "
        "WHERE ?1 IS NULL OR a.subject = ?1 ORDER BY a.id DESC LIMIT ?2");
    if (!query) return query.errors();
    query->bind_optional(1, subject);
    query->bind(2, static_cast<std::int64_t>(limit));
    return read_rows<AuditEntry>(query.value(), [](const Statement& row) {
      return AuditEntry{row.column_int(0),  row.column_int(1),  row.column_optional_int(2), row.column_text(3),
                        row.column_text(4), row.column_text(5), row.column_optional_text(6)};
    });
  });
}

}  // namespace umuhanda
