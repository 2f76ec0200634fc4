#include "accounts_api.hpp"

#include <httplib.h>

#include <chrono>

#include "request_bodies.hpp"
#include "responses.hpp"
#include "secret_tokens.hpp"
#include "server_app.hpp"
#include "session_cookies.hpp"
#include "system_clock.hpp"
#include "umuhanda/account_rules.hpp"

namespace umuhanda {
namespace {

constexpr std::string_view kSessionPrefix = "ums_";

nlohmann::json user_json(const User& user) {
  nlohmann::json body = {{"id", user.id}, {"name", user.name}, {"role", std::string(to_string(user.role))}};
  body["phone"] = user.phone ? nlohmann::json(*user.phone) : nlohmann::json();
  body["email"] = user.email ? nlohmann::json(*user.email) : nlohmann::json();
  body["language"] = user.language;
  return body;
}

nlohmann::json session_json(const Session& session, std::int64_t current_id) {
  return {{"id", session.id},
          {"device", session.device},
          {"created_at", session.created_at},
          {"last_seen_at", session.last_seen_at},
          {"expires_at", session.expires_at()},
          {"current", session.id == current_id}};
}

// A 429 with Retry-After when `limiter` holds too many failures for `key`; whether it refused.
// `what` names the failures for the person: "wrong passwords from this address".
bool refuse_if_throttled(httplib::Response& res, FailureRateLimiter& limiter, const std::string& key, FailureRateLimiter::Clock::time_point now,
                         const std::string& what) {
  const auto wait = limiter.retry_after(key, now);
  if (wait <= FailureRateLimiter::Clock::duration::zero()) return false;
  res.set_header("Retry-After", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1));
  send_error(res, 429, "too_many_requests", "too many " + what + ": try again later");
  return true;
}

void send_wrong_code(httplib::Response& res, std::int64_t tries_left) {
  // The same answer for a wrong, expired or used-up code and for a login nobody has.
  nlohmann::json body = error_json("wrong_code", "the code is wrong or no longer valid: check it, or ask your instructor for a new one");
  body["error"]["tries_left"] = tries_left;
  send_json(res, 400, body, "no-store");
}

// The logins an account signs in with, as the per-login counters know them.
std::vector<std::string> logins_of(const User& user) {
  std::vector<std::string> logins;
  if (user.phone) logins.push_back(*user.phone);
  if (user.email) logins.push_back(*user.email);
  return logins;
}

void send_wrong_login(httplib::Response& res) {
  // The same answer for an unknown login and a wrong password: nothing to learn about who has an account.
  send_error(res, 401, "wrong_login", "the phone number or email, or the password, is wrong");
}

}  // namespace

AccountsApi::AccountsApi(AccountStore& store, AccountsConfig config, LogSink log)
    : m_store(store), m_config(config), m_log(std::move(log)), m_hasher(config.max_hashes_at_once, config.password_cost) {}

std::int64_t AccountsApi::idle_seconds_of(Role role) const {
  return role == Role::student ? m_config.student_idle_seconds : m_config.staff_idle_seconds;
}

const std::string& AccountsApi::unknown_user_hash() {
  // Verifying against a real hash for a login nobody has takes as long as a wrong password does.
  std::call_once(m_unknown_user_hash_made, [this] {
    auto hashed = m_hasher.hash(new_secret(""));
    if (hashed) m_unknown_user_hash = hashed.value();
  });
  return m_unknown_user_hash;
}

bool AccountsApi::has_session_cookie(const httplib::Request& req) const {
  return req.has_header("Cookie") && cookie_value(req.get_header_value("Cookie"), session_cookie_name(m_config.secure_cookies)).has_value();
}

std::optional<SignedIn> AccountsApi::session_of(const httplib::Request& req, httplib::Response& res, bool& failed) {
  failed = false;
  if (!req.has_header("Cookie")) return std::nullopt;
  const auto secret = cookie_value(req.get_header_value("Cookie"), session_cookie_name(m_config.secure_cookies));
  if (!secret || secret->substr(0, kSessionPrefix.size()) != kSessionPrefix) return std::nullopt;
  const UnixSeconds now = unix_now();
  auto found = m_store.find_session(secret_hash(*secret), now);
  if (!found) {
    failed = true;
    send_internal_error(m_log, req, res, found.errors());
    return std::nullopt;
  }
  if (!found.value()) return std::nullopt;
  SignedIn signed_in = *found.value();
  // Sliding expiry: a session in use lives on, and its cookie with it. Written at most once per
  // granularity, and only asked for then: a write per request would queue every signed-in request
  // (a sync push, a pull) behind the one writing connection.
  if (signed_in.session.last_seen_at > now - m_config.touch_granularity_seconds) return signed_in;
  auto touched = m_store.touch_session(signed_in.session.id, now, m_config.touch_granularity_seconds);
  if (touched && touched.value()) {
    signed_in.session.last_seen_at = now;
    res.set_header("Set-Cookie", session_set_cookie(m_config.secure_cookies, *secret, signed_in.session.idle_seconds));
  }
  return signed_in;
}

std::optional<SignedIn> AccountsApi::require_session(const httplib::Request& req, httplib::Response& res, bool state_change) {
  bool failed = false;
  auto signed_in = session_of(req, res, failed);
  if (failed) return std::nullopt;
  if (!signed_in) {
    send_error(res, 401, "not_signed_in", "sign in first: this needs a session");
    return std::nullopt;
  }
  if (state_change && refuse_cross_origin(req, res)) return std::nullopt;
  return signed_in;
}

void AccountsApi::start_session(const httplib::Request& req, httplib::Response& res, const User& user, const std::string& device, int status) {
  const std::string secret = new_secret(kSessionPrefix);
  const std::int64_t idle = idle_seconds_of(user.role);
  auto session = m_store.create_session(NewSession{user.id, secret_hash(secret), device, unix_now(), idle});
  if (!session) {
    return send_internal_error(m_log, req, res, session.errors());
  }
  res.set_header("Set-Cookie", session_set_cookie(m_config.secure_cookies, secret, idle));
  send_json(res, status, {{"user", user_json(user)}, {"session", session_json(session.value(), session->id)}}, kPrivate);
}

void AccountsApi::sign_up(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto body = parse_sign_up_body(text);
  if (!body) return send_error(res, 400, "invalid_body", "the account could not be created: see details", body.errors());
  if (const std::string why = m_dictionary.refusal(body->sign_in.password); !why.empty()) {
    return send_error(res, 400, "invalid_body", "the account could not be created: see details", {error("password", why)});
  }
  auto hashed = m_hasher.hash(body->sign_in.password);
  if (!hashed) return send_error(res, 503, "busy", "the server is short of memory: try again in a moment");
  NewUser user{body->name, std::nullopt, std::nullopt, Role::student, hashed.value()};
  const LoginIdentifier& login = body->sign_in.login;
  (login.kind == LoginKind::phone ? user.phone : user.email) = login.value;
  auto created = m_store.create_user(user);
  if (!created) {
    const Diagnostic& first = created.errors().front();
    if (first.path == "phone" || first.path == "email") {
      return send_error(res, 409, "login_taken", "another account already uses this " + first.path + ": sign in instead", created.errors());
    }
    return send_internal_error(m_log, req, res, created.errors());
  }
  m_log("account " + std::to_string(created->id) + " created (student)");
  start_session(req, res, created.value(), body->sign_in.device, 201);
}

void AccountsApi::sign_in(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
  const auto now = FailureRateLimiter::Clock::now();
  if (refuse_if_throttled(res, m_failures_by_address, req.remote_addr, now, "wrong passwords from this address")) return;
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto body = parse_sign_in_body(text);
  if (!body) return send_error(res, 400, "invalid_body", "send your phone number or email and your password", body.errors());
  const std::string login_key = body->login.value + " " + req.remote_addr;
  if (refuse_if_throttled(res, m_failures_by_login, login_key, now, "wrong passwords for this account")) return;
  auto found = m_store.find_user_by_login(body->login.value);
  if (!found) {
    return send_internal_error(m_log, req, res, found.errors());
  }
  auto record_failure = [&] {
    m_failures_by_address.record_failure(req.remote_addr, now);
    m_failures_by_login.record_failure(login_key, now);
  };
  if (!found.value()) {
    m_hasher.verify(unknown_user_hash(), body->password);
    record_failure();
    return send_wrong_login(res);
  }
  const User& user = *found.value();
  if (user.failed_sign_ins >= kMaxFailedSignInsInARow) {
    return send_error(res, 403, "sign_in_locked",
                      std::to_string(kMaxFailedSignInsInARow) + " wrong passwords in a row: ask your instructor for a reset code");
  }
  const PasswordHasher::Verdict verdict = m_hasher.verify(user.password_hash, body->password);
  if (verdict == PasswordHasher::Verdict::wrong) {
    record_failure();
    if (auto counted = m_store.record_failed_sign_in(user.id); !counted) m_log("error: counting a failed sign-in: " + to_string(counted.errors()));
    return send_wrong_login(res);
  }
  if (user.disabled()) return send_error(res, 403, "account_disabled", "this account has been disabled by the school");
  if (user.failed_sign_ins > 0) {
    if (auto cleared = m_store.clear_failed_sign_ins(user.id); !cleared) m_log("error: " + to_string(cleared.errors()));
  }
  if (verdict == PasswordHasher::Verdict::right_needs_rehash) {
    // Parameters changed since this hash was made: store one made with today's.
    if (auto rehashed = m_hasher.hash(body->password); rehashed) {
      if (auto stored = m_store.set_password_hash(user.id, rehashed.value()); !stored) m_log("error: rehash: " + to_string(stored.errors()));
    }
  }
  start_session(req, res, user, body->device, 200);
}

void AccountsApi::current_session(const httplib::Request& req, httplib::Response& res) {
  bool failed = false;
  auto signed_in = session_of(req, res, failed);
  if (failed) return;
  if (!signed_in) return send_json(res, 200, {{"user", nullptr}, {"session", nullptr}}, kPrivate);
  send_json(res, 200, {{"user", user_json(signed_in->user)}, {"session", session_json(signed_in->session, signed_in->session.id)}}, kPrivate);
}

void AccountsApi::list_sessions(const httplib::Request& req, httplib::Response& res) {
  auto signed_in = require_session(req, res, false);
  if (!signed_in) return;
  auto sessions = m_store.sessions_of(signed_in->user.id, unix_now());
  if (!sessions) {
    return send_internal_error(m_log, req, res, sessions.errors());
  }
  nlohmann::json list = nlohmann::json::array();
  for (const Session& session : sessions.value()) list.push_back(session_json(session, signed_in->session.id));
  send_json(res, 200, {{"sessions", list}}, kPrivate);
}

void AccountsApi::sign_out(const httplib::Request& req, httplib::Response& res) {
  auto signed_in = require_session(req, res, true);
  if (!signed_in) return;
  if (auto ended = m_store.end_session(signed_in->user.id, signed_in->session.id); !ended) {
    return send_internal_error(m_log, req, res, ended.errors());
  }
  res.set_header("Set-Cookie", session_clear_cookie(m_config.secure_cookies));
  res.set_header("Cache-Control", kPrivate);
  res.status = 204;
}

void AccountsApi::end_session(const httplib::Request& req, httplib::Response& res, std::int64_t session_id) {
  auto signed_in = require_session(req, res, true);
  if (!signed_in) return;
  auto ended = m_store.end_session(signed_in->user.id, session_id);
  if (!ended) {
    return send_internal_error(m_log, req, res, ended.errors());
  }
  // Another user's session id answers as an unknown one.
  if (!ended.value()) return send_error(res, 404, "not_found", "you have no session with this id");
  if (session_id == signed_in->session.id) res.set_header("Set-Cookie", session_clear_cookie(m_config.secure_cookies));
  res.set_header("Cache-Control", kPrivate);
  res.status = 204;
}

void AccountsApi::sign_out_everywhere(const httplib::Request& req, httplib::Response& res) {
  auto signed_in = require_session(req, res, true);
  if (!signed_in) return;
  auto ended = m_store.end_sessions_of(signed_in->user.id, 0);
  if (!ended) {
    return send_internal_error(m_log, req, res, ended.errors());
  }
  m_log("account " + std::to_string(signed_in->user.id) + " signed out everywhere (" + std::to_string(ended.value()) + " sessions)");
  res.set_header("Set-Cookie", session_clear_cookie(m_config.secure_cookies));
  res.set_header("Cache-Control", kPrivate);
  res.status = 204;
}

std::optional<User> AccountsApi::managed_user(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t user_id,
                                              ClassStore& classes, const char* admin_refusal) {
  if (caller.user_id <= 0) {
    send_error(res, 403, "forbidden", "this API token belongs to no account: make a new token to manage accounts");
    return std::nullopt;
  }
  auto found = m_store.find_user(user_id);
  if (!found) {
    send_internal_error(m_log, req, res, found.errors());
    return std::nullopt;
  }
  auto no_user = [&]() -> std::optional<User> {
    send_error(res, 404, "not_found", "no account with this id among those you manage");
    return std::nullopt;
  };
  if (!found.value()) return no_user();
  const User& user = *found.value();
  if (caller.role == Role::admin) {
    if (user.role == Role::admin) {
      send_error(res, 403, "forbidden", admin_refusal);
      return std::nullopt;
    }
  } else {
    // An instructor manages the students of their own classes; anyone else answers as nobody.
    if (user.role != Role::student) return no_user();
    auto teaches = classes.teaches(caller.user_id, user.id);
    if (!teaches) {
      send_internal_error(m_log, req, res, teaches.errors());
      return std::nullopt;
    }
    if (!teaches.value()) return no_user();
  }
  return user;
}

void AccountsApi::issue_reset_code(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t user_id,
                                   ClassStore& classes) {
  auto managed = managed_user(req, res, caller, user_id, classes,
                              "an admin's password is set on the server machine (umuhanda-server user password), not with a code");
  if (!managed) return;
  const User& user = *managed;
  const std::string code = new_reset_code();
  const UnixSeconds now = unix_now();
  NewResetCode stored;
  stored.user_id = user.id;
  stored.code_hash = keyed_hash(m_reset_code_key, std::to_string(user.id) + ":" + code);
  stored.issued_by = caller.user_id;
  stored.now = now;
  stored.expires_at = now + m_config.reset_code_seconds;
  stored.tries = m_config.reset_code_tries;
  if (auto put = m_store.put_reset_code(stored); !put) return send_internal_error(m_log, req, res, put.errors());
  // The new code gets its tries whatever earlier codes' tries were.
  for (const std::string& login : logins_of(user)) m_wrong_codes_by_login.forget(login);
  m_log("reset code issued for account " + std::to_string(user.id) + " by " + caller.name + " (account " + std::to_string(caller.user_id) + ")");
  send_json(res, 201,
            {{"code", display_code(CodeKind::reset, code)},
             {"expires_at", stored.expires_at},
             {"tries", stored.tries},
             {"user", {{"id", user.id}, {"name", user.name}}}},
            kPrivate);
}

void AccountsApi::add_students(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                               std::int64_t class_id, ClassStore& classes) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  // The class first: another instructor's answers 404 whatever the body, as the other class routes do.
  auto found = classes.find_class(class_id);
  if (!found) return send_internal_error(m_log, req, res, found.errors());
  if (!found.value() || (caller.role != Role::admin && found.value()->instructor_id != caller.user_id)) {
    return send_error(res, 404, "not_found", "no class with this id among yours");
  }
  auto students = parse_class_students_body(text);
  if (!students) return send_error(res, 422, "invalid_body", "no account was created: see details", students.errors());
  // No password verifies against the hash of a secret nobody keeps; signing in to such an account
  // costs the same time as a wrong password on any other, so it does not tell unclaimed accounts.
  const std::string& unusable = unknown_user_hash();
  if (unusable.empty()) return send_error(res, 503, "busy", "the server is short of memory: try again in a moment");
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < students->size(); ++i) codes.push_back(new_reset_code());
  StudentsToAdd added;
  added.class_id = class_id;
  added.students = students.value();
  added.password_hash = unusable;
  added.code_hash = [&](std::size_t index, std::int64_t user_id) {
    return keyed_hash(m_reset_code_key, std::to_string(user_id) + ":" + codes[index]);
  };
  added.issued_by = caller.user_id;
  added.now = unix_now();
  added.expires_at = added.now + m_config.reset_code_seconds;
  added.tries = m_config.reset_code_tries;
  auto outcomes = classes.add_students(added);
  if (!outcomes) return send_internal_error(m_log, req, res, outcomes.errors());
  if (!outcomes.value()) return send_error(res, 404, "not_found", "no class with this id among yours");  // deleted meanwhile
  nlohmann::json created = nlohmann::json::array(), existing = nlohmann::json::array();
  for (const AddedStudent& outcome : *outcomes.value()) {
    const std::string& login = added.students[outcome.index].phone;
    if (outcome.outcome == AddedStudent::Outcome::created) {
      created.push_back({{"user_id", outcome.user_id},
                         {"name", outcome.name},
                         {"login", login},
                         {"reset_code", display_code(CodeKind::reset, codes[outcome.index])},
                         {"expires_at", added.expires_at}});
    } else if (outcome.outcome == AddedStudent::Outcome::added_existing) {
      existing.push_back({{"login", login}, {"status", "added_existing"}, {"user_id", outcome.user_id}, {"name", outcome.name}});
    } else {
      existing.push_back({{"login", login}, {"status", "exists"}});
    }
  }
  m_log("class " + std::to_string(class_id) + ": " + std::to_string(created.size()) + " student account(s) created with reset codes, " +
        std::to_string(existing.size()) + " login(s) already known, by " + caller.name + " (account " + std::to_string(caller.user_id) + ")");
  send_json(res, 200, {{"created", created}, {"existing", existing}, {"tries", added.tries}}, kPrivate);
}

void AccountsApi::set_disabled(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t user_id, ClassStore& classes,
                               bool disabled) {
  auto managed = managed_user(req, res, caller, user_id, classes,
                              "an admin's account is disabled on the server machine (umuhanda-server user disable), not here");
  if (!managed) return;
  // The store's, as `user disable` uses it: the flag and the end of every session in one transaction.
  auto changed = disabled ? m_store.disable_user(managed->id, unix_now()) : m_store.enable_user(managed->id);
  if (!changed) return send_internal_error(m_log, req, res, changed.errors());
  m_log(std::string("account ") + std::to_string(managed->id) + (disabled ? " disabled" : " enabled") + " by " + caller.name + " (account " +
        std::to_string(caller.user_id) + ")");
  send_json(res, 200, {{"user", {{"id", managed->id}, {"name", managed->name}, {"disabled", disabled}}}}, kPrivate);
}

void AccountsApi::reset_password(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
  const auto now = FailureRateLimiter::Clock::now();
  if (refuse_if_throttled(res, m_wrong_codes_by_address, req.remote_addr, now, "wrong reset codes from this address")) return;
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto body = parse_password_reset_body(text);
  if (!body) {
    m_wrong_codes_by_address.record_failure(req.remote_addr, now);
    return send_error(res, 400, "invalid_body", "send your phone number or email, the reset code and a new password", body.errors());
  }
  auto found = m_store.find_user_by_login(body->login.value);
  if (!found) return send_internal_error(m_log, req, res, found.errors());
  // A login nobody has is checked against account 0, which has no code: the same work, the same answer.
  const std::int64_t user_id = found.value() ? found.value()->id : 0;
  const std::string code_hash = keyed_hash(m_reset_code_key, std::to_string(user_id) + ":" + body->code);
  auto check = m_store.check_reset_code(user_id, code_hash, unix_now());
  if (!check) return send_internal_error(m_log, req, res, check.errors());
  auto refuse = [&](const ResetCodeCheck& checked) {
    m_wrong_codes_by_address.record_failure(req.remote_addr, now);
    const std::int64_t wrong_tries = m_wrong_codes_by_login.record_and_count(body->login.value, now);
    send_wrong_code(res, checked.verdict == ResetCodeCheck::Verdict::wrong ? checked.tries_left
                                                                           : std::max<std::int64_t>(0, m_config.reset_code_tries - wrong_tries));
  };
  if (check->verdict != ResetCodeCheck::Verdict::right) return refuse(check.value());
  User user = *found.value();
  if (user.disabled()) return send_error(res, 403, "account_disabled", "this account has been disabled by the school");
  // The code stays live while the new password is refused: the student chooses another.
  Diagnostics refused;
  if (auto checked = check_password(body->password); !checked) refused = checked.errors();
  if (const std::string why = m_dictionary.refusal(body->password); refused.empty() && !why.empty()) refused.push_back(error("password", why));
  if (!refused.empty()) return send_error(res, 400, "invalid_body", "choose another password: see details", refused);
  auto hashed = m_hasher.hash(body->password);
  if (!hashed) return send_error(res, 503, "busy", "the server is short of memory: try again in a moment");
  auto reset = m_store.reset_password(user.id, code_hash, hashed.value(), unix_now());
  if (!reset) return send_internal_error(m_log, req, res, reset.errors());
  // Used or killed by another request meanwhile, or expired while the password was hashed.
  if (!reset.value()) return refuse(ResetCodeCheck{ResetCodeCheck::Verdict::none, 0});
  for (const std::string& login : logins_of(user)) m_wrong_codes_by_login.forget(login);
  m_log("password of account " + std::to_string(user.id) + " reset with a code; its sessions ended");
  user.failed_sign_ins = 0;
  start_session(req, res, user, body->device, 200);
}

void AccountsApi::set_language(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, std::int64_t user_id) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  const bool known = body.is_object() && body.contains("language") && body["language"].is_string() &&
                     (body["language"] == "en" || body["language"] == "fr" || body["language"] == "rw");
  if (!known)
    return send_error(res, 400, "bad_request", "send a JSON object {\"language\": \"en\", \"fr\" or \"rw\"}",
                      {error("language", "the server writes in English (en), French (fr) or Kinyarwanda (rw)")});
  const std::string language = body["language"].get<std::string>();
  if (auto set = m_store.set_language(user_id, language); !set) return send_internal_error(m_log, req, res, set.errors());
  send_json(res, 200, {{"language", language}}, kPrivate);
}

void AccountsApi::delete_account(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, std::int64_t user_id) {
  const auto now = FailureRateLimiter::Clock::now();
  if (refuse_if_throttled(res, m_failures_by_address, req.remote_addr, now, "wrong passwords from this address")) return;
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto password = parse_account_deletion_body(text);
  if (!password) return send_error(res, 400, "bad_request", "confirm with your password: see details", password.errors());
  auto found = m_store.find_user(user_id);
  if (!found) return send_internal_error(m_log, req, res, found.errors());
  if (!found.value()) return send_error(res, 401, "not_signed_in", "sign in first: this needs a session");  // deleted meanwhile
  const User& user = *found.value();
  const std::string login_key = logins_of(user).front() + " " + req.remote_addr;
  if (refuse_if_throttled(res, m_failures_by_login, login_key, now, "wrong passwords for this account")) return;
  if (m_hasher.verify(user.password_hash, password.value()) == PasswordHasher::Verdict::wrong) {
    m_failures_by_address.record_failure(req.remote_addr, now);
    m_failures_by_login.record_failure(login_key, now);
    return send_error(res, 403, "wrong_password", "the password is wrong: nothing was deleted");
  }
  auto deleted = m_store.delete_user(user.id);
  if (!deleted) return send_internal_error(m_log, req, res, deleted.errors());
  if (deleted.value() == AccountDeletion::owns_classes) {
    return send_error(res, 409, "owns_classes",
                      "you still own classes, which would be lost with your account and their students' roster with them: have each class "
                      "handed to another instructor or removed by the school's admin first; nothing was deleted");
  }
  if (deleted.value() == AccountDeletion::no_such_user) return send_error(res, 401, "not_signed_in", "sign in first: this needs a session");
  m_log("account " + std::to_string(user.id) + " (" + std::string(to_string(user.role)) + ") deleted by its owner, with all of its data");
  res.set_header("Set-Cookie", session_clear_cookie(m_config.secure_cookies));
  res.set_header("Cache-Control", kPrivate);
  res.status = 204;
}

}  // namespace umuhanda
