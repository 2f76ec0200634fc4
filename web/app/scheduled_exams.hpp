// ScheduledExams: the student's side of scheduled exams (docs/exams.md) apart from its drawing
// (ScheduledExamScreen draws it). The list with countdowns read from the SERVER's clock (the offset
// server_now - device clock, kept at every answer that carries server_now: a phone set wrong never
// opens an exam early or late on screen), starting one, and the sitting kept in storage after every
// answer (paper, answers, the clock offset), so a reload or a lost connection loses nothing. A
// submission made offline waits in storage and is sent as soon as the network is back: the server
// decides counted or late by its own clock at receipt. Then the result with its review, the
// ranking, and the two choices (reminders, appearing in rankings). Errors are values naming what
// was being done.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/account.hpp"
#include "platform/http_client.hpp"
#include "platform/key_value_store.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

// The student's attempt at one exam, as the server reports it (times in Unix seconds).
struct ScheduledAttempt {
  std::int64_t started_at = 0;
  std::optional<std::int64_t> submitted_at;
  int score = 0;
  int total = 0;
  bool passed = false;
  bool late = false;     // arrived after the end plus the grace: recorded, not counted
  bool counted = false;  // the server's word, never the app's guess
};

// One exam of GET /api/v1/exams (times in Unix seconds, by the server's clock).
struct ScheduledExam {
  std::int64_t id = 0;
  std::string name;
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;
  std::int64_t grace_seconds = 0;
  int question_count = 0;
  int pass_mark = 0;
  std::optional<ScheduledAttempt> attempt;
};

enum class ExamStatus { upcoming, open, closed };

// What went wrong, with what the app was doing ("start", "submit", "list", "result", "ranking",
// "remind_me", "show_me", "storage"), the server's code ("offline" without an answer) and its message.
struct ExamProblem {
  std::string action;
  std::string code;
  std::string message;
  std::string describe() const { return action + ": " + code + ": " + message; }
};

// One question answered (or not) in the review: the paper with its answers from the server.
struct ScheduledReviewItem {
  std::string question_id;
  std::vector<std::size_t> chosen;  // empty: not answered
  bool right = false;
};

struct ScheduledResult {
  ScheduledExam exam;
  ScheduledAttempt attempt;
  Pack paper;  // with the answers and explanations
  std::vector<ScheduledReviewItem> review;
};

struct RankingRow {
  int rank = 0;
  std::string name;
  int score = 0;
  std::int64_t seconds = 0;
};

struct Ranking {
  std::int64_t exam_id = 0;
  bool show_me = false;
  std::vector<RankingRow> rows;
};

class ScheduledExams {
public:
  // In stores::kMeta, one per student ("scheduled_exam:sitting:7"): on a shared phone a student's
  // exam (and answers waiting to be sent) stays theirs, shown and sent only while they are signed in.
  static constexpr const char* kSittingKey = "scheduled_exam:sitting:";
  static constexpr const char* kChoicesKey = "scheduled_exam:choices";  // in stores::kMeta
  static constexpr std::int64_t kFirstRetryMs = 3000;                   // a waiting submission; doubles up to kLastRetryMs
  static constexpr std::int64_t kLastRetryMs = 30000;
  static constexpr std::int64_t kCheckMs = 10000;  // while sitting: is the server reachable, what time is it there

  // The exam being sat: its paper without answers, the student's answers, where they are.
  struct Sitting {
    ScheduledExam exam;
    std::string paper_json;  // as the server sent it (stored; parsed into `paper`)
    Pack paper;
    std::map<std::string, std::vector<std::size_t>> answers;  // question id -> choices, as sent on submit
    std::size_t index = 0;
    bool submit_pending = false;  // the student submitted; the server has not acknowledged it yet
  };

  ScheduledExams(HttpClient& http, KeyValueStore& storage, const Clock& clock);

  // At start, once storage opened: reads a sitting left in progress (and a submission still waiting,
  // which is sent at once) and the two remembered choices.
  void load(bool storage_open);
  // Called every frame: sends a waiting submission when due, submits when the time is up, checks the
  // connection now and then while sitting. Cheap when nothing is due.
  void update();
  // The connection came back: a waiting submission goes now.
  void network_back();
  void forget();  // after signing out: nothing of the previous student stays on screen
  // Who is signed in (or remembered, offline); 0 for nobody. Each frame: cheap when unchanged. Another
  // student's exam leaves memory (it stays stored for them) and this one's is read back.
  void set_user(std::int64_t user_id);

  void refresh();  // GET /api/v1/exams
  void start(std::int64_t exam_id);
  // Picks `choice` for the current question (toggles it on a question with several answers).
  void answer(std::size_t choice);
  void go_to(std::size_t index);
  void submit();
  void open_result(std::int64_t exam_id);
  void open_ranking(std::int64_t exam_id);
  void set_remind_me(bool remind);
  void set_show_me(bool show);

  // The server's clock now (ms), from the device's and the last offset the server gave.
  std::int64_t server_now_ms() const { return m_clock.now_ms() + m_offset_ms; }
  std::int64_t offset_ms() const { return m_offset_ms; }
  ExamStatus status_of(const ScheduledExam& exam) const;
  std::int64_t ms_until_start(const ScheduledExam& exam) const { return exam.starts_at * 1000 - server_now_ms(); }
  std::int64_t ms_until_end(const ScheduledExam& exam) const { return exam.ends_at * 1000 - server_now_ms(); }

  const std::vector<ScheduledExam>& exams() const { return m_exams; }
  bool loaded() const { return m_loaded; }
  bool loading() const { return m_loading; }
  bool starting() const { return m_starting; }
  const std::optional<Sitting>& sitting() const { return m_sitting; }
  const std::optional<ScheduledResult>& result() const { return m_result; }
  bool result_loading() const { return m_result_loading; }
  const std::optional<Ranking>& ranking() const { return m_ranking; }
  bool remind_me() const { return m_remind_me; }
  bool show_me() const { return m_show_me; }
  // The last request got no answer at all: the phone is offline (or the server unreachable).
  bool offline() const { return m_offline; }
  const std::optional<ExamProblem>& problem() const { return m_problem; }
  std::uint64_t revision() const { return m_revision; }
  std::size_t saves_done() const { return m_saves_done; }
  nlohmann::json state_json() const;

private:
  void changed() { ++m_revision; }
  void heard(const HttpResponse& response);  // online or not, from any answer
  void fail(const std::string& action, const HttpResponse& response);
  void take_server_now(const nlohmann::json& seconds);
  static std::string sitting_key(std::int64_t user_id);
  void read_sitting();  // m_user's, into memory
  void read_choices();
  void save_sitting();
  void save_choices();
  void send_submission();
  void check_connection();
  void take_result(const nlohmann::json& json, const std::optional<nlohmann::json>& answers);

  HttpClient& m_http;
  KeyValueStore& m_storage;
  const Clock& m_clock;
  bool m_storage_open = false;
  std::int64_t m_user = 0;  // whose exam is in memory and storage is read for
  std::int64_t m_offset_ms = 0;
  std::vector<ScheduledExam> m_exams;
  bool m_loaded = false, m_loading = false, m_starting = false, m_result_loading = false;
  std::optional<Sitting> m_sitting;
  std::optional<ScheduledResult> m_result;
  std::optional<Ranking> m_ranking;
  bool m_remind_me = false, m_show_me = false;
  bool m_offline = false;
  bool m_sending = false;
  std::optional<std::int64_t> m_send_due_ms;
  std::int64_t m_retry_ms = kFirstRetryMs;
  std::int64_t m_next_check_ms = 0;
  std::optional<ExamProblem> m_problem;
  std::uint64_t m_revision = 0;
  std::size_t m_saves_done = 0;
  std::size_t m_sends = 0;  // submission attempts in this visit
};

std::string_view to_string(ExamStatus status);
// From the server's JSON; nullopt when it is not one.
std::optional<ScheduledExam> scheduled_exam_from(const nlohmann::json& json);
std::optional<ScheduledAttempt> scheduled_attempt_from(const nlohmann::json& json);

}  // namespace umuhanda
