// Classes over the server's JSON routes.
#include "app/classes.hpp"

#include <algorithm>

#include "umuhanda/localized_text_json.hpp"

namespace umuhanda {
namespace {

// The staff actions on an account take no body (the server refuses more than a few bytes).
HttpRequest post_without_body(std::string url) {
  HttpRequest request = HttpRequest::to(std::move(url));
  request.method = "POST";
  return request;
}

}  // namespace

std::optional<ClassSummary> class_summary_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer() || !json.contains("name") || !json["name"].is_string()) {
    return std::nullopt;
  }
  ClassSummary summary;
  summary.id = json["id"].get<std::int64_t>();
  summary.name = json["name"].get<std::string>();
  if (json.contains("instructor") && json["instructor"].is_object()) summary.instructor = json["instructor"].value("name", std::string());
  summary.students = json.value("students", std::int64_t{0});
  summary.join_code = json.value("join_code", std::string());
  summary.joining = json.value("joining", false);
  return summary;
}

namespace {

std::int64_t integer_of(const nlohmann::json& item, const char* key) {
  return item.contains(key) && item[key].is_number_integer() ? item[key].get<std::int64_t>() : 0;
}

std::size_t count_of(const nlohmann::json& item, const char* key) {
  return static_cast<std::size_t>(std::max<std::int64_t>(0, integer_of(item, key)));
}

std::vector<RosterTopic> topics_from(const nlohmann::json& list) {
  std::vector<RosterTopic> topics;
  if (!list.is_array()) return topics;
  for (const auto& item : list) {
    if (!item.is_object()) continue;
    // The roster names it "id"; a student page's topic, "topic".
    const std::string id = item.value("id", item.value("topic", std::string()));
    if (!id.empty()) topics.push_back(RosterTopic{id, localized_text_from_json(item.value("title", nlohmann::json::object()))});
  }
  return topics;
}

std::vector<TopicStatistics> topic_figures_from(const nlohmann::json& list) {
  std::vector<TopicStatistics> topics;
  if (!list.is_array()) return topics;
  for (const auto& item : list) {
    if (!item.is_object() || !item.contains("topic") || !item["topic"].is_string()) continue;
    topics.push_back(TopicStatistics{item["topic"].get<std::string>(), Accuracy{count_of(item, "answered"), count_of(item, "right")},
                                     count_of(item, "seen"), count_of(item, "mastered"), count_of(item, "total")});
  }
  return topics;
}

RosterStudent roster_student_from(const nlohmann::json& item) {
  RosterStudent student;
  student.id = integer_of(item, "id");
  student.name = item.value("name", std::string());
  if (item.contains("last_activity_ms") && item["last_activity_ms"].is_number_integer()) {
    student.last_activity_ms = item["last_activity_ms"].get<std::int64_t>();
  }
  if (item.contains("recent_accuracy") && item["recent_accuracy"].is_number()) student.recent_accuracy = item["recent_accuracy"].get<double>();
  student.answers = integer_of(item, "answers");
  student.seen = integer_of(item, "seen");
  student.mastered = integer_of(item, "mastered");
  student.total = integer_of(item, "total");
  student.exams_taken = integer_of(item, "exams_taken");
  student.ready = item.value("ready", false);
  student.disabled = item.value("disabled", false);
  if (item.contains("topics")) student.topics = topic_figures_from(item["topics"]);
  return student;
}

}  // namespace

std::optional<Roster> roster_from(const nlohmann::json& json) {
  std::optional<ClassSummary> summary = json.is_object() && json.contains("class") ? class_summary_from(json["class"]) : std::nullopt;
  if (!summary || !json.contains("students") || !json["students"].is_array()) return std::nullopt;
  Roster roster;
  roster.summary = std::move(*summary);
  if (json.contains("topics")) roster.topics = topics_from(json["topics"]);
  for (const auto& item : json["students"]) {
    if (item.is_object()) roster.students.push_back(roster_student_from(item));
  }
  if (json.contains("weakest_topics") && json["weakest_topics"].is_array()) {
    for (const auto& item : json["weakest_topics"]) {
      if (!item.is_object() || !item.contains("topic") || !item["topic"].is_string()) continue;
      roster.weakest.push_back(
          ClassTopic{item["topic"].get<std::string>(), Accuracy{count_of(item, "answered"), count_of(item, "right")}, count_of(item, "students")});
    }
  }
  roster.weakest_min_answers = integer_of(json, "weakest_min_answers");
  return roster;
}

std::optional<StudentPage> student_page_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("student") || !json["student"].is_object()) return std::nullopt;
  StudentPage page;
  page.student = roster_student_from(json["student"]);
  if (json.contains("topics")) {
    page.student.topics = topic_figures_from(json["topics"]);
    page.titles = topics_from(json["topics"]);
  }
  if (json.contains("exams") && json["exams"].is_array()) {
    for (const auto& item : json["exams"]) {
      if (!item.is_object()) continue;
      ExamScore exam;
      exam.attempt_id = item.value("attempt_id", std::string());
      exam.blueprint_id = item.value("blueprint", std::string());
      exam.submitted_at_ms = integer_of(item, "submitted_at_ms");
      exam.score = static_cast<int>(integer_of(item, "score"));
      exam.question_count = static_cast<int>(integer_of(item, "question_count"));
      exam.pass_mark = static_cast<int>(integer_of(item, "pass_mark"));
      exam.passed = item.value("passed", false);
      page.exams.push_back(std::move(exam));
    }
  }
  if (json.contains("mistakes") && json["mistakes"].is_array()) {
    for (const auto& item : json["mistakes"]) {
      if (!item.is_object()) continue;
      page.mistakes.push_back(StudentMistake{item.value("question_id", std::string()), item.value("topic", std::string()),
                                             localized_text_from_json(item.value("prompt", nlohmann::json::object())), integer_of(item, "wrong"),
                                             integer_of(item, "answered"), integer_of(item, "last_answered_at_ms")});
    }
  }
  page.mistake_count = integer_of(json, "mistake_count");
  return page;
}

std::string topic_title(const std::vector<RosterTopic>& topics, const std::string& id, const std::string& language) {
  for (const RosterTopic& topic : topics) {
    if (topic.id == id) return topic.title.empty() ? id : topic.title.in(language);
  }
  return id;
}

MasteryBand mastery_band(const TopicStatistics& topic) {
  if (topic.recent.answered == 0) return MasteryBand::not_practised;
  const double ratio = topic.recent.ratio();
  return ratio >= kGoodAccuracy ? MasteryBand::good : ratio >= kLowAccuracy ? MasteryBand::middling : MasteryBand::low;
}

void Classes::refresh() {
  m_http.get("/api/v1/classes", {}, [this](HttpResponse response) {
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    ++m_revision;
    if (!response.ok() || !json.is_object() || !json.contains("classes") || !json["classes"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_list.clear();
    for (const auto& item : json["classes"]) {
      if (auto summary = class_summary_from(item)) m_list.push_back(std::move(*summary));
    }
    m_loaded = true;
  });
}

void Classes::join(const std::string& code, Done on_done) {
  m_http.send_json("POST", "/api/v1/classes/join", nlohmann::json{{"code", code}}.dump(),
                   [this, on_done = std::move(on_done)](HttpResponse response) {
                     ++m_revision;
                     const auto json = nlohmann::json::parse(response.body, nullptr, false);
                     if (!response.ok() || !json.is_object() || !json.contains("class")) return on_done(problem_of_answer(response));
                     refresh();
                     on_done(std::nullopt);
                   });
}

void Classes::create(const std::string& name, Done on_done) {
  m_http.send_json("POST", "/api/v1/classes", nlohmann::json{{"name", name}}.dump(), [this, on_done = std::move(on_done)](HttpResponse response) {
    ++m_revision;
    if (!response.ok()) return on_done(problem_of_answer(response));
    refresh();
    on_done(std::nullopt);
  });
}

void Classes::rename(std::int64_t class_id, const std::string& name, Done on_done) {
  m_http.send_json("POST", "/api/v1/classes/" + std::to_string(class_id), nlohmann::json{{"name", name}}.dump(),
                   [this, on_done = std::move(on_done)](HttpResponse response) { changed(std::move(response), on_done); });
}

void Classes::change_code(std::int64_t class_id, CodeAction action, Done on_done) {
  const char* name = action == CodeAction::rotate ? "rotate" : action == CodeAction::off ? "off" : "on";
  m_http.send_json("POST", "/api/v1/classes/" + std::to_string(class_id) + "/code", nlohmann::json{{"action", name}}.dump(),
                   [this, on_done = std::move(on_done)](HttpResponse response) { changed(std::move(response), on_done); });
}

void Classes::issue_reset_code(std::int64_t user_id, Done on_done) {
  m_http.send(post_without_body("/api/v1/users/" + std::to_string(user_id) + "/reset-code"),
              [this, on_done = std::move(on_done)](HttpResponse response) {
                ++m_revision;
                const auto json = nlohmann::json::parse(response.body, nullptr, false);
                if (!response.ok() || !json.is_object() || !json.contains("code") || !json["code"].is_string() || !json.contains("user") ||
                    !json["user"].is_object()) {
                  return on_done(problem_of_answer(response));
                }
                m_reset_code = IssuedResetCode{json["user"].value("id", std::int64_t{0}), json["user"].value("name", std::string()),
                                               json["code"].get<std::string>(), json.value("expires_at", std::int64_t{0})};
                on_done(std::nullopt);
              });
}

void Classes::set_disabled(std::int64_t user_id, bool disabled, Done on_done) {
  m_http.send(post_without_body("/api/v1/users/" + std::to_string(user_id) + (disabled ? "/disable" : "/enable")),
              [this, user_id, on_done = std::move(on_done)](HttpResponse response) {
                ++m_revision;
                const auto json = nlohmann::json::parse(response.body, nullptr, false);
                if (!response.ok() || !json.is_object() || !json.contains("user") || !json["user"].is_object()) {
                  return on_done(problem_of_answer(response));
                }
                if (m_roster) {
                  for (RosterStudent& student : m_roster->students) {
                    if (student.id == user_id) student.disabled = json["user"].value("disabled", student.disabled);
                  }
                }
                on_done(std::nullopt);
              });
}

void Classes::changed(HttpResponse response, const Done& on_done) {
  ++m_revision;
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  std::optional<ClassSummary> summary = json.is_object() && json.contains("class") ? class_summary_from(json["class"]) : std::nullopt;
  if (!response.ok() || !summary) return on_done(problem_of_answer(response));
  if (m_roster && m_roster->summary.id == summary->id) {
    m_roster->summary = *summary;
    load_code_picture(*summary);
  }
  for (ClassSummary& listed : m_list) {
    if (listed.id == summary->id) listed = *summary;
  }
  on_done(std::nullopt);
}

void Classes::open_roster(std::int64_t class_id) {
  m_roster_loading = true;
  ++m_revision;
  m_http.get("/api/v1/classes/" + std::to_string(class_id) + "/roster", {}, [this](HttpResponse response) {
    m_roster_loading = false;
    ++m_revision;
    std::optional<Roster> roster = roster_from(nlohmann::json::parse(response.body, nullptr, false));
    if (!response.ok() || !roster) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    load_code_picture(roster->summary);
    m_roster = std::move(roster);
  });
}

void Classes::open_student(std::int64_t class_id, std::int64_t student_id) {
  m_selected_student = student_id;
  m_student_loading = true;
  m_student_problem.clear();
  ++m_revision;
  m_http.get("/api/v1/classes/" + std::to_string(class_id) + "/students/" + std::to_string(student_id), {},
             [this, class_id, student_id](HttpResponse response) {
               // Another student was opened meanwhile: this answer is stale.
               if (m_selected_student != student_id) return;
               m_student_loading = false;
               ++m_revision;
               std::optional<StudentPage> page = student_page_from(nlohmann::json::parse(response.body, nullptr, false));
               if (!response.ok() || !page) {
                 m_student_problem = problem_of_answer(response).message;
                 return;
               }
               page->class_id = class_id;
               m_student_page = std::move(page);
             });
}

void Classes::load_code_picture(const ClassSummary& summary) {
  if (!summary.joining || summary.join_code.empty()) {
    m_code_picture.reset();
    return;
  }
  if (m_code_picture && m_code_picture->class_id == summary.id && m_code_picture->code == summary.join_code &&
      (m_code_picture->loading || !m_code_picture->png.empty())) {
    return;  // the same picture, here or on its way
  }
  m_code_picture = CodePicture{summary.id, summary.join_code, "", true, ""};
  m_http.get("/api/v1/classes/" + std::to_string(summary.id) + "/code.png", {},
             [this, class_id = summary.id, code = summary.join_code](HttpResponse response) {
               // Another class was opened, or the code changed, meanwhile: this answer is stale.
               if (!m_code_picture || m_code_picture->class_id != class_id || m_code_picture->code != code) return;
               ++m_revision;
               m_code_picture->loading = false;
               if (!response.ok() || response.body.empty()) {
                 m_code_picture->problem = problem_of_answer(response).message;
                 return;
               }
               m_code_picture->png = std::move(response.body);
             });
}

void Classes::forget() {
  m_import.reset();
  m_student_page.reset();
  m_selected_student = 0;
  m_list.clear();
  m_roster.reset();
  m_code_picture.reset();
  m_reset_code.reset();
  m_loaded = false;
  ++m_revision;
}

void Classes::read_student_file(std::int64_t class_id, const std::string& file_name, const std::string& text) {
  ++m_revision;
  m_import = StudentImport{};
  m_import->class_id = class_id;
  m_import->file_name = file_name;
  auto parsed = parse_student_roster(text, file_name);
  if (parsed) {
    m_import->students = std::move(parsed.value());
  } else {
    m_import->problems = parsed.errors();
  }
}

void Classes::student_file_unreadable(std::int64_t class_id, const std::string& file_name, const std::string& why) {
  ++m_revision;
  m_import = StudentImport{};
  m_import->class_id = class_id;
  m_import->file_name = file_name;
  m_import->problems.push_back(error(file_name, why));
}

void Classes::create_students(Done on_done) {
  if (!m_import || !m_import->ready()) return on_done(AccountProblem{"not_ready", "choose a class list without problems first"});
  nlohmann::json students = nlohmann::json::array();
  for (const RosterEntry& entry : m_import->students) students.push_back({{"name", entry.name}, {"login", entry.login}});
  m_import->sending = true;
  m_import->refusal.clear();
  ++m_revision;
  const std::int64_t class_id = m_import->class_id;
  m_http.send_json("POST", "/api/v1/classes/" + std::to_string(class_id) + "/students", nlohmann::json{{"students", students}}.dump(),
                   [this, class_id, on_done = std::move(on_done)](HttpResponse response) {
                     ++m_revision;
                     // The file was closed or another chosen meanwhile: the answer is still the truth of the roster.
                     if (!m_import || m_import->class_id != class_id) {
                       open_roster(class_id);
                       return on_done(std::nullopt);
                     }
                     m_import->sending = false;
                     const auto json = nlohmann::json::parse(response.body, nullptr, false);
                     if (!response.ok() || !json.is_object() || !json.contains("created") || !json["created"].is_array()) {
                       AccountProblem problem = problem_of_answer(response);
                       m_import->refusal = problem.message;
                       return on_done(problem);
                     }
                     m_import->sent = true;
                     for (const auto& item : json["created"]) {
                       if (!item.is_object()) continue;
                       m_import->created.push_back(CreatedStudent{item.value("user_id", std::int64_t{0}), item.value("name", std::string()),
                                                                  item.value("login", std::string()), item.value("reset_code", std::string()),
                                                                  item.value("expires_at", std::int64_t{0})});
                     }
                     if (json.contains("existing") && json["existing"].is_array()) {
                       for (const auto& item : json["existing"]) {
                         if (!item.is_object()) continue;
                         m_import->existing.push_back(ExistingLogin{item.value("login", std::string()), item.value("status", std::string()),
                                                                    item.value("name", std::string())});
                       }
                     }
                     open_roster(class_id);
                     on_done(std::nullopt);
                   });
}

std::string Classes::created_students_text() const {
  std::string text;
  if (!m_import) return text;
  for (const CreatedStudent& student : m_import->created) {
    text += student.name + "\t" + display_phone(student.login) + "\t" + student.reset_code + "\tvalid until " + utc_time_of_day(student.expires_at) +
            "\n";
  }
  return text;
}

std::string utc_time_of_day(std::int64_t unix_seconds) {
  const std::int64_t in_day = ((unix_seconds % 86400) + 86400) % 86400;
  const std::int64_t hours = in_day / 3600, minutes = in_day % 3600 / 60;
  std::string text;
  text += static_cast<char>('0' + hours / 10);
  text += static_cast<char>('0' + hours % 10);
  text += ':';
  text += static_cast<char>('0' + minutes / 10);
  text += static_cast<char>('0' + minutes % 10);
  return text + " UTC";
}

nlohmann::json Classes::state_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const ClassSummary& c : m_list) list.push_back({{"id", c.id}, {"name", c.name}, {"students", c.students}, {"join_code", c.join_code}});
  nlohmann::json state = {{"loaded", m_loaded}, {"classes", list}, {"problem", m_problem}, {"roster_loading", m_roster_loading}};
  if (m_roster) {
    nlohmann::json students = nlohmann::json::array();
    for (const RosterStudent& s : m_roster->students) {
      // The heatmap's row: a cell per topic, null when not practised, else the percent right.
      nlohmann::json cells = nlohmann::json::array();
      for (const TopicStatistics& t : s.topics) {
        cells.push_back(t.recent.answered == 0 ? nlohmann::json() : nlohmann::json(static_cast<int>(t.recent.ratio() * 100.0 + 0.5)));
      }
      students.push_back({{"id", s.id}, {"name", s.name}, {"answers", s.answers}, {"ready", s.ready}, {"disabled", s.disabled}, {"cells", cells}});
    }
    nlohmann::json topics = nlohmann::json::array(), weakest = nlohmann::json::array();
    for (const RosterTopic& t : m_roster->topics) topics.push_back(t.id);
    for (const ClassTopic& t : m_roster->weakest) weakest.push_back({{"topic", t.topic}, {"answered", t.recent.answered}, {"right", t.recent.right}});
    state["roster"] = {{"class_id", m_roster->summary.id},
                       {"name", m_roster->summary.name},
                       {"join_code", m_roster->summary.join_code},
                       {"joining", m_roster->summary.joining},
                       {"topics", topics},
                       {"students", students},
                       {"weakest", weakest}};
  }
  if (m_import) {
    nlohmann::json problems = nlohmann::json::array(), created = nlohmann::json::array(), existing = nlohmann::json::array();
    for (const Diagnostic& d : m_import->problems) problems.push_back(to_string(d));
    for (const CreatedStudent& c : m_import->created) {
      created.push_back({{"user_id", c.user_id}, {"name", c.name}, {"login", c.login}, {"reset_code", c.reset_code}, {"expires_at", c.expires_at}});
    }
    for (const ExistingLogin& e : m_import->existing) existing.push_back({{"login", e.login}, {"status", e.status}});
    state["student_import"] = {
        {"file", m_import->file_name}, {"students", m_import->students.size()}, {"problems", problems}, {"sending", m_import->sending},
        {"sent", m_import->sent},      {"refusal", m_import->refusal},          {"created", created},   {"existing", existing}};
  }
  if (m_student_page) {
    const StudentPage& page = *m_student_page;
    nlohmann::json topics = nlohmann::json::array(), exams = nlohmann::json::array(), mistakes = nlohmann::json::array();
    for (const TopicStatistics& t : page.student.topics)
      topics.push_back({{"topic", t.topic}, {"answered", t.recent.answered}, {"right", t.recent.right}});
    for (const ExamScore& e : page.exams) exams.push_back({{"score", e.score}, {"question_count", e.question_count}, {"passed", e.passed}});
    for (const StudentMistake& m : page.mistakes) mistakes.push_back({{"question_id", m.question_id}, {"wrong", m.wrong}});
    state["student_page"] = {{"class_id", page.class_id},
                             {"id", page.student.id},
                             {"name", page.student.name},
                             {"topics", topics},
                             {"exams", exams},
                             {"mistakes", mistakes},
                             {"mistake_count", page.mistake_count}};
  }
  state["student_loading"] = m_student_loading;
  state["student_problem"] = m_student_problem;
  if (m_reset_code) state["reset_code"] = {{"user_id", m_reset_code->user_id}, {"name", m_reset_code->name}, {"code", m_reset_code->code}};
  if (m_code_picture) {
    state["code_picture"] = {{"class_id", m_code_picture->class_id},
                             {"code", m_code_picture->code},
                             {"bytes", m_code_picture->png.size()},
                             {"loading", m_code_picture->loading},
                             {"problem", m_code_picture->problem}};
  }
  return state;
}

}  // namespace umuhanda
