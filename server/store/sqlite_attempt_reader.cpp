// SqliteAttemptReader (sqlite_attempt_reader.hpp).
#include "store/sqlite_attempt_reader.hpp"

#include <nlohmann/json.hpp>

namespace umuhanda {

Expected<std::vector<SyncedExamAttempt>> SqliteAttemptReader::synced_attempts_after(std::int64_t after_seq, std::size_t limit) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<SyncedExamAttempt>> {
    // A range of the primary key: only what was stored since the last look is read.
    auto query = db.prepare("SELECT seq, user_id, body FROM progress_events WHERE seq > ?1 AND type = 'exam_attempt' ORDER BY seq LIMIT ?2");
    if (!query) return query.errors();
    query->bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
    return read_rows<SyncedExamAttempt>(query.value(), [](const Statement& row) {
      return SyncedExamAttempt{row.column_int(0), row.column_int(1), row.column_text(2)};
    });
  });
}

Expected<std::size_t> SqliteAttemptReader::existing_users(const std::vector<std::int64_t>& user_ids) {
  if (user_ids.empty()) return std::size_t{0};
  return m_readers.with([&](Database& db) -> Expected<std::size_t> {
    auto query = db.prepare("SELECT COUNT(*) FROM users WHERE id IN (SELECT value FROM json_each(?1))");
    if (!query) return query.errors();
    query->bind(1, nlohmann::json(user_ids).dump());
    auto row = query->step();
    if (!row) return row.errors();
    const auto count = static_cast<std::size_t>(query->column_int(0));
    query->reset();
    return count;
  });
}

Expected<std::vector<SubmittedScheduledExam>> SqliteAttemptReader::scheduled_attempts(const std::string& pack_id) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<SubmittedScheduledExam>> {
    auto query = db.prepare(
        "SELECT e.id, s.name, e.starts_at, a.user_id, a.submitted_at, a.answers, e.paper FROM exam_attempts a"
        " JOIN scheduled_exams e ON e.id = a.exam_id JOIN exam_schedules s ON s.id = e.schedule_id"
        " WHERE e.pack_id = ?1 AND a.submitted_at IS NOT NULL ORDER BY a.submitted_at, a.exam_id, a.user_id");
    if (!query) return query.errors();
    query->bind(1, pack_id);
    return read_rows<SubmittedScheduledExam>(query.value(), [](const Statement& row) {
      return SubmittedScheduledExam{row.column_int(0), row.column_text(1), row.column_int(2),
                                    row.column_int(3), row.column_int(4),  row.column_optional_text(5).value_or("{}"),
                                    row.column_text(6)};
    });
  });
}

}  // namespace umuhanda
