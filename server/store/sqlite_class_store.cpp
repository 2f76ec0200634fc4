#include "store/sqlite_class_store.hpp"

#include "secret_tokens.hpp"

namespace umuhanda {
namespace {

// A class with its instructor's name and its member count, in one row.
constexpr const char* kClassSelect =
    "SELECT c.id, c.name, c.instructor_id, u.name, c.join_code, c.joining, c.created_at,"
    " (SELECT COUNT(*) FROM class_members m WHERE m.class_id = c.id)"
    " FROM classes c JOIN users u ON u.id = c.instructor_id ";

Class read_class(const Statement& row) {
  return Class{row.column_int(0),  row.column_text(1),     row.column_int(2), row.column_text(3),
               row.column_text(4), row.column_int(5) != 0, row.column_int(6), row.column_int(7)};
}

Expected<std::vector<Class>> many_classes(Database& db, const std::string& where, auto bind) {
  auto query = db.prepare(std::string(kClassSelect) + where + " ORDER BY c.created_at, c.id");
  if (!query) return query.errors();
  bind(query.value());
  std::vector<Class> classes;
  for (;;) {
    auto row = query->step();
    if (!row) return row.errors();
    if (!row.value()) break;
    classes.push_back(read_class(query.value()));
  }
  return classes;
}

Expected<std::optional<Class>> one_class(Database& db, std::int64_t class_id) {
  auto found = many_classes(db, "WHERE c.id = ?1", [&](Statement& q) { q.bind(1, class_id); });
  if (!found) return found.errors();
  if (found->empty()) return std::optional<Class>();
  return std::optional<Class>(found->front());
}

}  // namespace

SqliteClassStore::SqliteClassStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers, CodeSource new_code)
    : m_writer(writer), m_writer_mutex(writer_mutex), m_readers(readers), m_new_code(new_code ? std::move(new_code) : CodeSource(new_join_code)) {}

Expected<std::string> SqliteClassStore::unused_code(Database& db) {
  auto taken = db.prepare("SELECT 1 FROM classes WHERE join_code = ?1");
  if (!taken) return taken.errors();
  for (int attempt = 0; attempt < kCodeAttempts; ++attempt) {
    std::string code = m_new_code();
    taken->reset();
    taken->bind(1, code);
    auto row = taken->step();
    if (!row) return row.errors();
    if (!row.value()) return code;
  }
  return Expected<std::string>::failure("join_code",
                                        std::to_string(kCodeAttempts) + " codes drawn in a row were all taken (is the random source broken?)");
}

Expected<Class> SqliteClassStore::create_class(const NewClass& created) {
  return write([&](Database& db) -> Expected<Class> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    auto code = unused_code(db);
    if (!code) return code.errors();
    auto insert = db.prepare("INSERT INTO classes (name, instructor_id, join_code, joining, created_at) VALUES (?1, ?2, ?3, 1, ?4) RETURNING id");
    if (!insert) return insert.errors();
    insert->bind(1, created.name).bind(2, created.instructor_id).bind(3, code.value()).bind(4, created.now);
    auto row = insert->step();
    if (!row) return row.errors();
    const std::int64_t id = insert->column_int(0);
    if (auto done = insert->run(); !done) return done.errors();
    auto stored = one_class(db, id);
    if (!stored) return stored.errors();
    if (!stored.value()) return Expected<Class>::failure("instructor " + std::to_string(created.instructor_id), "does not exist");
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return *stored.value();
  });
}

Expected<std::optional<Class>> SqliteClassStore::find_class(std::int64_t class_id) {
  return m_readers.with([&](Database& db) { return one_class(db, class_id); });
}

Expected<std::vector<Class>> SqliteClassStore::classes_of_instructor(std::int64_t instructor_id) {
  return m_readers.with(
      [&](Database& db) { return many_classes(db, "WHERE c.instructor_id = ?1", [&](Statement& q) { q.bind(1, instructor_id); }); });
}

Expected<std::vector<Class>> SqliteClassStore::all_classes() {
  return m_readers.with([&](Database& db) { return many_classes(db, "", [](Statement&) {}); });
}

Expected<std::vector<Class>> SqliteClassStore::classes_of_student(std::int64_t user_id) {
  return m_readers.with([&](Database& db) {
    return many_classes(db, "WHERE c.id IN (SELECT class_id FROM class_members WHERE user_id = ?1)", [&](Statement& q) { q.bind(1, user_id); });
  });
}

Expected<bool> SqliteClassStore::teaches(std::int64_t instructor_id, std::int64_t user_id) {
  return m_readers.with([&](Database& db) -> Expected<bool> {
    auto query =
        db.prepare("SELECT EXISTS (SELECT 1 FROM class_members m JOIN classes c ON c.id = m.class_id WHERE c.instructor_id = ?1 AND m.user_id = ?2)");
    if (!query) return query.errors();
    query->bind(1, instructor_id).bind(2, user_id);
    if (auto row = query->step(); !row) return row.errors();
    return query->column_int(0) != 0;
  });
}

Expected<std::optional<Class>> SqliteClassStore::rename_class(std::int64_t class_id, const std::string& name) {
  return write([&](Database& db) -> Expected<std::optional<Class>> {
    auto update = db.prepare("UPDATE classes SET name = ?2 WHERE id = ?1");
    if (!update) return update.errors();
    update->bind(1, class_id).bind(2, name);
    if (auto done = update->run(); !done) return done.errors();
    return one_class(db, class_id);
  });
}

Expected<std::optional<Class>> SqliteClassStore::rotate_code(std::int64_t class_id) {
  return write([&](Database& db) -> Expected<std::optional<Class>> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    auto code = unused_code(db);
    if (!code) return code.errors();
    auto update = db.prepare("UPDATE classes SET join_code = ?2 WHERE id = ?1");
    if (!update) return update.errors();
    update->bind(1, class_id).bind(2, code.value());
    if (auto done = update->run(); !done) return done.errors();
    auto rotated = one_class(db, class_id);
    if (!rotated) return rotated.errors();
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return rotated;
  });
}

Expected<std::optional<Class>> SqliteClassStore::set_joining(std::int64_t class_id, bool joining) {
  return write([&](Database& db) -> Expected<std::optional<Class>> {
    auto update = db.prepare("UPDATE classes SET joining = ?2 WHERE id = ?1");
    if (!update) return update.errors();
    update->bind(1, class_id).bind(2, std::int64_t{joining ? 1 : 0});
    if (auto done = update->run(); !done) return done.errors();
    return one_class(db, class_id);
  });
}

Expected<std::optional<Joined>> SqliteClassStore::join(const std::string& code, std::int64_t user_id, UnixSeconds now) {
  return write([&](Database& db) -> Expected<std::optional<Joined>> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    auto found = db.prepare("SELECT id FROM classes WHERE join_code = ?1 AND joining = 1");
    if (!found) return found.errors();
    found->bind(1, code);
    auto row = found->step();
    if (!row) return row.errors();
    if (!row.value()) return std::optional<Joined>();
    const std::int64_t class_id = found->column_int(0);
    // A second join keeps the first joined_at: ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike).
    auto insert =
        db.prepare("INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT (class_id, user_id) DO NOTHING");
    if (!insert) return insert.errors();
    insert->bind(1, class_id).bind(2, user_id).bind(3, now);
    if (auto done = insert->run(); !done) return done.errors();
    const bool new_member = sqlite3_changes(db.handle()) > 0;
    auto joined = one_class(db, class_id);
    if (!joined) return joined.errors();
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return std::optional<Joined>(Joined{*joined.value(), new_member});
  });
}

Expected<std::optional<std::vector<AddedStudent>>> SqliteClassStore::add_students(const StudentsToAdd& added) {
  using Result = std::optional<std::vector<AddedStudent>>;
  return write([&](Database& db) -> Expected<Result> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    auto cls = one_class(db, added.class_id);
    if (!cls) return cls.errors();
    if (!cls.value()) return Result();
    auto find = db.prepare("SELECT id, name, role FROM users WHERE phone = ?1");
    auto insert = db.prepare("INSERT INTO users (name, phone, role, password_hash, created_at) VALUES (?1, ?2, 'student', ?3, ?4) RETURNING id");
    auto member =
        db.prepare("INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT (class_id, user_id) DO NOTHING");
    auto code =
        db.prepare("INSERT INTO reset_codes (user_id, code_hash, issued_by, issued_at, expires_at, tries_left) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (auto* statement : {&find, &insert, &member, &code}) {
      if (!*statement) return statement->errors();
    }
    std::vector<AddedStudent> outcomes;
    for (std::size_t i = 0; i < added.students.size(); ++i) {
      const NewStudent& student = added.students[i];
      AddedStudent outcome;
      outcome.index = i;
      find->reset();
      find->bind(1, student.phone);
      auto row = find->step();
      if (!row) return row.errors();
      if (row.value()) {
        outcome.user_id = find->column_int(0);
        outcome.name = find->column_text(1);
        outcome.outcome = find->column_text(2) == "student" ? AddedStudent::Outcome::added_existing : AddedStudent::Outcome::exists;
      } else {
        insert->reset();
        insert->bind(1, student.name).bind(2, student.phone).bind(3, added.password_hash).bind(4, added.now);
        auto inserted = insert->step();
        if (!inserted) return inserted.errors();
        outcome.user_id = insert->column_int(0);
        if (auto done = insert->run(); !done) return done.errors();
        outcome.name = student.name;
        code->reset();
        code->bind(1, outcome.user_id)
            .bind(2, added.code_hash(i, outcome.user_id))
            .bind(3, added.issued_by)
            .bind(4, added.now)
            .bind(5, added.expires_at)
            .bind(6, added.tries);
        if (auto done = code->run(); !done) return done.errors();
      }
      if (outcome.outcome != AddedStudent::Outcome::exists) {
        member->reset();
        member->bind(1, added.class_id).bind(2, outcome.user_id).bind(3, added.now);
        if (auto done = member->run(); !done) return done.errors();
      }
      outcomes.push_back(std::move(outcome));
    }
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return Result(std::move(outcomes));
  });
}

Expected<bool> SqliteClassStore::remove_member(std::int64_t class_id, std::int64_t user_id) {
  return write([&](Database& db) -> Expected<bool> {
    auto remove = db.prepare("DELETE FROM class_members WHERE class_id = ?1 AND user_id = ?2");
    if (!remove) return remove.errors();
    remove->bind(1, class_id).bind(2, user_id);
    if (auto done = remove->run(); !done) return done.errors();
    return sqlite3_changes(db.handle()) > 0;
  });
}

Expected<std::vector<ClassMember>> SqliteClassStore::members(std::int64_t class_id) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<ClassMember>> {
    // Two correlated subqueries on progress_events (user_id, seq): one index range per student.
    auto query = db.prepare(
        "SELECT u.id, u.name, m.joined_at,"
        " (SELECT MAX(e.at_ms) FROM progress_events e WHERE e.user_id = u.id),"
        " (SELECT COUNT(*) FROM progress_events e WHERE e.user_id = u.id), u.disabled_at IS NOT NULL"
        " FROM class_members m JOIN users u ON u.id = m.user_id WHERE m.class_id = ?1 ORDER BY u.name, u.id");
    if (!query) return query.errors();
    query->bind(1, class_id);
    std::vector<ClassMember> members;
    for (;;) {
      auto row = query->step();
      if (!row) return row.errors();
      if (!row.value()) break;
      members.push_back(ClassMember{query->column_int(0), query->column_text(1), query->column_int(2), query->column_optional_int(3),
                                    query->column_int(4), query->column_int(5) != 0});
    }
    return members;
  });
}

}  // namespace umuhanda
