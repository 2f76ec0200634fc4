// The exams students sat, as item statistics read them (docs/api.md, "Item statistics"): the mock
// exams their devices synced (exam_attempt events) and the scheduled exams they submitted, with
// each exam's frozen paper. Behind an interface free of SQLite types, like the other stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// A synced mock exam: the record's JSON line as stored, numbered in the order it was stored.
struct SyncedExamAttempt {
  std::int64_t seq = 0;
  std::int64_t user_id = 0;
  std::string body;
};

// A scheduled exam one student submitted (late ones too: their answers are as real).
struct SubmittedScheduledExam {
  std::int64_t exam_id = 0;
  std::string exam_name;  // its rule's
  std::int64_t starts_at = 0;
  std::int64_t user_id = 0;
  std::int64_t submitted_at = 0;  // Unix seconds
  std::string answers;            // JSON {"question id": [choices]}
  std::string paper;              // the frozen paper: pack JSON of its questions, with the key
};

class AttemptReader {
public:
  virtual ~AttemptReader() = default;
  // The mock exams stored after `after_seq`, oldest first, at most `limit`.
  virtual Expected<std::vector<SyncedExamAttempt>> synced_attempts_after(std::int64_t after_seq, std::size_t limit) = 0;
  // How many of `user_ids` still have an account (a deleted account takes its attempts along).
  virtual Expected<std::size_t> existing_users(const std::vector<std::int64_t>& user_ids) = 0;
  // Every submitted attempt at a scheduled exam of `pack_id`.
  virtual Expected<std::vector<SubmittedScheduledExam>> scheduled_attempts(const std::string& pack_id) = 0;
};

}  // namespace umuhanda
