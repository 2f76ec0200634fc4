// The practice screen.
#include "app/screens/practice_screen.hpp"

#include <imgui.h>

#include "app/content_sync.hpp"
#include "app/keys.hpp"
#include "app/progress_store.hpp"
#include "app/question_view.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"

namespace umuhanda {

std::string PracticeScreen::title(const AppContext& ctx) const {
  switch (m_scope.mode) {
    case PracticeMode::mistakes: return tr(ctx.language, "My mistakes", "Mes erreurs");
    case PracticeMode::unseen: return tr(ctx.language, "Not yet seen", "Jamais vues");
    case PracticeMode::topic: break;
  }
  if (ctx.pack && !m_scope.topic.empty()) {
    if (const Topic* topic = ctx.pack->find_topic(m_scope.topic)) return topic->name.in(ctx.language);
  }
  return tr(ctx.language, "Practice", "Entraînement");
}

void PracticeScreen::on_pack_changed(AppContext& ctx) {
  if (m_queue) begin(ctx, m_scope);
}

void PracticeScreen::begin(AppContext& ctx, const PracticeScope& scope) {
  m_scope = scope;
  m_queue.emplace(*ctx.pack, scope, LeitnerBoxes::from_log(ctx.progress.log(), ctx.pack->id));
  m_answered_in_run = m_right_in_run = 0;
  m_selected.reset();
  m_next_id.reset();
  m_question_id = m_queue->next(ctx.clock.now_ms());
  m_question_shown_ms = ctx.clock.now_ms();
  ++m_question_serial;
}

void PracticeScreen::choose(AppContext& ctx, std::size_t choice) {
  if (m_selected || !m_question_id) return;
  const Question* question = ctx.pack->find_question(*m_question_id);
  if (!question || choice >= question->choices.size()) return;
  m_selected = choice;
  ++m_answered_in_run;
  if (question->is_correct(choice)) ++m_right_in_run;
  const std::int64_t now = ctx.clock.now_ms();
  ctx.progress.record_answer(ctx.pack->id, *question, {choice}, now - m_question_shown_ms);
  // The queue learns the answer the same way the log has it (the record the store just appended).
  const auto answers = ctx.progress.log().answers();
  if (!answers.empty() && answers.back()->question_id == question->id) {
    m_queue->record(*answers.back());
  } else {
    AnswerRecord record;  // the log is still loading: the queue learns it from a local copy
    record.pack_id = ctx.pack->id;
    record.question_id = question->id;
    record.chosen = {choice};
    record.correct = question->is_correct(choice);
    record.answered_at_ms = now;
    m_queue->record(record);
  }
  // Which question comes next, once per answer: its pictures decode while the feedback shows.
  m_next_id = m_queue->next(now);
}

void PracticeScreen::go_next(AppContext& ctx) {
  if (!m_selected) return;
  m_selected.reset();
  m_next_id.reset();
  m_question_id = m_queue->next(ctx.clock.now_ms());
  m_question_shown_ms = ctx.clock.now_ms();
  ++m_question_serial;
  ctx.navigator.show(ScreenId::practice);  // scrolls to the top
}

void PracticeScreen::draw_finished(AppContext& ctx, float width) {
  ImGui::Dummy(ImVec2(0, 12));
  heading(tr(ctx.language, "Nothing left to practise here", "Plus rien à travailler ici"), ctx.fonts.large);
  if (m_answered_in_run > 0) {
    muted_text(
        format(tr(ctx.language, "%zu right of %zu in this session.", "%zu justes sur %zu pendant cette séance."), m_right_in_run, m_answered_in_run),
        width);
  }
  muted_text(m_scope.mode == PracticeMode::mistakes
                 ? tr(ctx.language, "No mistakes to go over: well done.", "Aucune erreur à revoir : bravo.")
                 : tr(ctx.language, "Every question here has been answered. Questions come back when they are due.",
                      "Toutes les questions ont une réponse. Elles reviendront quand il sera temps de les revoir."),
             width);
  if (tap_button("practice.all", tr(ctx.language, "Practise every topic", "Travailler tous les thèmes"), ImVec2(width, kMinTapHeight))) {
    begin(ctx, PracticeScope{});
  }
  if (tap_button("practice.home", tr(ctx.language, "Back to home", "Retour à l’accueil"), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) {
    ctx.navigator.show(ScreenId::home);
  }
}

void PracticeScreen::draw(AppContext& ctx, float width) {
  if (!m_queue) begin(ctx, m_scope);
  m_drawn_serial = m_question_serial;
  m_drawn_answered = m_selected.has_value();
  m_drawn_language = ctx.language;
  const Question* question = m_question_id ? ctx.pack->find_question(*m_question_id) : nullptr;
  if (!question) return draw_finished(ctx, width);
  if (!m_first_question_drawn) {
    m_first_question_drawn = true;
    ctx.content.note("question_drawn");  // the start-up timeline: time to the first question
  }

  // "Road signs  •  3 right of 4": on a narrow phone it breaks between the parts, never inside one.
  std::string meta;
  if (const Topic* topic = ctx.pack->find_topic(question->topic)) meta = topic->name.in(ctx.language);
  if (const QuestionProgress* progress = m_queue->boxes().find(question->id)) {
    meta += format(tr(ctx.language, "  •  box %d of %d", "  •  boîte %d sur %d"), progress->box, kLeitnerBoxCount);
  } else {
    meta += tr(ctx.language, "  •  new", "  •  nouvelle");
  }
  if (m_answered_in_run > 0) meta += format(tr(ctx.language, "  •  %zu right of %zu", "  •  %zu justes sur %zu"), m_right_in_run, m_answered_in_run);
  muted_text(meta, width);

  QuestionLook look;
  if (m_selected) look.selected = {*m_selected};
  look.reveal = m_selected.has_value();
  look.enabled = !m_selected.has_value();
  std::optional<std::size_t> chosen = draw_question(ctx, *question, look, width);
  if (!chosen && !ImGui::GetIO().WantTextInput) chosen = choice_key_pressed(question->choices.size());
  if (chosen) choose(ctx, *chosen);

  if (!m_selected) {
    muted_text(format(tr(ctx.language, "Tap an answer, or press 1-%zu", "Touchez une réponse, ou tapez 1-%zu"), question->choices.size()), width);
    return;
  }
  draw_feedback(ctx, *question, question->is_correct(*m_selected), width);
  // Decodes the next question's pictures while the student reads the explanation.
  if (m_next_id) {
    if (const Question* next = ctx.pack->find_question(*m_next_id)) prefetch_pictures(ctx, *next);
  }
  if (tap_button("next", tr(ctx.language, "Next question  →", "Question suivante  →"), ImVec2(width, kMinTapHeight)) || confirm_key_pressed() ||
      key_pressed(Key::right)) {
    go_next(ctx);
  }
}

nlohmann::json PracticeScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"mode", m_scope.mode == PracticeMode::topic      ? "topic"
                                   : m_scope.mode == PracticeMode::mistakes ? "mistakes"
                                                                            : "unseen"},
                          {"topic", m_scope.topic},
                          {"answered_in_run", m_answered_in_run},
                          {"right_in_run", m_right_in_run},
                          {"serial", m_question_serial},
                          {"answered", m_selected.has_value()},
                          {"drawn", {{"serial", m_drawn_serial}, {"answered", m_drawn_answered}, {"language", m_drawn_language}}}};
  if (m_queue) state["in_scope"] = m_queue->questions_in_scope().size();
  const Question* question = m_question_id && ctx.pack ? ctx.pack->find_question(*m_question_id) : nullptr;
  if (!question) {
    state["finished"] = true;
    return state;
  }
  state["question_id"] = question->id;
  state["prompt"] = question->prompt.in(ctx.language);
  state["choice_count"] = question->choices.size();
  if (m_selected) {
    state["selected"] = *m_selected;
    state["outcome"] = question->is_correct(*m_selected) ? "right" : "wrong";
    state["correct"] = question->correct.front();
    state["explanation"] = question->explanation.in(ctx.language);
  }
  state["pictures"] = question_pictures_state(const_cast<AppContext&>(ctx), *question);
  return state;
}

}  // namespace umuhanda
