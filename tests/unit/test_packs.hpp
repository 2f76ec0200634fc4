// Small packs for tests, built in code so each test shows exactly what it changes.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "umuhanda/pack.hpp"

namespace umuhanda::testing {

inline LocalizedText en_fr(std::string en, std::string fr) { return LocalizedText{{{"en", std::move(en)}, {"fr", std::move(fr)}}}; }

inline Choice text_choice(LocalizedText text) {
  Choice choice;
  choice.text = std::move(text);
  return choice;
}

inline Question make_question(std::string id, std::string topic = "signs") {
  Question q;
  q.id = std::move(id);
  q.topic = std::move(topic);
  q.prompt = en_fr("Prompt " + q.id, "Question " + q.id);
  q.choices = {text_choice(en_fr("Yes", "Oui")), text_choice(en_fr("No", "Non")), text_choice(en_fr("Maybe", "Peut-être"))};
  q.correct = {1};
  q.explanation = en_fr("Because.", "Parce que.");
  return q;
}

inline Pack make_valid_pack() {
  Pack pack;
  pack.id = "test-pack";
  pack.version = 3;
  pack.title = en_fr("Test pack", "Paquet de test");
  pack.languages = {"en", "fr"};
  pack.topics = {Topic{"signs", en_fr("Signs", "Panneaux"), 1}, Topic{"lights", en_fr("Lights", "Feux"), 2}};
  pack.questions = {make_question("q1"), make_question("q2", "lights")};
  return pack;
}

// A valid pack using every part of the model: signs with media, a sign question, a lesson,
// a blueprint and an exam set.
inline Pack make_rich_pack() {
  Pack pack = make_valid_pack();
  MediaItem stop{"media/signs/p-stop.png", std::string(64, 'a'), "image/png", 256, 256, 1200};
  MediaItem give_way{"media/signs/p-give-way.png", std::string(64, 'b'), "image/png", 256, 256, 900};
  pack.media = {stop, give_way};
  Sign stop_sign;
  stop_sign.id = "p-stop";
  stop_sign.code = "B-02";
  stop_sign.category = SignCategory::priority;
  stop_sign.name = en_fr("Stop", "Stop");
  stop_sign.meaning = en_fr("Stop at the line, then give way.", "Arrêt à la ligne, puis cédez le passage.");
  stop_sign.image = stop.path;
  Sign give_way_sign = stop_sign;
  give_way_sign.id = "p-give-way";
  give_way_sign.code = "B-01";
  give_way_sign.name = en_fr("Give way", "Cédez le passage");
  give_way_sign.image = give_way.path;
  pack.signs = {stop_sign, give_way_sign};

  Question by_sign = make_question("q3");
  by_sign.sign = "p-stop";
  by_sign.choices = {Choice{{}, "p-stop", ""}, Choice{{}, "p-give-way", ""}};
  by_sign.correct = {0};
  pack.questions.push_back(by_sign);

  Lesson lesson;
  lesson.slug = "priority";
  lesson.topic = "signs";
  lesson.title = en_fr("Priority", "Priorité");
  lesson.body = en_fr("# Priority\n\nAt [sign:p-stop] you **stop**.\n- one\n- two", "# Priorité\n\nAu [sign:p-stop] vous **marquez l’arrêt**.");
  pack.lessons = {lesson};

  ExamBlueprint blueprint;
  blueprint.id = "mock";
  blueprint.name = en_fr("Mock exam", "Examen blanc");
  blueprint.question_count = 3;
  blueprint.time_limit_minutes = 5;
  blueprint.pass_mark = 2;
  blueprint.quotas = {TopicQuota{"signs", 1}, TopicQuota{"lights", 1}};
  pack.blueprints = {blueprint};
  pack.exam_sets = {ExamSet{"set-1", en_fr("Set 1", "Série 1"), "mock", {"q1", "q2", "q3"}}};
  return pack;
}

inline std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(UMUHANDA_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace umuhanda::testing
