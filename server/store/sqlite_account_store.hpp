// AccountStore on the server's SQLite file: writes on the one writing connection (under its
// mutex), reads on the read-only connections, so signing in never waits for an upload's import.
#pragma once

#include <mutex>

#include "sqlite_database.hpp"
#include "store/account_store.hpp"

namespace umuhanda {

class SqliteAccountStore final : public AccountStore {
public:
  // All three outlive the store.
  SqliteAccountStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers)
      : m_writer(writer), m_writer_mutex(writer_mutex), m_readers(readers) {}

  Expected<User> create_user(const NewUser& user) override;
  Expected<std::optional<User>> find_user(std::int64_t id) override;
  Expected<std::optional<User>> find_user_by_login(const std::string& phone_or_email) override;
  Expected<void> set_password_hash(std::int64_t user_id, const std::string& password_hash) override;
  Expected<std::int64_t> record_failed_sign_in(std::int64_t user_id) override;
  Expected<void> clear_failed_sign_ins(std::int64_t user_id) override;
  Expected<void> disable_user(std::int64_t user_id, UnixSeconds now) override;
  Expected<void> enable_user(std::int64_t user_id) override;
  Expected<std::vector<User>> find_users(const UserSearch& search) override;
  Expected<RoleChange> set_role(std::int64_t user_id, Role role, std::int64_t actor_id, UnixSeconds now) override;
  Expected<void> set_language(std::int64_t user_id, const std::string& language) override;

  Expected<Session> create_session(const NewSession& session) override;
  Expected<std::optional<SignedIn>> find_session(const std::string& token_hash, UnixSeconds now) override;
  Expected<bool> touch_session(std::int64_t session_id, UnixSeconds now, std::int64_t granularity) override;
  Expected<bool> end_session(std::int64_t user_id, std::int64_t session_id) override;
  Expected<std::int64_t> end_sessions_of(std::int64_t user_id, std::int64_t keep) override;
  Expected<std::vector<Session>> sessions_of(std::int64_t user_id, UnixSeconds now) override;

  Expected<void> put_reset_code(const NewResetCode& code) override;
  Expected<std::optional<ResetCode>> find_reset_code(std::int64_t user_id, UnixSeconds now) override;
  Expected<ResetCodeCheck> check_reset_code(std::int64_t user_id, const std::string& code_hash, UnixSeconds now) override;
  Expected<bool> reset_password(std::int64_t user_id, const std::string& code_hash, const std::string& password_hash, UnixSeconds now) override;

  Expected<AccountDeletion> delete_user(std::int64_t user_id) override;

private:
  template <class Write>
  auto write(Write&& work) {
    std::lock_guard lock(m_writer_mutex);
    return work(m_writer);
  }

  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;
};

}  // namespace umuhanda
