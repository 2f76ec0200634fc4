// ClassStore on the server's SQLite file: writes on the one writing connection (under its mutex),
// reads on the read-only connections, like the account store.
#pragma once

#include <functional>
#include <mutex>

#include "sqlite_database.hpp"
#include "store/class_store.hpp"

namespace umuhanda {

class SqliteClassStore final : public ClassStore {
public:
  // Draws a join code in canonical form; tests pass their own to force collisions.
  using CodeSource = std::function<std::string()>;
  // All three outlive the store. `new_code` defaults to new_join_code (secret_tokens.hpp).
  SqliteClassStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers, CodeSource new_code = {});

  Expected<Class> create_class(const NewClass& created) override;
  Expected<std::optional<Class>> find_class(std::int64_t class_id) override;
  Expected<std::vector<Class>> classes_of_instructor(std::int64_t instructor_id) override;
  Expected<std::vector<Class>> all_classes() override;
  Expected<std::vector<Class>> classes_of_student(std::int64_t user_id) override;
  Expected<bool> teaches(std::int64_t instructor_id, std::int64_t user_id) override;
  Expected<std::optional<Class>> rename_class(std::int64_t class_id, const std::string& name) override;
  Expected<std::optional<Class>> rotate_code(std::int64_t class_id) override;
  Expected<std::optional<Class>> set_joining(std::int64_t class_id, bool joining) override;
  Expected<std::optional<Joined>> join(const std::string& code, std::int64_t user_id, UnixSeconds now) override;
  Expected<bool> remove_member(std::int64_t class_id, std::int64_t user_id) override;
  Expected<std::optional<std::vector<AddedStudent>>> add_students(const StudentsToAdd& added) override;
  Expected<std::vector<ClassMember>> members(std::int64_t class_id) override;

  // Codes drawn for one class before giving up: 40 bits make even one collision rare.
  static constexpr int kCodeAttempts = 10;

private:
  template <class Write>
  auto write(Write&& work) {
    std::lock_guard lock(m_writer_mutex);
    return work(m_writer);
  }
  // A code no class has now, drawn on the writer inside the caller's transaction.
  Expected<std::string> unused_code(Database& db);

  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;
  CodeSource m_new_code;
};

}  // namespace umuhanda
