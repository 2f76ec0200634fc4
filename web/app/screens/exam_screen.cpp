// The mock exam screen.
// [SECTION] Helpers: the clock text, cards, the flag mark
// [SECTION] Exam lifecycle: MockExam (app/mock_exam.hpp) does it, the screen navigates
// [SECTION] Intro
// [SECTION] The exam: header, question, navigation, grid, submit
// [SECTION] Result and review
// [SECTION] Test hook state
#include "app/screens/exam_screen.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/keys.hpp"
#include "app/progress_store.hpp"
#include "app/question_view.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

constexpr std::int64_t kWarningMs = 2 * 60 * 1000;  // the countdown turns to the warning colour
constexpr float kGridCellHeight = 48.0f;            // CSS px, above the 44 px tap minimum
constexpr float kGridGap = 8.0f;
// The grid beside the column once the window has this much room right of it: 4 cells a row.
constexpr float kSidePanelMinWidth = 4 * (kMinTapSize + 4.0f) + 3 * kGridGap;
constexpr float kSidePanelMaxWidth = 320.0f;
constexpr float kSidePanelGap = 24.0f;

// [SECTION] Helpers: the clock text, cards, the flag mark

// "19:59": whole seconds, rounded up, so the display reads 00:00 only when the time is over.
std::string clock_text(std::int64_t ms) {
  const std::int64_t seconds = (std::max<std::int64_t>(ms, 0) + 999) / 1000;
  return format("%02lld:%02lld", static_cast<long long>(seconds / 60), static_cast<long long>(seconds % 60));
}

const ExamBlueprint* first_blueprint(const Pack* pack) { return pack && !pack->blueprints.empty() ? &pack->blueprints.front() : nullptr; }

const ExamBlueprint* find_blueprint(const Pack& pack, const std::string& id) {
  for (const ExamBlueprint& blueprint : pack.blueprints) {
    if (blueprint.id == id) return &blueprint;
  }
  return first_blueprint(&pack);
}

const ExamSet* find_exam_set(const Pack& pack, const std::string& id) {
  for (const ExamSet& set : pack.exam_sets) {
    if (set.id == id) return &set;
  }
  return nullptr;
}

// A rounded panel behind whatever is drawn between begin_card() and end_card(): the content goes on
// the front channel, the panel is added behind it once its height is known.
ImVec2 begin_card() {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(start.x + kPadding, start.y + kPadding));
  ImGui::BeginGroup();
  return start;
}

void end_card(const ImVec2& start, float width, ImU32 border, float border_width = 1.0f) {
  ImGui::EndGroup();
  const float bottom = ImGui::GetItemRectMax().y + kPadding;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->ChannelsSetCurrent(0);
  draw->AddRectFilled(start, ImVec2(start.x + width, bottom), palette().surface, 12.0f);
  draw->AddRect(start, ImVec2(start.x + width, bottom), border, 12.0f, 0, border_width);
  draw->ChannelsMerge();
  ImGui::SetCursorScreenPos(start);
  ImGui::Dummy(ImVec2(width, bottom - start.y));
}

// A small flag (pole and pennant) `size` CSS px tall, top-left at `at`.
void draw_flag_mark(ImDrawList* draw, const ImVec2& at, float size, ImU32 colour, bool filled) {
  const float pole = std::max(1.5f, size * 0.12f);
  draw->AddLine(ImVec2(at.x + pole / 2, at.y), ImVec2(at.x + pole / 2, at.y + size), colour, pole);
  const ImVec2 a(at.x + pole, at.y), b(at.x + size * 0.8f, at.y + size * 0.28f), c(at.x + pole, at.y + size * 0.56f);
  if (filled) draw->AddTriangleFilled(a, b, c, colour);
  else draw->AddTriangle(a, b, c, colour, 1.5f);
}

// Text centred in [min.x, max.x] at height y.
void centred_text(const std::string& text, float min_x, float max_x, float y, ImU32 colour) {
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  ImGui::GetWindowDrawList()->AddText(ImVec2(min_x + (max_x - min_x - size.x) / 2, y), colour, text.c_str());
}

// 1-6 or A-E: F flags the question, so a sixth choice is picked with 6 only.
std::optional<std::size_t> exam_choice_key(std::size_t choice_count) {
  for (std::size_t i = 0; i < choice_count && i < 6; ++i) {
    if (key_pressed(digit_key(i))) return i;
    if (i < 5 && key_pressed(letter_key(i))) return i;
  }
  return std::nullopt;
}

}  // namespace

// [SECTION] Exam lifecycle: MockExam (app/mock_exam.hpp) does it, the screen navigates

ExamScreen::ExamScreen(AppContext& ctx) : m_exam(ctx.storage, ctx.progress, ctx.clock, ctx.random) {
  m_exam.on_event = [this, &ctx](MockExam::Event event) { on_exam_event(ctx, event); };
}

std::string ExamScreen::title(const AppContext& ctx) const {
  const auto& session = m_exam.session();
  if (ctx.pack && session && session->exam_set_id()) {
    if (const ExamSet* set = find_exam_set(*ctx.pack, *session->exam_set_id())) return set->name.in(ctx.language);
  }
  return tr(ctx.language, "Mock exam", "Examen blanc");
}

bool ExamScreen::holds_pack() const { return m_exam.holds_pack(); }

void ExamScreen::changed() {
  ++m_serial;
  request_redraw();
}

void ExamScreen::on_exam_event(AppContext& ctx, MockExam::Event event) {
  switch (event) {
    case MockExam::Event::changed: return changed();
    case MockExam::Event::started:
      m_mistakes_only = false;
      m_confirm_submit = false;
      return ctx.navigator.show(ScreenId::exam);  // the first question from the top of the page
    case MockExam::Event::restored:
      m_confirm_submit = false;
      return ctx.navigator.resume_exam();  // the student left in the middle of an exam: back to it
    case MockExam::Event::submitted:
      m_confirm_submit = false;
      m_mistakes_only = false;
      return ctx.navigator.show(ScreenId::exam);  // the score, from the top
  }
}

void ExamScreen::begin(AppContext& ctx, std::optional<std::string> exam_set_id) {
  m_confirm_submit = false;
  m_exam.use_pack(ctx.pack);
  m_exam.begin(std::move(exam_set_id));
}

void ExamScreen::load_saved(AppContext& ctx) {
  m_exam.use_pack(ctx.pack);
  m_exam.load_saved(ctx.storage_open);
}

void ExamScreen::on_pack_changed(AppContext& ctx) { m_exam.use_pack(ctx.pack); }

void ExamScreen::on_show(AppContext&) { m_exam.record_if_due(); }

bool ExamScreen::on_back(AppContext&) {
  if (!m_confirm_submit) return false;
  m_confirm_submit = false;
  changed();
  return true;
}

void ExamScreen::answer(AppContext&, std::size_t choice) {
  if (m_exam.answer(choice)) m_confirm_submit = false;
}

void ExamScreen::go_to(AppContext& ctx, std::size_t index) {
  if (!m_exam.go_to(index)) return;
  m_confirm_submit = false;
  ctx.navigator.show(ScreenId::exam);  // scrolls to the top: the question, not the grid
}

void ExamScreen::toggle_flag(AppContext&) { m_exam.toggle_flag(); }

void ExamScreen::request_submit(AppContext& ctx) {
  if (m_exam.session()->unanswered_indexes().empty()) return submit(ctx);
  m_confirm_submit = true;
  m_scroll_to_confirm = true;
  changed();
}

void ExamScreen::submit(AppContext&) { m_exam.submit(); }

void ExamScreen::draw(AppContext& ctx, float width) {
  m_drawn_serial = m_serial;
  m_drawn_language = ctx.language;
  m_exam.use_pack(ctx.pack);
  m_exam.record_if_due();
  // A view that ends (started, submitted, time up) stops drawing: the next frame shows the new one whole.
  const Phase drawn = m_exam.phase();
  if (m_exam.phase() == Phase::running && m_exam.session()) draw_running(ctx, width);
  else if (m_exam.phase() == Phase::result && m_exam.session()) draw_result(ctx, width);
  else draw_intro(ctx, width);
  if (m_exam.phase() != drawn) request_redraw();
}

// [SECTION] Intro

void ExamScreen::draw_intro(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const ExamBlueprint* blueprint = first_blueprint(ctx.pack);
  if (!blueprint && ctx.pack->exam_sets.empty()) {
    ImGui::Dummy(ImVec2(0, 8));
    muted_text(tr(l, "This question pack has no mock exam.", "Ce jeu de questions ne contient pas d’examen blanc."), width);
    return;
  }
  if (blueprint) {
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::PushFont(ctx.fonts.large);
    wrapped_text(blueprint->name.in(l), width);
    ImGui::PopFont();

    // Three facts side by side: how many questions, how long, how many right to pass.
    const std::string values[] = {std::to_string(blueprint->question_count), std::to_string(blueprint->time_limit_minutes),
                                  format("%d/%d", blueprint->pass_mark, blueprint->question_count)};
    const char* labels[] = {tr(l, "questions", "questions"), tr(l, "minutes", "minutes"), tr(l, "to pass", "pour réussir")};
    const float box_width = (width - 2 * kGap) / 3;
    ImGui::PushFont(ctx.fonts.large);
    const float value_height = ImGui::GetTextLineHeight();
    ImGui::PopFont();
    const float box_height = value_height + ImGui::GetTextLineHeight() + 2 * kPadding + 2;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (int i = 0; i < 3; ++i) {
      const ImVec2 min(origin.x + static_cast<float>(i) * (box_width + kGap), origin.y);
      const ImVec2 max(min.x + box_width, min.y + box_height);
      draw->AddRectFilled(min, max, p.surface, 10.0f);
      draw->AddRect(min, max, p.border, 10.0f);
      ImGui::PushFont(ctx.fonts.large);
      centred_text(values[i], min.x, max.x, min.y + kPadding, to_u32(p.text));
      ImGui::PopFont();
      draw->PushClipRect(min, max, true);
      centred_text(labels[i], min.x, max.x, min.y + kPadding + value_height + 2, to_u32(p.text_muted));
      draw->PopClipRect();
    }
    ImGui::Dummy(ImVec2(width, box_height));

    const char* points[] = {
        tr(l, "Questions are drawn at random from every topic.", "Les questions sont tirées au hasard dans tous les thèmes."),
        tr(l, "Move freely between questions, and flag any you want to come back to.",
           "Passez librement d’une question à l’autre et marquez celles à revoir."),
        tr(l, "The clock keeps running if you leave or close the app.", "Le temps continue de s’écouler si vous quittez ou fermez l’application."),
        tr(l, "Your score, the right answers and their explanations come at the end.",
           "Le score, les bonnes réponses et leurs explications s’affichent à la fin."),
    };
    // Bullets with a hanging indent: wrapped lines start under the text, not under the bullet.
    const float bullet_width = ImGui::CalcTextSize("•  ").x;
    for (const char* point : points) {
      ImGui::TextColored(p.text_muted, "•");
      ImGui::SameLine(0, bullet_width - ImGui::CalcTextSize("•").x);
      muted_text(point, width - bullet_width);
    }
    if (!m_exam.start_error().empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, p.warning);
      wrapped_text(format(tr(l, "The exam could not be drawn: %s", "Impossible de préparer l’examen : %s"), m_exam.start_error().c_str()), width);
      ImGui::PopStyleColor();
    }
    const bool typed = !ImGui::GetIO().WantTextInput && confirm_key_pressed();
    if (tap_button("exam.start", tr(l, "Start the exam", "Commencer l’examen"), ImVec2(width, kMinTapHeight)) || typed) {
      return m_exam.start(std::nullopt);
    }
  }

  if (ctx.pack->exam_sets.empty()) return;
  ImGui::Dummy(ImVec2(0, 8));
  heading(tr(l, "Ready-made exams", "Examens tout prêts"), ctx.fonts.large);
  muted_text(tr(l, "Always the same questions: take one again to see how far you have come.",
                "Toujours les mêmes questions : refaites-en un pour mesurer vos progrès."),
             width);
  const auto attempts = ctx.progress.log().exam_attempts();
  for (const ExamSet& set : ctx.pack->exam_sets) {
    const ExamBlueprint* rules = find_blueprint(*ctx.pack, set.blueprint);
    std::string subtitle = format(tr(l, "%zu questions", "%zu questions"), set.questions.size());
    if (rules) subtitle += format(tr(l, "  •  %d min", "  •  %d min"), rules->time_limit_minutes);
    int best = -1;
    for (const ExamAttemptRecord* attempt : attempts) {
      if (attempt->pack_id == ctx.pack->id && attempt->exam_set_id == set.id) best = std::max(best, attempt->score);
    }
    if (best < 0) subtitle += tr(l, "  •  not taken yet", "  •  pas encore fait");
    else subtitle += format(tr(l, "  •  best %d/%zu", "  •  meilleur score %d/%zu"), best, set.questions.size());
    if (tap_row("exam.set." + set.id, set.name.in(l), subtitle, width)) return m_exam.start(set.id);
  }
}

// [SECTION] The exam: header, question, navigation, grid, submit

void ExamScreen::draw_running(AppContext& ctx, float width) {
  if (m_exam.submit_if_time_up()) return;  // drawn as a result from the next frame
  const std::int64_t now = ctx.clock.now_ms();
  const std::int64_t remaining = m_exam.session()->remaining_ms(now);
  // One frame when the mm:ss text next changes; nothing else wakes an idle page.
  const std::int64_t shown_seconds = (remaining + 999) / 1000;
  request_redraw_in(static_cast<int>(remaining - (shown_seconds - 1) * 1000) + 5);

  const std::size_t index = m_exam.session()->current_index();
  const Question* question = ctx.pack->find_question(m_exam.session()->question(index).id);
  if (!question) return submit(ctx);  // cannot happen: MockExam::restore() checks every question is in the pack

  const ImVec2 column_top = ImGui::GetCursorScreenPos();
  draw_exam_header(ctx, width, remaining);
  QuestionLook look;
  if (const auto& chosen = m_exam.session()->chosen(index)) look.selected = *chosen;
  const std::optional<std::size_t> tapped_choice = draw_question(ctx, *question, look, width);
  if (index + 1 < m_exam.session()->size()) {
    if (const Question* next = ctx.pack->find_question(m_exam.session()->question(index + 1).id)) prefetch_pictures(ctx, *next);
  }
  if (width >= 560.0f) {
    muted_text(format(tr(ctx.language, "Keys: 1-%zu answer  •  ← → move  •  F flag  •  Enter next",
                         "Touches : 1-%zu répondre  •  ← → changer de question  •  F marquer  •  Entrée suivante"),
                      question->choices.size()),
               width);
  }
  ImGui::Dummy(ImVec2(0, 2));
  // Everything below acts after the question is drawn: a tap or key changes what the next frame shows.
  if (tapped_choice) answer(ctx, *tapped_choice);
  draw_navigation(ctx, width);
  if (m_exam.phase() != Phase::running) return;
  if (!draw_grid_and_submit(ctx, width, column_top.x, column_top.y)) return;
  handle_exam_keys(ctx, question->choices.size());
}

// Below the question on a phone; on a wide window in a panel beside the column, so the whole exam
// is in view on a desktop without scrolling. False once the exam is no longer running.
bool ExamScreen::draw_grid_and_submit(AppContext& ctx, float width, float column_left, float column_top) {
  const float right_room = ImGui::GetIO().DisplaySize.x - ImGui::GetStyle().WindowPadding.x - (column_left + width) - kSidePanelGap;
  if (right_room < kSidePanelMinWidth) {
    draw_grid(ctx, width);
    if (m_exam.phase() != Phase::running) return false;
    draw_submit(ctx, width);
    return m_exam.phase() == Phase::running;
  }
  const float panel_width = std::min(right_room, kSidePanelMaxWidth);
  const ImVec2 column_end = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(column_left + width + kSidePanelGap, column_top));
  ImGui::BeginGroup();
  draw_grid(ctx, panel_width);
  if (m_exam.phase() == Phase::running) draw_submit(ctx, panel_width);
  ImGui::EndGroup();
  // Back under the column, below whichever of the two ends lower.
  ImGui::SetCursorScreenPos(ImVec2(column_end.x, std::max(column_end.y, ImGui::GetItemRectMax().y + ImGui::GetStyle().ItemSpacing.y)));
  ImGui::Dummy(ImVec2(width, 0));
  return m_exam.phase() == Phase::running;
}

// A card: "Question 3 of 20" and how many are answered on the left, the countdown on the right,
// and under them a thin bar of the time left.
void ExamScreen::draw_exam_header(AppContext& ctx, float width, std::int64_t remaining_ms) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const bool hurry = remaining_ms < kWarningMs;
  const ImVec2 start = begin_card();
  const float inner = width - 2 * kPadding;
  ImGui::PushFont(ctx.fonts.large);
  const std::string clock = clock_text(remaining_ms);
  m_drawn_clock = clock;
  const float clock_width = ImGui::CalcTextSize(clock.c_str()).x;
  const ImVec2 line = ImGui::GetCursorScreenPos();
  ImGui::TextUnformatted(
      format(tr(l, "Question %zu of %zu", "Question %zu sur %zu"), m_exam.session()->current_index() + 1, m_exam.session()->size()).c_str());
  ImGui::GetWindowDrawList()->AddText(ImVec2(line.x + inner - clock_width, line.y), to_u32(hurry ? p.warning : p.text), clock.c_str());
  ImGui::PopFont();
  const std::string answered =
      format(tr(l, "%zu of %zu answered", "%zu sur %zu répondues"), m_exam.session()->answered_count(), m_exam.session()->size());
  const char* left = tr(l, "left", "restant");
  const ImVec2 second = ImGui::GetCursorScreenPos();
  ImGui::TextColored(p.text_muted, "%s", answered.c_str());
  ImGui::GetWindowDrawList()->AddText(ImVec2(second.x + inner - ImGui::CalcTextSize(left).x, second.y), to_u32(hurry ? p.warning : p.text_muted),
                                      left);
  // The time left as a bar, in the countdown's colour.
  const std::int64_t total = std::max<std::int64_t>(m_exam.session()->ends_at_ms() - m_exam.session()->started_at_ms(), 1);
  const float fraction = std::clamp(static_cast<float>(static_cast<double>(remaining_ms) / static_cast<double>(total)), 0.0f, 1.0f);
  const ImVec2 bar = ImGui::GetCursorScreenPos();
  constexpr float kBarHeight = 6.0f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(bar, ImVec2(bar.x + inner, bar.y + kBarHeight), p.track, kBarHeight / 2);
  if (fraction > 0) {
    draw->AddRectFilled(bar, ImVec2(bar.x + std::max(inner * fraction, kBarHeight), bar.y + kBarHeight), to_u32(hurry ? p.warning : p.accent),
                        kBarHeight / 2);
  }
  ImGui::Dummy(ImVec2(inner, kBarHeight));
  end_card(start, width, hurry ? to_u32(p.warning) : p.border, hurry ? 2.0f : 1.0f);
}

// Previous, the flag toggle, Next: one row. On a phone the arrows alone, so the flag keeps its words.
void ExamScreen::draw_navigation(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const std::size_t index = m_exam.session()->current_index();
  const bool narrow = width < 480.0f;
  const float arrow_width = narrow ? 72.0f : (width - 2 * kGap) / 3;
  const float flag_width = width - 2 * arrow_width - 2 * kGap;

  ImGui::BeginDisabled(index == 0);
  if (tap_button("exam.previous", narrow ? "←" : tr(l, "←  Previous", "←  Précédente"), ImVec2(arrow_width, kMinTapHeight), ButtonKind::secondary)) {
    go_to(ctx, index - 1);
  }
  ImGui::EndDisabled();
  ImGui::SameLine(0, kGap);

  // The flag toggle: drawn here so a flagged question shows the flag colour, not a button colour.
  const bool flagged = m_exam.session()->is_flagged(index);
  ImGui::PushID("exam.flag");
  const bool clicked = ImGui::InvisibleButton("flag", ImVec2(flag_width, kMinTapHeight));
  ImGui::PopID();
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, hovered ? p.surface_hovered : p.surface, ImGui::GetStyle().FrameRounding);
  draw->AddRect(min, max, flagged ? p.flag : p.border, ImGui::GetStyle().FrameRounding, 0, flagged ? 2.5f : 1.0f);
  const char* label = flagged ? tr(l, "Flagged", "Marquée") : tr(l, "Flag", "Marquer");
  const float mark = 18.0f;
  const float label_width = ImGui::CalcTextSize(label).x;
  const float left = min.x + (flag_width - mark - 8.0f - label_width) / 2;
  draw_flag_mark(draw, ImVec2(left, min.y + (kMinTapHeight - mark) / 2), mark, flagged ? p.flag : to_u32(p.text_muted), flagged);
  draw->AddText(ImVec2(left + mark + 8.0f, min.y + (kMinTapHeight - ImGui::GetTextLineHeight()) / 2), to_u32(p.text), label);
  tap_targets().add("exam.flag", min, max);
  if (tapped(clicked)) toggle_flag(ctx);
  ImGui::SameLine(0, kGap);

  ImGui::BeginDisabled(index + 1 >= m_exam.session()->size());
  if (tap_button("exam.next", narrow ? "→" : tr(l, "Next  →", "Suivante  →"), ImVec2(arrow_width, kMinTapHeight), ButtonKind::secondary)) {
    go_to(ctx, index + 1);
  }
  ImGui::EndDisabled();
}

// Every question as a numbered cell: answered ones filled, flagged ones with a flag, the current
// one ringed. Rows of equal length when the count allows it (5 x 4 on a phone, 10 x 2 wider).
void ExamScreen::draw_grid(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const std::size_t count = m_exam.session()->size();
  ImGui::Dummy(ImVec2(0, 4));
  muted_text(tr(l, "All questions: tap one to go to it", "Toutes les questions : touchez-en une pour y aller"), width);

  const std::size_t fit = std::max<std::size_t>(1, static_cast<std::size_t>((width + kGridGap) / (kMinTapSize + 4.0f + kGridGap)));
  std::size_t columns = std::min(count, fit);
  for (std::size_t c = columns; c >= 1; --c) {
    if (count % c == 0) {
      if (c * 2 >= columns) columns = c;
      break;
    }
  }
  const std::size_t rows = (count + columns - 1) / columns;
  const float cell_width = (width - kGridGap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  std::optional<std::size_t> jump;
  for (std::size_t i = 0; i < count; ++i) {
    const ImVec2 min(origin.x + static_cast<float>(i % columns) * (cell_width + kGridGap),
                     origin.y + static_cast<float>(i / columns) * (kGridCellHeight + kGridGap));
    const ImVec2 max(min.x + cell_width, min.y + kGridCellHeight);
    ImGui::SetCursorScreenPos(min);
    ImGui::PushID(static_cast<int>(i));
    const bool clicked = ImGui::InvisibleButton("cell", ImVec2(cell_width, kGridCellHeight));
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    const bool answered = m_exam.session()->is_answered(i), current = i == m_exam.session()->current_index();
    if (answered) {
      draw->AddRectFilled(min, max, to_u32(hovered ? p.accent_hovered : p.accent), 8.0f);
    } else {
      draw->AddRectFilled(min, max, hovered ? p.surface_hovered : p.surface, 8.0f);
      draw->AddRect(min, max, p.border, 8.0f);
    }
    if (current) draw->AddRect(ImVec2(min.x - 3, min.y - 3), ImVec2(max.x + 3, max.y + 3), to_u32(p.text), 10.0f, 0, 3.0f);
    if (m_exam.session()->is_flagged(i)) draw_flag_mark(draw, ImVec2(max.x - 17.0f, min.y + 5.0f), 13.0f, p.flag, true);
    centred_text(std::to_string(i + 1), min.x, max.x, min.y + (kGridCellHeight - ImGui::GetTextLineHeight()) / 2,
                 to_u32(answered ? p.accent_text : p.text));
    tap_targets().add("exam.grid." + std::to_string(i), min, max);
    if (tapped(clicked)) jump = i;
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, static_cast<float>(rows) * kGridCellHeight + static_cast<float>(rows - 1) * kGridGap + 3.0f));

  // The legend: what the three looks mean.
  const float swatch = 16.0f;
  const float legend_left = ImGui::GetCursorScreenPos().x;
  float legend_right = legend_left;
  auto legend = [&](int kind, const char* label, bool first) {
    // On the same line while it fits the width (a side panel is narrow).
    const float item_width = swatch + 6.0f + ImGui::CalcTextSize(label).x;
    if (!first && legend_right + 18.0f + item_width <= legend_left + width) ImGui::SameLine(0, 18.0f);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    legend_right = at.x + item_width;
    const float y = at.y + (ImGui::GetTextLineHeight() - swatch) / 2;
    if (kind == 0) draw->AddRectFilled(ImVec2(at.x, y), ImVec2(at.x + swatch, y + swatch), to_u32(p.accent), 4.0f);
    if (kind == 1) draw->AddRect(ImVec2(at.x + 1, y + 1), ImVec2(at.x + swatch - 1, y + swatch - 1), to_u32(p.text), 4.0f, 0, 2.5f);
    if (kind == 2) draw_flag_mark(draw, ImVec2(at.x + 2, y), swatch, p.flag, true);
    ImGui::Dummy(ImVec2(swatch, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, 6.0f);
    ImGui::TextColored(p.text_muted, "%s", label);
  };
  legend(0, tr(l, "Answered", "Répondue"), true);
  legend(1, tr(l, "Current", "En cours"), false);
  legend(2, tr(l, "Flagged", "Marquée"), false);
  if (jump) go_to(ctx, *jump);
}

void ExamScreen::draw_submit(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  ImGui::Dummy(ImVec2(0, 4));
  if (!m_confirm_submit) {
    if (tap_button("exam.submit", tr(l, "Submit answers", "Rendre la copie"), ImVec2(width, kMinTapHeight))) request_submit(ctx);
    muted_text(tr(l, "The clock keeps running if you leave this screen.", "Le temps continue de s’écouler si vous quittez cet écran."), width);
    return;
  }
  const std::vector<std::size_t> unanswered = m_exam.session()->unanswered_indexes();
  if (unanswered.empty()) {
    m_confirm_submit = false;
    return;
  }
  const ImVec2 start = begin_card();
  const float inner = width - 2 * kPadding;
  ImGui::PushFont(ctx.fonts.large);
  wrapped_text(unanswered.size() == 1
                   ? std::string(tr(l, "1 question unanswered. Submit anyway?", "1 question sans réponse. Rendre quand même ?"))
                   : format(tr(l, "%zu questions unanswered. Submit anyway?", "%zu questions sans réponse. Rendre quand même ?"), unanswered.size()),
               inner);
  ImGui::PopFont();
  muted_text(tr(l, "An unanswered question counts as wrong.", "Une question sans réponse compte comme fausse."), inner);
  const std::string go_to_label = format(tr(l, "Go to question %zu", "Aller à la question %zu"), unanswered.front() + 1);
  // Side by side when both labels fit, one above the other otherwise (the desktop side panel).
  const float half = (inner - kGap) / 2;
  const bool side_by_side = ImGui::CalcTextSize(go_to_label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x + 16.0f <= half;
  const ImVec2 button_size(side_by_side ? half : inner, kMinTapHeight);
  if (tap_button("exam.submit.confirm", tr(l, "Submit anyway", "Rendre quand même"), button_size)) {
    end_card(start, width, to_u32(p.warning), 2.0f);
    return submit(ctx);
  }
  if (side_by_side) ImGui::SameLine(0, kGap);
  if (tap_button("exam.submit.cancel", go_to_label.c_str(), button_size, ButtonKind::secondary)) {
    m_confirm_submit = false;
    end_card(start, width, to_u32(p.warning), 2.0f);
    return go_to(ctx, unanswered.front());
  }
  end_card(start, width, to_u32(p.warning), 2.0f);
  if (m_scroll_to_confirm) {
    ImGui::SetScrollHereY(1.0f);
    m_scroll_to_confirm = false;
  }
}

// 1-6 or A-E answer, F flags, ← → move, Enter goes on (on the last question it submits); while the
// submit question is open, Enter confirms it and Esc (ClientApp, through on_back) closes it.
void ExamScreen::handle_exam_keys(AppContext& ctx, std::size_t choice_count) {
  if (ImGui::GetIO().WantTextInput) return;
  if (m_confirm_submit) {
    if (confirm_key_pressed()) submit(ctx);
    return;
  }
  const std::size_t index = m_exam.session()->current_index();
  if (auto choice = exam_choice_key(choice_count)) return answer(ctx, *choice);
  if (key_pressed(Key::letter_f)) return toggle_flag(ctx);
  if (key_pressed(Key::left) && index > 0) return go_to(ctx, index - 1);
  if (key_pressed(Key::right) && index + 1 < m_exam.session()->size()) return go_to(ctx, index + 1);
  if (confirm_key_pressed()) {
    if (index + 1 < m_exam.session()->size()) return go_to(ctx, index + 1);
    request_submit(ctx);
  }
}

// [SECTION] Result and review

void ExamScreen::draw_result(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const ExamResult result = *m_exam.session()->result();
  const ImVec2 start = begin_card();
  const float inner = width - 2 * kPadding;
  ImGui::PushFont(ctx.fonts.large);
  ImGui::TextColored(result.passed ? p.right : p.wrong, "%s", result.passed ? tr(l, "✓ Passed", "✓ Réussi") : tr(l, "✗ Not passed", "✗ Non réussi"));
  ImGui::TextUnformatted(format(tr(l, "%d right out of %d", "%d bonnes réponses sur %d"), result.score, result.question_count).c_str());
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 2));
  progress_bar(static_cast<float>(result.score) / static_cast<float>(std::max(result.question_count, 1)), inner, 12.0f,
               static_cast<float>(result.pass_mark) / static_cast<float>(std::max(result.question_count, 1)));
  muted_text(format(tr(l, "Pass mark: %d  •  Time taken: %s", "Seuil de réussite : %d  •  Temps utilisé : %s"), result.pass_mark,
                    clock_text(result.submitted_at_ms - result.started_at_ms).c_str()),
             inner);
  if (result.timed_out) {
    ImGui::PushStyleColor(ImGuiCol_Text, p.warning);
    wrapped_text(tr(l, "Time ran out: your answers were submitted automatically.", "Temps écoulé : vos réponses ont été rendues automatiquement."),
                 inner);
    ImGui::PopStyleColor();
  }
  end_card(start, width, to_u32(result.passed ? p.right : p.wrong), 2.0f);

  const float half = (width - kGap) / 2;
  if (tap_button("exam.new", tr(l, "New exam", "Nouvel examen"), ImVec2(half, kMinTapHeight))) return begin(ctx, std::nullopt);
  ImGui::SameLine(0, kGap);
  if (tap_button("exam.home", tr(l, "Home", "Accueil"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
    return ctx.navigator.show(ScreenId::home);
  }
  draw_review(ctx, width);
}

// Every question as it was answered, with the right answer and the explanation; unanswered ones
// say so. "Only my mistakes" hides the right ones.
void ExamScreen::draw_review(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const ExamResult result = *m_exam.session()->result();
  const auto mistakes = static_cast<std::size_t>(result.question_count - result.score);
  ImGui::Dummy(ImVec2(0, 8));
  heading(tr(l, "Review", "Correction"), ctx.fonts.large);
  if (mistakes > 0) {
    const std::string label = m_mistakes_only ? format(tr(l, "Show all %d questions", "Afficher les %d questions"), result.question_count)
                                              : format(tr(l, "Only my %zu mistakes", "Seulement mes %zu erreurs"), mistakes);
    if (tap_button("exam.review.mistakes", label.c_str(), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) {
      m_mistakes_only = !m_mistakes_only;
      changed();
    }
  }
  for (std::size_t i = 0; i < result.review.size(); ++i) {
    const QuestionReview& item = result.review[i];
    if (m_mistakes_only && item.right) continue;
    ImGui::PushID(static_cast<int>(i));
    ImGui::Dummy(ImVec2(0, 6));
    const ImVec2 rule = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(rule, ImVec2(rule.x + width, rule.y), p.track, 2.0f);
    ImGui::Dummy(ImVec2(width, 6));
    // "Question 3 of 20  ✗ wrong", with a flag if the student flagged it: a list that can be scanned.
    const std::string label = format(tr(l, "Question %zu of %d", "Question %zu sur %d"), i + 1, result.question_count);
    const char* outcome = item.right    ? tr(l, "✓ right", "✓ juste")
                          : item.chosen ? tr(l, "✗ wrong", "✗ faux")
                                        : tr(l, "✗ not answered", "✗ sans réponse");
    ImGui::TextColored(p.text_muted, "%s", label.c_str());
    ImGui::SameLine(0, 12.0f);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::TextColored(item.right ? p.right : p.wrong, "%s", outcome);
    if (item.flagged) {
      const float x = at.x + ImGui::CalcTextSize(outcome).x + 12.0f;
      draw_flag_mark(ImGui::GetWindowDrawList(), ImVec2(x, at.y + 3), ImGui::GetTextLineHeight() - 6, p.flag, true);
    }
    if (const Question* question = ctx.pack->find_question(item.question_id)) {
      QuestionLook look;
      if (item.chosen) look.selected = *item.chosen;
      look.reveal = true;
      look.enabled = false;
      draw_question(ctx, *question, look, width);
      draw_feedback(ctx, *question, item.right, width);
    } else {
      muted_text(tr(l, "This question is no longer in the question pack.", "Cette question ne fait plus partie du jeu de questions."), width);
    }
    ImGui::PopID();
  }
  ImGui::Dummy(ImVec2(0, 8));
  const float half = (width - kGap) / 2;
  if (tap_button("exam.end.new", tr(l, "New exam", "Nouvel examen"), ImVec2(half, kMinTapHeight))) return begin(ctx, std::nullopt);
  ImGui::SameLine(0, kGap);
  if (tap_button("exam.end.home", tr(l, "Home", "Accueil"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
    ctx.navigator.show(ScreenId::home);
  }
}

// [SECTION] Test hook state

nlohmann::json ExamScreen::state(const AppContext& ctx) const {
  static const char* kPhaseNames[] = {"intro", "running", "result"};
  nlohmann::json state = {{"phase", kPhaseNames[static_cast<int>(m_exam.phase())]},
                          {"serial", m_serial},
                          {"drawn", {{"serial", m_drawn_serial}, {"language", m_drawn_language}, {"countdown", m_drawn_clock}}},
                          {"restored", m_exam.restored()},
                          {"saves_pending", m_exam.saves_pending()},
                          {"saves_done", m_exam.saves_done()},
                          {"record_due", m_exam.record_due()},
                          {"confirm_submit", m_confirm_submit},
                          {"mistakes_only", m_mistakes_only}};
  if (m_exam.save_error()) state["save_error"] = m_exam.save_error()->message;
  if (!m_exam.start_error().empty()) state["start_error"] = m_exam.start_error();
  if (const ExamBlueprint* blueprint = first_blueprint(ctx.pack)) {
    state["blueprint"] = {{"id", blueprint->id},
                          {"question_count", blueprint->question_count},
                          {"time_limit_minutes", blueprint->time_limit_minutes},
                          {"pass_mark", blueprint->pass_mark}};
  }
  nlohmann::json sets = nlohmann::json::array();
  if (ctx.pack) {
    for (const ExamSet& set : ctx.pack->exam_sets) sets.push_back(set.id);
  }
  state["exam_sets"] = std::move(sets);
  if (!m_exam.session()) return state;

  const ExamSession& session = *m_exam.session();
  const std::int64_t now = ctx.clock.now_ms();
  state["exam_set_id"] = session.exam_set_id() ? nlohmann::json(*session.exam_set_id()) : nlohmann::json(nullptr);
  state["question_count"] = session.size();
  state["pass_mark"] = session.pass_mark();
  state["started_at_ms"] = session.started_at_ms();
  state["ends_at_ms"] = session.ends_at_ms();
  state["remaining_ms"] = session.remaining_ms(now);
  state["index"] = session.current_index();
  state["answered"] = session.answered_count();
  state["flagged"] = session.flagged_indexes();
  state["unanswered"] = session.unanswered_indexes().size();
  nlohmann::json ids = nlohmann::json::array(), chosen = nlohmann::json::array();
  for (std::size_t i = 0; i < session.size(); ++i) {
    ids.push_back(session.question(i).id);
    chosen.push_back(session.chosen(i) ? nlohmann::json(*session.chosen(i)) : nlohmann::json(nullptr));
  }
  state["question_ids"] = std::move(ids);
  state["chosen"] = std::move(chosen);
  const ExamQuestion& current = session.question(session.current_index());
  state["question_id"] = current.id;
  state["selected"] =
      session.chosen(session.current_index()) ? nlohmann::json(session.chosen(session.current_index())->front()) : nlohmann::json(nullptr);
  state["choice_count"] = current.choice_count;
  // The answer key of the question on screen: tests answer right or wrong on purpose with it.
  state["correct"] = current.correct;
  if (const Question* question = ctx.pack ? ctx.pack->find_question(current.id) : nullptr) {
    state["pictures"] = question_pictures_state(const_cast<AppContext&>(ctx), *question);
  }
  if (const auto result = session.result()) {
    nlohmann::json review = nlohmann::json::array();
    for (const QuestionReview& item : result->review) {
      review.push_back({{"question_id", item.question_id},
                        {"chosen", item.chosen ? nlohmann::json(*item.chosen) : nlohmann::json(nullptr)},
                        {"correct", item.correct},
                        {"right", item.right},
                        {"flagged", item.flagged}});
    }
    state["result"] = {{"score", result->score},
                       {"question_count", result->question_count},
                       {"pass_mark", result->pass_mark},
                       {"passed", result->passed},
                       {"timed_out", result->timed_out},
                       {"started_at_ms", result->started_at_ms},
                       {"submitted_at_ms", result->submitted_at_ms},
                       {"time_taken_ms", result->submitted_at_ms - result->started_at_ms},
                       {"review", std::move(review)}};
  }
  return state;
}

}  // namespace umuhanda
