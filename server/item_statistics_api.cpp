// ItemStatisticsApi (item_statistics_api.hpp).
#include "item_statistics_api.hpp"

#include <httplib.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "responses.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

// Two decimals are all a percentage on screen needs, and they keep the answer small.
nlohmann::json rounded(double value) { return std::round(value * 100.0) / 100.0; }
nlohmann::json rounded(const std::optional<double>& value) { return value ? rounded(*value) : nlohmann::json(); }

std::map<std::string, QuestionKey, std::less<>> keys_of(const Pack& pack) {
  std::map<std::string, QuestionKey, std::less<>> keys;
  for (const Question& question : pack.questions) keys[question.id] = QuestionKey{question.choices.size(), question.correct};
  return keys;
}

// A synced mock exam marked against `pack`; questions the pack no longer has are left out.
ScoredAttempt scored(std::int64_t user_id, const ExamAttemptRecord& record, const std::map<std::string, const Question*, std::less<>>& questions) {
  ScoredAttempt attempt;
  attempt.student = "u" + std::to_string(user_id);
  attempt.exam = record.exam_set_id ? "set:" + *record.exam_set_id : "blueprint:" + record.blueprint_id;
  attempt.submitted_at_ms = record.submitted_at_ms;
  attempt.id = record.id;
  for (std::size_t i = 0; i < record.question_ids.size(); ++i) {
    const auto question = questions.find(record.question_ids[i]);
    if (question == questions.end()) continue;
    std::vector<std::size_t> chosen = i < record.chosen.size() && record.chosen[i] ? *record.chosen[i] : std::vector<std::size_t>{};
    const bool correct = !chosen.empty() && is_right_answer(question->second->correct, chosen);
    attempt.items.push_back({question->first, std::move(chosen), correct});
  }
  return attempt;
}

nlohmann::json item_json(const ItemStatistic& item, const std::map<std::string, const Question*, std::less<>>& questions) {
  nlohmann::json choices = nlohmann::json::array();
  for (const ChoiceShare& share : item.choices)
    choices.push_back({{"picked", share.picked}, {"percent", rounded(share.percent)}, {"correct", share.correct}});
  nlohmann::json flags = nlohmann::json::array();
  for (const ItemFlag& flag : item.flags) {
    flags.push_back({{"kind", to_string(flag.kind)}, {"reason", flag.reason}});
    if (flag.choice) flags.back()["choice"] = *flag.choice;
  }
  const auto question = questions.find(item.question_id);
  return {{"id", item.question_id},
          {"topic", question == questions.end() ? nlohmann::json() : nlohmann::json(question->second->topic)},
          {"in_pack", question != questions.end()},
          {"attempts", item.attempts},
          {"facility", rounded(item.facility)},
          {"sd", rounded(item.sd)},
          {"discrimination", rounded(item.discrimination)},
          {"efficiency", rounded(item.efficiency)},
          {"choices", std::move(choices)},
          {"unanswered", item.unanswered},
          {"flags", std::move(flags)}};
}

}  // namespace

Expected<void> ItemStatisticsApi::catch_up() {
  // A deleted account's attempts leave the statistics with it: start again from nothing.
  if (!m_users.empty()) {
    auto existing = m_attempts.existing_users(std::vector<std::int64_t>(m_users.begin(), m_users.end()));
    if (!existing) return existing.errors();
    if (existing.value() < m_users.size()) {
      m_cursor = 0;
      m_synced.clear();
      m_users.clear();
      m_packs.clear();
    }
  }
  for (;;) {
    auto page = m_attempts.synced_attempts_after(m_cursor, kAttemptsPerRead);
    if (!page) return page.errors();
    for (const SyncedExamAttempt& stored : page.value()) {
      m_cursor = stored.seq;
      // Stored events were read when pushed; one this server cannot read now is left out.
      auto record = read_progress_record(stored.body, "event " + std::to_string(stored.seq));
      if (!record || !std::holds_alternative<ExamAttemptRecord>(record.value())) continue;
      m_synced.push_back({stored.user_id, std::get<ExamAttemptRecord>(std::move(record).value())});
      m_users.insert(stored.user_id);
    }
    if (page->size() < kAttemptsPerRead) return {};
  }
}

Expected<ItemStatisticsApi::ScoredPack*> ItemStatisticsApi::scored_pack(const std::string& pack_id, int version) {
  ScoredPack& entry = m_packs[pack_id];
  if (!entry.pack || entry.version != version) {
    auto resource = m_content.pack_version(pack_id, version);
    if (!resource) return resource.errors();
    if (!resource.value()) return Expected<ScoredPack*>::failure("pack", "version " + std::to_string(version) + " of \"" + pack_id + "\" is missing");
    auto parsed = parse_pack_json(resource.value()->identity.bytes);
    if (!parsed) return parsed.errors();
    entry = ScoredPack{version, std::make_shared<const Pack>(std::move(parsed).value()), {}, 0, {}};
    entry.keys = keys_of(*entry.pack);
  }
  std::map<std::string, const Question*, std::less<>> questions;
  for (const Question& question : entry.pack->questions) questions[question.id] = &question;
  for (; entry.scored_upto < m_synced.size(); ++entry.scored_upto) {
    const SyncedAttempt& synced = m_synced[entry.scored_upto];
    if (synced.record.pack_id != pack_id) continue;
    entry.attempts.push_back(scored(synced.user_id, synced.record, questions));
  }
  return &entry;
}

Expected<std::vector<ScoredAttempt>> ItemStatisticsApi::scheduled_attempts(const std::string& pack_id, std::map<std::string, std::string>& names) {
  auto submitted = m_attempts.scheduled_attempts(pack_id);
  if (!submitted) return submitted.errors();
  std::vector<ScoredAttempt> attempts;
  for (const SubmittedScheduledExam& exam : submitted.value()) {
    std::shared_ptr<const Pack>& paper = m_papers[exam.exam_id];
    if (!paper) {
      auto parsed = parse_pack_json(exam.paper);
      if (!parsed) return parsed.errors();
      paper = std::make_shared<const Pack>(std::move(parsed).value());
    }
    const nlohmann::json answers = nlohmann::json::parse(exam.answers, nullptr, false);
    ScoredAttempt attempt;
    attempt.student = "u" + std::to_string(exam.user_id);
    attempt.exam = "scheduled:" + std::to_string(exam.exam_id);
    attempt.submitted_at_ms = exam.submitted_at * 1000;
    attempt.id = attempt.exam + ":" + attempt.student;
    names[attempt.exam] = exam.exam_name;
    for (const Question& question : paper->questions) {
      std::vector<std::size_t> chosen;
      if (answers.is_object() && answers.contains(question.id) && answers[question.id].is_array()) {
        for (const auto& choice : answers[question.id]) {
          if (choice.is_number_unsigned()) chosen.push_back(choice.get<std::size_t>());
        }
      }
      chosen = normalized_choices(std::move(chosen));
      const bool correct = !chosen.empty() && is_right_answer(question.correct, chosen);
      attempt.items.push_back({question.id, std::move(chosen), correct});
    }
    attempts.push_back(std::move(attempt));
  }
  return attempts;
}

void ItemStatisticsApi::show(const httplib::Request& req, httplib::Response& res, const std::string& pack_id) {
  const std::string which = req.has_param("attempts") ? req.get_param_value("attempts") : "first";
  if (which != "first" && which != "all")
    return send_error(res, 400, "bad_request", "the statistics were not computed: see details",
                      {error("attempts", "is \"first\" (each student's first attempt at each exam) or \"all\", not \"" + which + "\"")});
  const std::optional<int> version = m_content.current_version(pack_id);
  if (!version) return send_error(res, 404, "not_found", "no pack \"" + pack_id + "\" on this server");

  std::lock_guard lock(m_mutex);
  if (auto caught_up = catch_up(); !caught_up) return send_internal_error(m_log, req, res, caught_up.errors());
  auto entry = scored_pack(pack_id, *version);
  if (!entry) return send_internal_error(m_log, req, res, entry.errors());
  std::map<std::string, std::string> names;
  auto scheduled = scheduled_attempts(pack_id, names);
  if (!scheduled) return send_internal_error(m_log, req, res, scheduled.errors());
  std::vector<ScoredAttempt> attempts = entry.value()->attempts;
  attempts.insert(attempts.end(), std::make_move_iterator(scheduled->begin()), std::make_move_iterator(scheduled->end()));
  // One exam only (a scheduled exam's results, an exam set's): ?exam=scheduled:7, set:exam-01.
  const std::string only_exam = req.has_param("exam") ? req.get_param_value("exam") : "";
  if (!only_exam.empty()) std::erase_if(attempts, [&](const ScoredAttempt& attempt) { return attempt.exam != only_exam; });
  const ItemStatistics stats =
      compute_item_statistics(attempts, which == "all" ? AttemptSelection::all : AttemptSelection::first, entry.value()->keys);

  std::map<std::string, const Question*, std::less<>> questions;
  for (const Question& question : entry.value()->pack->questions) questions[question.id] = &question;
  nlohmann::json items = nlohmann::json::array();
  for (const ItemStatistic& item : stats.items) items.push_back(item_json(item, questions));
  nlohmann::json exams = nlohmann::json::array();
  for (const ExamStatistic& exam : stats.exams) {
    nlohmann::json one = {{"exam", exam.exam},
                          {"attempts", exam.attempts},
                          {"items", exam.items},
                          {"mean", rounded(exam.mean)},
                          {"sd", rounded(exam.sd)},
                          {"alpha", rounded(exam.alpha)},
                          {"error_ratio", rounded(exam.error_ratio)},
                          {"standard_error", rounded(exam.standard_error)}};
    if (const auto name = names.find(exam.exam); name != names.end()) one["name"] = name->second;
    exams.push_back(std::move(one));
  }
  send_json(res, 200,
            {{"pack", pack_id},
             {"version", *version},
             {"exam", only_exam.empty() ? nlohmann::json() : nlohmann::json(only_exam)},
             {"selection", which},
             {"attempts", stats.attempts},
             {"students", stats.students},
             {"thresholds",
              {{"hard_facility", kHardFacility},
               {"easy_facility", kEasyFacility},
               {"weak_discrimination", kWeakDiscrimination},
               {"unused_distractor", kUnusedDistractor}}},
             {"questions", std::move(items)},
             {"exams", std::move(exams)}},
            kPrivate);
}

}  // namespace umuhanda
