// ScheduledExams over the server's JSON routes and the device's storage.
// [SECTION] JSON in and out
// [SECTION] Storage: the sitting and the choices
// [SECTION] The list and the server's clock
// [SECTION] Sitting: start, answer, submit (and again when offline)
// [SECTION] Result, ranking, choices
// [SECTION] Test hook state
#include "app/scheduled_exams.hpp"

#include <algorithm>

#include "platform/app_window.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {

// [SECTION] JSON in and out

std::string_view to_string(ExamStatus status) {
  switch (status) {
    case ExamStatus::upcoming: return "upcoming";
    case ExamStatus::open: return "open";
    case ExamStatus::closed: return "closed";
  }
  return "closed";
}

std::optional<ScheduledAttempt> scheduled_attempt_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("started_at") || !json["started_at"].is_number_integer()) return std::nullopt;
  ScheduledAttempt attempt;
  attempt.started_at = json["started_at"].get<std::int64_t>();
  if (json.contains("submitted_at") && json["submitted_at"].is_number_integer()) attempt.submitted_at = json["submitted_at"].get<std::int64_t>();
  attempt.score = json.value("score", 0);
  attempt.total = json.value("total", 0);
  attempt.passed = json.value("passed", false);
  attempt.late = json.value("late", false);
  attempt.counted = json.value("counted", false);
  return attempt;
}

std::optional<ScheduledExam> scheduled_exam_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer() || !json.contains("starts_at") ||
      !json["starts_at"].is_number_integer() || !json.contains("ends_at") || !json["ends_at"].is_number_integer())
    return std::nullopt;
  ScheduledExam exam;
  exam.id = json["id"].get<std::int64_t>();
  exam.name = json.value("name", std::string());
  exam.starts_at = json["starts_at"].get<std::int64_t>();
  exam.ends_at = json["ends_at"].get<std::int64_t>();
  exam.grace_seconds = json.value("grace_seconds", std::int64_t{0});
  exam.question_count = json.value("question_count", 0);
  exam.pass_mark = json.value("pass_mark", 0);
  if (json.contains("attempt")) exam.attempt = scheduled_attempt_from(json["attempt"]);
  return exam;
}

namespace {

nlohmann::json exam_to_json(const ScheduledExam& exam) {
  return {{"id", exam.id},
          {"name", exam.name},
          {"starts_at", exam.starts_at},
          {"ends_at", exam.ends_at},
          {"grace_seconds", exam.grace_seconds},
          {"question_count", exam.question_count},
          {"pass_mark", exam.pass_mark}};
}

std::string exam_path(std::int64_t exam_id, const char* what) { return "/api/v1/exams/" + std::to_string(exam_id) + "/" + what; }

// The paper (a pack of its questions) from the server's JSON object; the reason when it is not one.
Expected<Pack> paper_from(const nlohmann::json& json) {
  if (!json.is_object()) return Diagnostics{error("paper", "is not a JSON object")};
  // The paper to sit comes without its answers, which pack.json requires: an empty list stands in.
  nlohmann::json paper = json;
  if (paper.contains("questions") && paper["questions"].is_array()) {
    for (auto& question : paper["questions"]) {
      if (question.is_object() && !question.contains("correct")) question["correct"] = nlohmann::json::array();
    }
  }
  return parse_pack_json(paper.dump());
}

std::vector<std::size_t> sorted(std::vector<std::size_t> list) {
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
  return list;
}

}  // namespace

ScheduledExams::ScheduledExams(HttpClient& http, KeyValueStore& storage, const Clock& clock) : m_http(http), m_storage(storage), m_clock(clock) {}

ExamStatus ScheduledExams::status_of(const ScheduledExam& exam) const {
  const std::int64_t now = server_now_ms();
  if (now < exam.starts_at * 1000) return ExamStatus::upcoming;
  if (now < (exam.ends_at + exam.grace_seconds) * 1000) return ExamStatus::open;
  return ExamStatus::closed;
}

void ScheduledExams::heard(const HttpResponse& response) {
  m_offline = response.status == 0;
  changed();
  request_redraw();
}

void ScheduledExams::fail(const std::string& action, const HttpResponse& response) {
  const AccountProblem problem = problem_of_answer(response);
  m_problem = ExamProblem{action, problem.code, problem.message};
}

// [SECTION] Storage: the sitting and the choices

void ScheduledExams::load(bool storage_open) {
  m_storage_open = storage_open;
  if (!storage_open) return;
  read_sitting();
  read_choices();
}

std::string ScheduledExams::sitting_key(std::int64_t user_id) { return kSittingKey + std::to_string(user_id); }

void ScheduledExams::set_user(std::int64_t user_id) {
  if (user_id == m_user) return;
  m_user = user_id;
  // What was on screen was the other student's: it stays in storage under their key.
  m_sitting.reset();
  m_send_due_ms.reset();
  m_retry_ms = kFirstRetryMs;
  if (m_problem && (m_problem->action == "submit" || m_problem->action == "start")) m_problem.reset();
  read_sitting();
  changed();
}

void ScheduledExams::read_sitting() {
  if (!m_storage_open) return;
  const std::int64_t user = m_user;
  m_storage.get(stores::kMeta, sitting_key(user), [this, user](StorageResult<std::optional<std::string>> stored) {
    if (user != m_user) return;  // another student signed in meanwhile
    if (!stored.ok()) {
      m_problem = ExamProblem{"storage", "read_failed", "the exam kept on this phone could not be read: " + stored.error->message};
      return changed();
    }
    if (!stored.value || m_sitting) return;
    const auto json = nlohmann::json::parse(*stored.value, nullptr, false);
    auto exam = json.is_object() && json.contains("exam") ? scheduled_exam_from(json["exam"]) : std::nullopt;
    auto paper = exam && json.contains("paper") ? paper_from(json["paper"]) : Expected<Pack>(Diagnostics{error("paper", "is missing")});
    if (!exam || !paper) {
      m_problem = ExamProblem{"storage", "bad_sitting", "the exam kept on this phone is unreadable and was left out"};
      return changed();
    }
    Sitting sitting;
    sitting.exam = std::move(*exam);
    sitting.paper_json = json["paper"].dump();
    sitting.paper = std::move(paper).value();
    if (json.contains("answers") && json["answers"].is_object()) {
      for (const auto& [id, choices] : json["answers"].items()) {
        if (!choices.is_array()) continue;
        std::vector<std::size_t> picked;
        for (const auto& choice : choices) {
          if (choice.is_number_unsigned()) picked.push_back(choice.get<std::size_t>());
        }
        sitting.answers[id] = std::move(picked);
      }
    }
    sitting.index =
        std::min<std::size_t>(json.value("index", std::size_t{0}), sitting.paper.questions.empty() ? 0 : sitting.paper.questions.size() - 1);
    sitting.submit_pending = json.value("submit_pending", false);
    // The offset the server gave when the exam started: the best there is until it answers again.
    if (!m_loaded) m_offset_ms = json.value("offset_ms", std::int64_t{0});
    m_sitting = std::move(sitting);
    if (m_sitting->submit_pending) m_send_due_ms = m_clock.now_ms();  // sent at once (update)
    changed();
    request_redraw();
  });
}

void ScheduledExams::read_choices() {
  m_storage.get(stores::kMeta, kChoicesKey, [this](StorageResult<std::optional<std::string>> stored) {
    if (!stored.ok() || !stored.value) return;
    const auto json = nlohmann::json::parse(*stored.value, nullptr, false);
    if (!json.is_object()) return;
    m_remind_me = json.value("remind_me", false);
    m_show_me = json.value("show_me", false);
    changed();
  });
}

// Every answer goes to storage at once (strict: on disk when the callback says so), with the paper
// and the clock offset: a reload, a closed tab or a dead battery loses nothing already answered.
void ScheduledExams::save_sitting() {
  if (!m_storage_open) return;
  if (!m_sitting) {
    m_storage.write({KeyValueWrite{stores::kMeta, sitting_key(m_user), std::nullopt}}, WriteDurability::strict, [](std::optional<StorageError>) {});
    return;
  }
  nlohmann::json answers = nlohmann::json::object();
  for (const auto& [id, choices] : m_sitting->answers) answers[id] = choices;
  const nlohmann::json stored = {{"exam", exam_to_json(m_sitting->exam)},
                                 {"paper", nlohmann::json::parse(m_sitting->paper_json, nullptr, false)},
                                 {"answers", answers},
                                 {"index", m_sitting->index},
                                 {"submit_pending", m_sitting->submit_pending},
                                 {"offset_ms", m_offset_ms}};
  m_storage.put(stores::kMeta, sitting_key(m_user), stored.dump(), WriteDurability::strict, [this](std::optional<StorageError> error) {
    if (error) {
      m_problem = ExamProblem{"storage", std::string(to_string(error->kind)), "your answers could not be kept on this phone: " + error->message};
    } else {
      ++m_saves_done;
    }
    changed();
  });
}

void ScheduledExams::save_choices() {
  if (!m_storage_open) return;
  m_storage.put(stores::kMeta, kChoicesKey, nlohmann::json{{"remind_me", m_remind_me}, {"show_me", m_show_me}}.dump(), WriteDurability::relaxed,
                [](std::optional<StorageError>) {});
}

void ScheduledExams::forget() {
  m_exams.clear();
  m_loaded = false;
  m_result.reset();
  m_ranking.reset();
  m_problem.reset();
  // The exam under way (or waiting to be sent) stays stored under the student's key and comes back
  // when they sign in again (set_user); nobody else's session sends or shows it.
  m_sitting.reset();
  m_send_due_ms.reset();
  changed();
}

// [SECTION] The list and the server's clock

void ScheduledExams::take_server_now(const nlohmann::json& seconds) {
  if (!seconds.is_number_integer()) return;
  // A whole second: the server's clock reads seconds, so the countdown may lag up to one.
  m_offset_ms = seconds.get<std::int64_t>() * 1000 - m_clock.now_ms();
}

void ScheduledExams::refresh() {
  if (m_loading) return;
  m_loading = true;
  changed();
  m_http.get("/api/v1/exams", {}, [this](HttpResponse response) {
    m_loading = false;
    heard(response);
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("exams") || !json["exams"].is_array()) return fail("list", response);
    take_server_now(json.value("server_now", nlohmann::json()));
    m_exams.clear();
    const nlohmann::json listed = json["exams"];
    for (const auto& item : listed) {
      if (auto exam = scheduled_exam_from(item)) m_exams.push_back(std::move(*exam));
    }
    // The server's record of the two choices wins over what this device remembers (another
    // device may have changed them).
    if (json.contains("choices") && json["choices"].is_object()) {
      const auto& choices = json["choices"];
      const bool remind = choices.value("remind_me", m_remind_me), show = choices.value("show_me", m_show_me);
      if (remind != m_remind_me || show != m_show_me) {
        m_remind_me = remind;
        m_show_me = show;
        save_choices();
      }
    }
    m_loaded = true;
    if (m_problem && m_problem->action == "list") m_problem.reset();
  });
}

void ScheduledExams::check_connection() {
  m_next_check_ms = m_clock.now_ms() + kCheckMs;
  refresh();
}

void ScheduledExams::update() {
  const std::int64_t now = m_clock.now_ms();
  if (!m_sitting) return;
  if (!m_sitting->submit_pending) {
    // Time is up by the server's clock: the answers go at once, within the grace.
    const std::int64_t left_ms = ms_until_end(m_sitting->exam);
    if (left_ms <= 0) return submit();
    if (!m_loading && now >= m_next_check_ms) check_connection();
    // Frames come on input; the end of the exam (and the next check) must come by itself.
    return request_redraw_in(static_cast<int>(std::min(left_ms, std::max<std::int64_t>(m_next_check_ms - now, 250))));
  }
  if (m_sending || !m_send_due_ms) return;
  if (now < *m_send_due_ms) return request_redraw_in(static_cast<int>(*m_send_due_ms - now));
  send_submission();
}

void ScheduledExams::network_back() {
  m_retry_ms = kFirstRetryMs;
  if (m_sitting && m_sitting->submit_pending && !m_sending) m_send_due_ms = m_clock.now_ms();
  // Only for a student who had the list (a signed-out visitor would get a 401 at every reconnection).
  if (m_loaded || m_sitting) refresh();
  request_redraw();
}

// [SECTION] Sitting: start, answer, submit (and again when offline)

void ScheduledExams::start(std::int64_t exam_id) {
  if (m_sitting && m_sitting->exam.id == exam_id) return changed();  // resumed from this phone
  if (m_sitting && m_sitting->submit_pending) {
    m_problem = ExamProblem{"start", "submission_waiting", "the answers of \"" + m_sitting->exam.name + "\" are still waiting to be sent"};
    return changed();
  }
  if (m_starting) return;
  m_starting = true;
  m_result.reset();
  changed();
  m_http.send_json("POST", exam_path(exam_id, "start"), "{}", [this, user = m_user](HttpResponse response) {
    m_starting = false;
    heard(response);
    if (user != m_user) return;  // signed out meanwhile: it starts again at their next tap
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object()) {
      // Before the start the server says what time it is: the countdown corrects itself.
      if (json.is_object() && json.contains("error") && json["error"].is_object())
        take_server_now(json["error"].value("server_now", nlohmann::json()));
      return fail("start", response);
    }
    take_server_now(json.value("server_now", nlohmann::json()));
    auto exam = json.contains("exam") ? scheduled_exam_from(json["exam"]) : std::nullopt;
    auto paper = json.contains("paper") ? paper_from(json["paper"]) : Expected<Pack>(Diagnostics{error("paper", "is missing")});
    if (!exam || !paper) {
      m_problem =
          ExamProblem{"start", "bad_answer", paper ? "the exam is missing from the answer" : "the paper is unreadable: " + to_string(paper.errors())};
      return;
    }
    Sitting sitting;
    sitting.exam = std::move(*exam);
    sitting.paper_json = json["paper"].dump();
    sitting.paper = std::move(paper).value();
    m_sitting = std::move(sitting);
    m_next_check_ms = m_clock.now_ms() + kCheckMs;
    if (m_problem && m_problem->action == "start") m_problem.reset();
    save_sitting();
  });
}

void ScheduledExams::answer(std::size_t choice) {
  if (!m_sitting || m_sitting->submit_pending || m_sitting->index >= m_sitting->paper.questions.size()) return;
  const Question& question = m_sitting->paper.questions[m_sitting->index];
  if (choice >= question.choices.size()) return;
  std::vector<std::size_t>& picked = m_sitting->answers[question.id];
  if (question.multiple_answers) {
    const auto found = std::find(picked.begin(), picked.end(), choice);
    if (found != picked.end()) picked.erase(found);
    else picked.push_back(choice);
    std::sort(picked.begin(), picked.end());
  } else {
    picked = {choice};
  }
  changed();
  save_sitting();
}

void ScheduledExams::go_to(std::size_t index) {
  if (!m_sitting || index >= m_sitting->paper.questions.size() || index == m_sitting->index) return;
  m_sitting->index = index;
  changed();
  save_sitting();
}

void ScheduledExams::submit() {
  if (!m_sitting || m_sitting->submit_pending) return;
  m_sitting->submit_pending = true;
  m_retry_ms = kFirstRetryMs;
  changed();
  save_sitting();  // kept as waiting first: a reload before the answer sends it again
  send_submission();
}

void ScheduledExams::send_submission() {
  if (!m_sitting || m_sending) return;
  m_sending = true;
  m_send_due_ms.reset();
  ++m_sends;
  nlohmann::json answers = nlohmann::json::object();
  for (const auto& [id, choices] : m_sitting->answers) {
    if (!choices.empty()) answers[id] = choices;
  }
  const std::int64_t exam_id = m_sitting->exam.id;
  m_http.send_json("POST", exam_path(exam_id, "submit"), nlohmann::json{{"answers", answers}}.dump(),
                   [this, exam_id, answers, user = m_user](HttpResponse response) {
                     m_sending = false;
                     heard(response);
                     // Another student signed in meanwhile: the sitting stays stored for this one,
                     // and is sent again at their next sign-in (the server answers 409 if it took it).
                     if (user != m_user || !m_sitting || m_sitting->exam.id != exam_id) return;
                     const auto json = nlohmann::json::parse(response.body, nullptr, false);
                     if (response.ok() && json.is_object()) {
                       take_result(json, answers);
                       m_sitting.reset();
                       save_sitting();
                       if (m_problem && m_problem->action == "submit") m_problem.reset();
                       return refresh();
                     }
                     fail("submit", response);
                     if (response.status == 0 || response.status >= 500 || response.status == 429) {
                       // No answer, or the server could not take it now: the same answers again soon
                       // (and at once when the browser says the connection is back).
                       m_send_due_ms = m_clock.now_ms() + m_retry_ms;
                       m_retry_ms = std::min(m_retry_ms * 2, kLastRetryMs);
                       return;
                     }
                     if (m_problem->code == "already_submitted") {
                       // An earlier send arrived but its answer did not: the server's result stands.
                       m_problem.reset();
                       m_sitting.reset();
                       save_sitting();
                       return open_result(exam_id);
                     }
                     // Refused for good (closed, not yours): kept on screen with the reason, not resent.
                     m_sitting->submit_pending = false;
                     save_sitting();
                   });
}

// [SECTION] Result, ranking, choices

void ScheduledExams::take_result(const nlohmann::json& json, const std::optional<nlohmann::json>& answers) {
  auto exam = json.contains("exam") ? scheduled_exam_from(json["exam"]) : std::nullopt;
  auto attempt = json.contains("attempt") ? scheduled_attempt_from(json["attempt"]) : std::nullopt;
  auto paper = json.contains("paper") ? paper_from(json["paper"]) : Expected<Pack>(Diagnostics{error("paper", "is missing")});
  if (!exam || !attempt || !paper) {
    m_problem = ExamProblem{"result", "bad_answer",
                            paper ? "the result is missing its exam or attempt" : "the paper is unreadable: " + to_string(paper.errors())};
    return;
  }
  ScheduledResult result;
  result.exam = std::move(*exam);
  result.exam.attempt = attempt;
  result.attempt = *attempt;
  result.paper = std::move(paper).value();
  for (const Question& question : result.paper.questions) {
    ScheduledReviewItem item;
    item.question_id = question.id;
    if (answers && answers->is_object() && answers->contains(question.id) && (*answers)[question.id].is_array()) {
      for (const auto& choice : (*answers)[question.id]) {
        if (choice.is_number_unsigned()) item.chosen.push_back(choice.get<std::size_t>());
      }
    }
    item.right = !item.chosen.empty() && sorted(item.chosen) == sorted(question.correct);
    result.review.push_back(std::move(item));
  }
  m_result = std::move(result);
}

void ScheduledExams::open_result(std::int64_t exam_id) {
  if (m_result && m_result->exam.id == exam_id) return changed();
  m_result.reset();
  m_result_loading = true;
  changed();
  m_http.get(exam_path(exam_id, "result"), {}, [this](HttpResponse response) {
    m_result_loading = false;
    heard(response);
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object()) return fail("result", response);
    take_result(json, json.contains("answers") ? std::optional<nlohmann::json>(json["answers"]) : std::nullopt);
  });
}

void ScheduledExams::open_ranking(std::int64_t exam_id) {
  if (m_ranking && m_ranking->exam_id != exam_id) m_ranking.reset();
  changed();
  m_http.get(exam_path(exam_id, "ranking"), {}, [this, exam_id](HttpResponse response) {
    heard(response);
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("ranking") || !json["ranking"].is_array()) return fail("ranking", response);
    Ranking ranking;
    ranking.exam_id = exam_id;
    ranking.show_me = json.value("show_me", false);
    const nlohmann::json rows = json["ranking"];
    for (const auto& row : rows) {
      if (!row.is_object()) continue;
      ranking.rows.push_back({row.value("rank", 0), row.value("name", std::string()), row.value("score", 0), row.value("seconds", std::int64_t{0})});
    }
    // The server knows whether the student appears: it wins over what this phone remembered.
    if (m_show_me != ranking.show_me) {
      m_show_me = ranking.show_me;
      save_choices();
    }
    m_ranking = std::move(ranking);
    if (m_problem && m_problem->action == "ranking") m_problem.reset();
  });
}

void ScheduledExams::set_remind_me(bool remind) {
  m_http.send_json("POST", "/api/v1/me/exam-reminders", nlohmann::json{{"remind_me", remind}}.dump(), [this, remind](HttpResponse response) {
    heard(response);
    if (!response.ok()) return fail("remind_me", response);
    m_remind_me = remind;
    if (m_problem && m_problem->action == "remind_me") m_problem.reset();
    save_choices();
  });
}

void ScheduledExams::set_show_me(bool show) {
  m_http.send_json("POST", "/api/v1/me/rankings", nlohmann::json{{"show_me", show}}.dump(), [this, show](HttpResponse response) {
    heard(response);
    if (!response.ok()) return fail("show_me", response);
    m_show_me = show;
    if (m_ranking) m_ranking->show_me = show;
    if (m_problem && m_problem->action == "show_me") m_problem.reset();
    save_choices();
    if (m_ranking) open_ranking(m_ranking->exam_id);  // the student's own row comes or goes
  });
}

// [SECTION] Test hook state

nlohmann::json ScheduledExams::state_json() const {
  nlohmann::json exams = nlohmann::json::array();
  for (const ScheduledExam& exam : m_exams) {
    nlohmann::json one = {{"id", exam.id},
                          {"name", exam.name},
                          {"status", to_string(status_of(exam))},
                          {"starts_in_ms", ms_until_start(exam)},
                          {"ends_in_ms", ms_until_end(exam)}};
    if (exam.attempt) {
      one["attempt"] = {{"submitted", exam.attempt->submitted_at.has_value()},
                        {"score", exam.attempt->score},
                        {"late", exam.attempt->late},
                        {"counted", exam.attempt->counted}};
    }
    exams.push_back(std::move(one));
  }
  nlohmann::json state = {
      {"loaded", m_loaded},   {"loading", m_loading},     {"offset_ms", m_offset_ms}, {"server_now_ms", server_now_ms()}, {"exams", exams},
      {"offline", m_offline}, {"remind_me", m_remind_me}, {"show_me", m_show_me},     {"saves_done", m_saves_done},       {"sends", m_sends},
      {"sending", m_sending}};
  if (m_problem) state["problem"] = {{"action", m_problem->action}, {"code", m_problem->code}, {"message", m_problem->message}};
  if (m_sitting) {
    nlohmann::json ids = nlohmann::json::array(), answers = nlohmann::json::object();
    for (const Question& question : m_sitting->paper.questions) ids.push_back(question.id);
    for (const auto& [id, choices] : m_sitting->answers) answers[id] = choices;
    state["sitting"] = {{"exam_id", m_sitting->exam.id},
                        {"index", m_sitting->index},
                        {"question_ids", ids},
                        {"answers", answers},
                        {"submit_pending", m_sitting->submit_pending},
                        {"remaining_ms", ms_until_end(m_sitting->exam)}};
  }
  if (m_result) {
    state["result"] = {{"exam_id", m_result->exam.id},       {"score", m_result->attempt.score}, {"total", m_result->attempt.total},
                       {"passed", m_result->attempt.passed}, {"late", m_result->attempt.late},   {"counted", m_result->attempt.counted},
                       {"review", m_result->review.size()}};
  }
  if (m_ranking) {
    nlohmann::json rows = nlohmann::json::array();
    for (const RankingRow& row : m_ranking->rows) rows.push_back({{"rank", row.rank}, {"name", row.name}, {"score", row.score}});
    state["ranking"] = {{"exam_id", m_ranking->exam_id}, {"show_me", m_ranking->show_me}, {"rows", rows}};
  }
  return state;
}

}  // namespace umuhanda
