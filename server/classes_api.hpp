// The classes routes (docs/api.md, "Classes"): instructors create classes and share their join
// codes, students join with a code, and a class's instructor (or an admin) sees its roster with
// each student's activity and readiness, computed from the progress they synced (docs/sync.md).
// Another instructor's class is a 404, as if it did not exist.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "content_store.hpp"
#include "rate_limiter.hpp"
#include "store/class_store.hpp"
#include "store/sync_store.hpp"
#include "umuhanda/pack.hpp"
#include "umuhanda/progress_log.hpp"
#include "umuhanda/statistics.hpp"

namespace httplib {
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace umuhanda {

struct Caller;  // server_app.hpp

class ClassesApi {
public:
  using LogSink = std::function<void(const std::string&)>;
  ClassesApi(ClassStore& classes, SyncStore& progress, ContentStore& content, LogSink log)
      : m_classes(classes), m_progress(progress), m_content(content), m_log(std::move(log)) {}

  // Each is called with the caller ServerApp authenticated: staff for all but list and join, a
  // student's session for join. The routes with a body were admitted before it was read
  // (ServerApp::admit_before_body: JSON, at most kMaxBodyBytes, same origin for a session).
  void create(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller);
  void list(const httplib::Request& req, httplib::Response& res, const Caller& caller);
  void show(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id);
  void rename(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
              std::int64_t class_id);
  void change_code(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                   std::int64_t class_id);
  void join(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller);
  void roster(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id);
  // The same roster as a spreadsheet (CSV, docs/api.md), downloaded as a file.
  void roster_csv(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id);
  // Every mock exam attempt of every student of the class, a CSV line each, downloaded as a file.
  void results_csv(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id);
  // One student of the class: their topics, exam history and current mistakes (404 for anyone
  // not in the class, as for a class not the caller's).
  void student(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id, std::int64_t user_id);
  // The join code as a QR code (PNG) to show on a projector or print; 404 while joining is off.
  void code_png(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id);
  void remove_student(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id, std::int64_t user_id);

  static constexpr std::size_t kMaxBodyBytes = 4 * 1024;
  // The QR code image is at least this wide: sharp at 3 device pixels per CSS pixel on a phone, and
  // from a projector across a classroom.
  static constexpr int kQrMinPixels = 512;
  // The pack the roster's statistics are computed over: the one every client practises with.
  static constexpr const char* kRosterPackId = "umuhanda-default";

private:
  // A student's line of the roster: their figures, computed from their synced progress.
  struct RosterRow {
    ClassMember member;
    std::size_t answers = 0;  // since the latest reset, of any pack
    Statistics stats;         // over the roster pack
  };
  // Every student of the class, their statistics over `over`.
  Expected<std::vector<RosterRow>> roster_rows(std::int64_t class_id, const Pack& over);
  static nlohmann::json student_json(const RosterRow& row);
  // The class, the pack and the rows when the caller may see the class; otherwise nullopt with the
  // answer written (as owned_class, or a 500).
  struct OwnedRoster {
    Class cls;
    std::shared_ptr<const Pack> pack;  // never null: an empty pack before one is published
    std::vector<RosterRow> rows;
  };
  std::optional<OwnedRoster> owned_roster(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id);
  // A student's synced progress log, in the order things happened.
  Expected<ProgressLog> student_log(std::int64_t user_id);
  // The class when the caller may manage it (its instructor, or an admin); otherwise nullopt with
  // the answer written (404 for another instructor's class, as for one that does not exist).
  std::optional<Class> owned_class(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id);
  // The roster pack's current version, parsed once per version (nullptr when there is none).
  Expected<std::shared_ptr<const Pack>> roster_pack();

  ClassStore& m_classes;
  SyncStore& m_progress;
  ContentStore& m_content;
  LogSink m_log;
  // Wrong join codes: 20 per address in 15 minutes, then 429 until the window has passed. With 2^40
  // codes, one address would guess for some 1,500 years to find one of a thousand classes' codes.
  FailureRateLimiter m_wrong_codes{20, std::chrono::minutes(15)};
  std::mutex m_pack_mutex;
  int m_pack_version = 0;
  std::shared_ptr<const Pack> m_pack;
};

}  // namespace umuhanda
