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

inline std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(UMUHANDA_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace umuhanda::testing
