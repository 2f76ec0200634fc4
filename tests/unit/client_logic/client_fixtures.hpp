// Packs and records for the client-logic tests, built in code so each test shows what it uses.
#pragma once

#include <string>
#include <vector>

#include "../test_packs.hpp"
#include "umuhanda/pack.hpp"
#include "umuhanda/progress_log.hpp"

namespace umuhanda::testing {

inline constexpr std::int64_t kMinute = 60'000;
inline constexpr std::int64_t kDay = 24 * 60 * kMinute;
inline constexpr std::int64_t kStart = 1'700'000'000'000;  // a realistic epoch time in ms

// Topics "signs" (6 questions), "lights" (4) and "rules" (5): ids "signs-1" ... "rules-5".
// Every question's right choice is 1, except "rules-5", which wants choices 0 and 2. Blueprints
// "mock" (8 questions, signs >= 3, lights >= 2, 10 minutes, pass 6) and "short" (4, 5 min, pass 3).
inline Pack make_client_pack() {
  Pack pack;
  pack.id = "client-pack";
  pack.version = 7;
  pack.title = en_fr("Client pack", "Paquet client");
  pack.languages = {"en", "fr"};
  pack.topics = {Topic{"signs", en_fr("Signs", "Panneaux"), 1}, Topic{"lights", en_fr("Lights", "Feux"), 2},
                 Topic{"rules", en_fr("Rules", "Règles"), 3}};
  auto add = [&](const std::string& topic, int count) {
    for (int i = 1; i <= count; ++i) pack.questions.push_back(make_question(topic + "-" + std::to_string(i), topic));
  };
  add("signs", 6);
  add("lights", 4);
  add("rules", 5);
  Question& multi = pack.questions.back();
  multi.multiple_answers = true;
  multi.correct = {2, 0};

  ExamBlueprint blueprint;
  blueprint.id = "mock";
  blueprint.name = en_fr("Mock exam", "Examen blanc");
  blueprint.question_count = 8;
  blueprint.time_limit_minutes = 10;
  blueprint.pass_mark = 6;
  blueprint.quotas = {TopicQuota{"signs", 3}, TopicQuota{"lights", 2}};
  ExamBlueprint short_exam;
  short_exam.id = "short";
  short_exam.name = en_fr("Short exam", "Examen court");
  short_exam.question_count = 4;
  short_exam.time_limit_minutes = 5;
  short_exam.pass_mark = 3;
  pack.blueprints = {blueprint, short_exam};
  pack.exam_sets = {ExamSet{"set-1", en_fr("Set 1", "Série 1"), "short", {"rules-5", "signs-2", "lights-1", "signs-1"}}};
  return pack;
}

inline AnswerRecord answer_at(std::string id, std::string question_id, bool correct, std::int64_t at_ms,
                              std::string pack_id = "client-pack", AnswerMode mode = AnswerMode::practice) {
  AnswerRecord record;
  record.id = std::move(id);
  record.pack_id = std::move(pack_id);
  record.question_id = std::move(question_id);
  record.chosen = {correct ? std::size_t{1} : std::size_t{0}};
  record.correct = correct;
  record.answered_at_ms = at_ms;
  record.time_spent_ms = 4000;
  record.mode = mode;
  return record;
}

}  // namespace umuhanda::testing
