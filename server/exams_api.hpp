// Scheduled exams over HTTP (docs/exams.md): admins set the rules; students see the exams they may
// sit, start one at its time (not one question leaves the server before), and submit it once,
// counted when it arrives by the end and the grace, recorded as late after.
#pragma once

#include <functional>
#include <string>

#include "store/exam_store.hpp"
#include "umuhanda/clock.hpp"

namespace httplib {
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace umuhanda {

struct Caller;  // server_app.hpp

class ExamsApi {
public:
  using LogSink = std::function<void(const std::string&)>;
  ExamsApi(ExamStore& store, const Clock& clock, LogSink log) : m_store(store), m_clock(clock), m_log(std::move(log)) {}

  // POST /api/v1/exam-schedules and /api/v1/exam-schedules/{id} (id > 0), admins.
  void save_schedule(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, std::int64_t id);
  void list_schedules(const httplib::Request& req, httplib::Response& res);
  // GET /api/v1/admin/exams?days=N, admins: the exams of the last N days (default 7, at most 62)
  // and those ahead, with how many started, submitted and passed.
  void overview(const httplib::Request& req, httplib::Response& res);
  // GET /api/v1/exams: the caller's, from a day ago to the horizon, with the server's time.
  void list_exams(const httplib::Request& req, httplib::Response& res, const Caller& caller);
  void start(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t exam_id);
  void submit(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
              std::int64_t exam_id);
  void result(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t exam_id);
  // GET /api/v1/exams/{id}/ranking: the counted attempts of students who chose to appear.
  void ranking(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t exam_id);
  // POST /api/v1/me/rankings {"show_me": true | false}: whether the caller appears in rankings.
  void show_in_rankings(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller);
  // POST /api/v1/me/exam-reminders {"remind_me": true | false}.
  void remind_of_exams(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller);

  static constexpr std::size_t kMaxBodyBytes = 64 * 1024;

private:
  std::int64_t now() const { return m_clock.now_ms() / 1000; }
  // Answers a refusal; false when there is none.
  bool refused(httplib::Response& res, const ExamOutcome& outcome);

  ExamStore& m_store;
  const Clock& m_clock;
  LogSink m_log;
};

}  // namespace umuhanda
