// The home screen.
// [SECTION] Derived numbers, the remembered practice scope
// [SECTION] Drawing: continue, readiness, practice, the other rows, the pack card
// [SECTION] Test hook state
#include "app/screens/home_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/account.hpp"
#include "app/contact.hpp"
#include "app/content_sync.hpp"
#include "app/inbox.hpp"
#include "app/payments.hpp"
#include "app/progress_store.hpp"
#include "app/scheduled_exams.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "platform/key_value_store.hpp"
#include "umuhanda/notification_text.hpp"  // format_rwf
#include "umuhanda/spaced_repetition.hpp"

namespace umuhanda {
namespace {

constexpr const char* kLastPracticeKey = "last_practice";
constexpr const char* kModeNames[] = {"topic", "mistakes", "unseen"};
constexpr const char* kContinueNames[] = {"exam", "practice", "start"};

std::string scope_to_json(const PracticeScope& scope) {
  return nlohmann::json{{"mode", kModeNames[static_cast<int>(scope.mode)]}, {"topic", scope.topic}}.dump();
}

std::optional<PracticeScope> scope_from_json(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object() || !json.contains("mode") || !json["mode"].is_string()) return std::nullopt;
  PracticeScope scope;
  const std::string mode = json["mode"].get<std::string>();
  for (int i = 0; i < 3; ++i)
    if (mode == kModeNames[i]) scope.mode = static_cast<PracticeMode>(i);
  if (json.contains("topic") && json["topic"].is_string()) scope.topic = json["topic"].get<std::string>();
  return scope;
}

// The pass ratio of the pack's first blueprint: the bar's marker and the readiness goal. The
// statistics use the strictest of the last exams once there are some.
std::optional<double> pass_ratio(const Pack& pack, const Statistics& stats) {
  double strictest = -1.0;
  for (const ExamScore& exam : stats.readiness.last_exams) {
    if (exam.question_count > 0) strictest = std::max(strictest, static_cast<double>(exam.pass_mark) / exam.question_count);
  }
  if (strictest >= 0) return strictest;
  if (pack.blueprints.empty() || pack.blueprints.front().question_count <= 0) return std::nullopt;
  return static_cast<double>(pack.blueprints.front().pass_mark) / pack.blueprints.front().question_count;
}

// The accent-coloured row of the main action: title, muted subtitle, an arrow on the right.
bool primary_row(const std::string& name, const std::string& title, const std::string& subtitle, float width) {
  const Palette& p = palette();
  const float arrow_width = ImGui::CalcTextSize("→").x + kPadding;
  const float text_width = width - 2 * kPadding - arrow_width;
  const ImVec2 title_size = ImGui::CalcTextSize(title.c_str(), nullptr, false, text_width);
  const ImVec2 subtitle_size = ImGui::CalcTextSize(subtitle.c_str(), nullptr, false, text_width);
  const float content_height = title_size.y + 4 + subtitle_size.y;
  const float height = std::max(kMinTapHeight + 12, content_height + 2 * kPadding);
  ImGui::PushID(name.c_str());
  const bool clicked = ImGui::InvisibleButton("row", ImVec2(width, height));
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, to_u32(ImGui::IsItemHovered() ? p.accent_hovered : p.accent), 12.0f);
  const float top = min.y + (height - content_height) / 2;
  ImFont* font = ImGui::GetFont();
  draw->AddText(font, ImGui::GetFontSize(), ImVec2(min.x + kPadding, top), to_u32(p.accent_text), title.c_str(), nullptr, text_width);
  ImVec4 soft = p.accent_text;
  soft.w = 0.85f;
  draw->AddText(font, ImGui::GetFontSize(), ImVec2(min.x + kPadding, top + title_size.y + 4), to_u32(soft), subtitle.c_str(), nullptr, text_width);
  draw->AddText(ImVec2(max.x - arrow_width, min.y + (height - ImGui::GetTextLineHeight()) / 2), to_u32(p.accent_text), "→");
  tap_targets().add(name, min, max);
  return tapped(clicked);
}

// A small square-ish button with a centred title and a muted value under it ("My mistakes" / "3").
bool tile(const std::string& name, const std::string& title, const std::string& value, ImVec2 size, bool open) {
  const Palette& p = palette();
  ImGui::PushID(name.c_str());
  const bool clicked = ImGui::InvisibleButton("tile", size);
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::IsItemHovered() ? p.surface_hovered : p.surface, 10.0f);
  draw->AddRect(min, max, open ? to_u32(p.accent) : p.border, 10.0f, 0, open ? 2.0f : 1.0f);
  const float line = ImGui::GetTextLineHeight();
  const float top = min.y + (size.y - 2 * line - 2) / 2;
  const float title_width = ImGui::CalcTextSize(title.c_str()).x, value_width = ImGui::CalcTextSize(value.c_str()).x;
  draw->AddText(ImVec2(min.x + (size.x - title_width) / 2, top), to_u32(p.text), title.c_str());
  draw->AddText(ImVec2(min.x + (size.x - value_width) / 2, top + line + 2), to_u32(p.text_muted), value.c_str());
  tap_targets().add(name, min, max);
  return tapped(clicked);
}

// A pass/fail chip of one exam score: "✓ 14/20" on the right colour, "✗ 9/20" on the wrong one.
// It takes a text line in the layout and overhangs it by a few pixels above and below, so chips
// and words on one line share their baseline.
std::string chip_text(const ExamScore& exam) { return format("%s %d/%d", exam.passed ? "✓" : "✗", exam.score, exam.question_count); }
float chip_width(const ExamScore& exam) { return ImGui::CalcTextSize(chip_text(exam).c_str()).x + 12; }

void score_chip(const ExamScore& exam) {
  const Palette& p = palette();
  const std::string text = chip_text(exam);
  const float line = ImGui::GetTextLineHeight();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 min(at.x, at.y - 3), max(at.x + chip_width(exam), at.y + line + 3);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, exam.passed ? p.right_fill : p.wrong_fill, (max.y - min.y) / 2);
  draw->AddText(ImVec2(at.x + 6, at.y), to_u32(p.text), text.c_str());
  ImGui::Dummy(ImVec2(max.x - min.x, line));
}

// What the pack's update state is, in words, and how it should look. Follows the same states as
// ClientApp's status line (which says what is happening right now in a few words).
struct UpdateState {
  const char* key;
  std::string text;
  ImVec4 colour;
};

UpdateState update_state(const AppContext& ctx) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const PackSyncStatus& sync = ctx.content.sync();
  switch (sync.state) {
    case PackSyncState::downloading:
      if (auto fraction = sync.progress()) {
        return {"downloading",
                format(tr(l, "Downloading a new version: %s", "Téléchargement d’une nouvelle version : %s"), format_percent(*fraction, l).c_str()),
                p.text_muted};
      }
      return {"downloading", tr(l, "Downloading a new version…", "Téléchargement d’une nouvelle version…"), p.text_muted};
    case PackSyncState::checking: return {"checking", tr(l, "Checking for new questions…", "Recherche de nouvelles questions…"), p.text_muted};
    case PackSyncState::up_to_date: return {"up_to_date", tr(l, "✓ Up to date", "✓ À jour"), p.right};
    case PackSyncState::updated:
      if (ctx.pack && sync.cached && sync.cached->version != ctx.pack->version) {
        return {"update_waiting",
                format(tr(l, "Version %d saved: it is used next time you open the app", "Version %d enregistrée : utilisée à la prochaine ouverture"),
                       sync.cached->version),
                p.text_muted};
      }
      return {"up_to_date", tr(l, "✓ Up to date: just updated", "✓ À jour : mise à jour à l’instant"), p.right};
    case PackSyncState::failed:
      if (sync.failure && sync.failure->offline) {
        return {"offline", tr(l, "Offline: using the copy saved on this phone", "Hors ligne : copie enregistrée sur ce téléphone"), p.text_muted};
      }
      return {"failed", tr(l, "Could not check for new questions: using the saved copy", "Vérification impossible : copie enregistrée utilisée"),
              p.warning};
    case PackSyncState::cached: return {"saved", tr(l, "Saved on this phone", "Enregistré sur ce téléphone"), p.text_muted};
    case PackSyncState::not_downloaded: break;
  }
  return {"not_saved", tr(l, "Not saved on this phone yet", "Pas encore enregistré sur ce téléphone"), p.text_muted};
}

}  // namespace

std::string HomeScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Home", "Accueil"); }

void HomeScreen::on_show(AppContext&) { m_focus.reset(); }

void HomeScreen::on_pack_changed(AppContext&) { ++m_pack_serial; }

// [SECTION] Derived numbers, the remembered practice scope

void HomeScreen::refresh(const AppContext& ctx) {
  if (m_stats_revision == ctx.progress.revision() && m_stats_pack_serial == m_pack_serial) return;
  m_stats_revision = ctx.progress.revision();
  m_stats_pack_serial = m_pack_serial;
  const Pack& pack = *ctx.pack;
  m_stats = compute_statistics(ctx.progress.log(), pack);
  const LeitnerBoxes boxes = LeitnerBoxes::from_log(ctx.progress.log(), pack.id);
  m_mistakes = m_unseen = 0;
  for (const Question& question : pack.questions) {
    const QuestionProgress* progress = boxes.find(question.id);
    if (!progress) ++m_unseen;
    else if (progress->is_mistake()) ++m_mistakes;
  }
  const auto answers = ctx.progress.log().answers();
  m_has_practised =
      std::any_of(answers.begin(), answers.end(), [&](const AnswerRecord* a) { return a->pack_id == pack.id && a->mode == AnswerMode::practice; });
}

void HomeScreen::load_last_scope(AppContext& ctx) {
  if (m_last_scope_asked || !ctx.storage_open) return;
  m_last_scope_asked = true;
  ctx.storage.get(stores::kMeta, kLastPracticeKey, [this](StorageResult<std::optional<std::string>> stored) {
    // A scope chosen in this visit before the answer came is newer than the stored one.
    if (stored.ok() && stored.value && !m_last_scope) m_last_scope = scope_from_json(*stored.value);
  });
}

void HomeScreen::practise(AppContext& ctx, const PracticeScope& scope) {
  m_last_scope = scope;
  if (ctx.storage_open) {
    ctx.storage.put(stores::kMeta, kLastPracticeKey, scope_to_json(scope), WriteDurability::relaxed, [](std::optional<StorageError>) {});
  }
  ctx.navigator.start_practice(scope);
}

HomeScreen::ContinueKind HomeScreen::continue_kind(const AppContext& ctx) const {
  if (ctx.navigator.exam_in_progress()) return ContinueKind::exam;
  return m_has_practised ? ContinueKind::practice : ContinueKind::start;
}

// The remembered scope while it still has something to ask; otherwise every topic.
PracticeScope HomeScreen::continue_scope(const AppContext& ctx) const {
  if (!m_last_scope) return PracticeScope{};
  const PracticeScope& scope = *m_last_scope;
  if (scope.mode == PracticeMode::mistakes && m_mistakes == 0) return PracticeScope{};
  if (scope.mode == PracticeMode::unseen && m_unseen == 0) return PracticeScope{};
  if (!scope.topic.empty() && !ctx.pack->find_topic(scope.topic)) return PracticeScope{};
  return scope;
}

void HomeScreen::continue_now(AppContext& ctx) {
  switch (continue_kind(ctx)) {
    case ContinueKind::exam: return ctx.navigator.resume_exam();
    case ContinueKind::practice: return practise(ctx, continue_scope(ctx));
    case ContinueKind::start: return practise(ctx, PracticeScope{});
  }
}

std::string HomeScreen::scope_name(const AppContext& ctx, const PracticeScope& scope) const {
  const std::string& l = ctx.language;
  switch (scope.mode) {
    case PracticeMode::mistakes: return format(tr(l, "My mistakes (%zu)", "Mes erreurs (%zu)"), m_mistakes);
    case PracticeMode::unseen: return format(tr(l, "Not yet seen (%zu)", "Jamais vues (%zu)"), m_unseen);
    case PracticeMode::topic: break;
  }
  if (const Topic* topic = scope.topic.empty() ? nullptr : ctx.pack->find_topic(scope.topic)) return topic->name.in(l);
  return tr(l, "Every topic", "Tous les thèmes");
}

// [SECTION] Drawing: continue, readiness, practice, the other rows, the pack card

void HomeScreen::draw(AppContext& ctx, float width) {
  refresh(ctx);
  const nlohmann::json drawing = shown(ctx);
  load_last_scope(ctx);
  m_focus.begin_frame();
  draw_continue(ctx, width);
  draw_readiness(ctx, width);
  draw_practice(ctx, width);
  draw_other_rows(ctx, width);
  draw_pack_card(ctx, width);
  if (m_focus.end_frame()) continue_now(ctx);
  // The frame shows the state it started with; a tap that changed it gets the frame that shows it.
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

void HomeScreen::draw_continue(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  std::string title, subtitle;
  switch (continue_kind(ctx)) {
    case ContinueKind::exam:
      title = tr(l, "Resume the mock exam", "Reprendre l’examen blanc");
      subtitle = tr(l, "Its clock is still running", "Son chrono tourne toujours");
      break;
    case ContinueKind::practice:
      title = tr(l, "Continue practising", "Continuer l’entraînement");
      subtitle = scope_name(ctx, continue_scope(ctx));
      break;
    case ContinueKind::start:
      title = tr(l, "Start practising", "Commencer l’entraînement");
      subtitle = tr(l, "One question at a time, the answer shown at once", "Une question à la fois, la réponse aussitôt");
      break;
  }
  const bool tapped_now = primary_row("home.continue", title, subtitle, width);
  if (m_focus.item("home.continue") || tapped_now) continue_now(ctx);
}

// Compact on purpose: on a phone the rows below must show without scrolling far.
void HomeScreen::draw_readiness(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const float inner = width - 2 * kPadding;
  const Readiness& readiness = m_stats.readiness;
  begin_card(width);
  if (m_stats.recent.answered == 0 && m_stats.exams.empty()) {
    wrapped_text(tr(l, "Answer a few questions: how ready you are for the exam will show here.",
                    "Répondez à quelques questions : vous verrez ici où vous en êtes avant l’examen."),
                 inner);
    end_card();
    return;
  }
  const std::optional<double> goal = pass_ratio(*ctx.pack, m_stats);
  // "Right recently ............ 72%"
  const std::string value = format_percent(m_stats.recent.ratio(), l);
  ImGui::TextColored(p.text_muted, "%s", tr(l, "Right answers, recently", "Bonnes réponses récentes"));
  ImGui::SameLine(inner - ImGui::CalcTextSize(value.c_str()).x);
  ImGui::TextUnformatted(value.c_str());
  progress_bar(static_cast<float>(m_stats.recent.ratio()), inner, 10.0f, goal ? static_cast<float>(*goal) : -1.0f);
  ImGui::TextColored(
      p.text_muted, "%s",
      readiness.last_exams.empty() ? tr(l, "Mock exams: none yet", "Examens blancs : aucun pour l’instant") : tr(l, "Exams", "Examens"));
  // The chips follow the words, and go on the next line when the card is too narrow for them.
  const float right_edge = ImGui::GetItemRectMin().x + inner;
  for (const ExamScore& exam : readiness.last_exams) {
    if (ImGui::GetItemRectMax().x + 8 + chip_width(exam) <= right_edge) ImGui::SameLine(0.0f, 8.0f);
    score_chip(exam);
  }
  if (readiness.ready) {
    ImGui::PushStyleColor(ImGuiCol_Text, p.right);
    wrapped_text(tr(l, "✓ Ready: your last mock exams passed and your answers are above the pass mark",
                    "✓ Niveau atteint : derniers examens blancs réussis et réponses au-dessus du seuil"),
                 inner);
    ImGui::PopStyleColor();
  } else if (goal) {
    muted_text(format(tr(l, "Goal: pass %zu mock exams in a row and get %s right",
                         "Objectif : réussir %zu examens blancs de suite et %s de bonnes réponses"),
                      kReadinessExamCount, format_percent(*goal, l).c_str()),
               inner);
  }
  end_card();
}

void HomeScreen::draw_practice(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  ImGui::TextUnformatted(tr(l, "Practice", "Entraînement"));
  // Every topic / By topic / My mistakes / Not yet seen: four tiles in a row when the words fit,
  // else two by two (a phone), else one under the other (larger text on a narrow phone).
  struct Tile {
    const char* name;
    std::string title, value;
  };
  const Tile tiles[] = {
      {"home.practice", tr(l, "Every topic", "Tous les thèmes"), format(tr(l, "%zu of %zu seen", "%zu vues sur %zu"), m_stats.seen, m_stats.total)},
      {"home.topics", std::string(tr(l, "By topic", "Par thème")) + (m_topics_open ? "  ↑" : "  ↓"),
       format(tr(l, "%zu topics", "%zu thèmes"), ctx.pack->topics.size())},
      {"home.mistakes", tr(l, "My mistakes", "Mes erreurs"), format("%zu", m_mistakes)},
      {"home.unseen", tr(l, "Not yet seen", "Jamais vues"), format("%zu", m_unseen)},
  };
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  float widest = 0;
  for (const Tile& t : tiles) widest = std::max({widest, ImGui::CalcTextSize(t.title.c_str()).x, ImGui::CalcTextSize(t.value.c_str()).x});
  int columns = 4;
  while (columns > 1 && widest + 16 > (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns)) columns /= 2;
  const ImVec2 size((width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns),
                    std::max(kMinTapHeight, 2 * ImGui::GetTextLineHeight() + 22));
  for (int i = 0; i < 4; ++i) {
    if (i % columns != 0) ImGui::SameLine();
    bool go = tile(tiles[i].name, tiles[i].title, tiles[i].value, size, i == 1 && m_topics_open);
    if (i == 1 && m_scroll_stage > 0) {
      // Just opened: the rows below come into view, under the tile that opened them. ImGui applies
      // a scroll at the next frame's start, so the frame after that is the one that shows it.
      if (m_scroll_stage == 1) ImGui::SetScrollHereY(0.0f);
      m_scroll_stage = m_scroll_stage == 1 ? 2 : 0;
      request_redraw();
    }
    go = m_focus.item(tiles[i].name) || go;
    if (!go) continue;
    switch (i) {
      case 0: return practise(ctx, PracticeScope{});
      case 1:
        m_topics_open = !m_topics_open;
        m_scroll_stage = m_topics_open ? 1 : 0;
        request_redraw();
        break;
      case 2: return practise(ctx, PracticeScope{PracticeMode::mistakes, ""});
      default: return practise(ctx, PracticeScope{PracticeMode::unseen, ""});
    }
  }
  if (!m_topics_open) return;
  for (const TopicStatistics& topic : m_stats.topics) {
    const Topic* info = ctx.pack->find_topic(topic.topic);
    if (!info) continue;
    const std::string subtitle = topic.recent.answered == 0
                                     ? format(tr(l, "%zu questions  •  not started", "%zu questions  •  pas commencé"), topic.total)
                                     : format(tr(l, "%s right  •  %zu of %zu seen", "%s de réussite  •  %zu vues sur %zu"),
                                              format_percent(topic.recent.ratio(), l).c_str(), topic.seen, topic.total);
    const std::string name = "home.topic." + topic.topic;
    const bool go = tap_row(name, info->name.in(l), subtitle, width);
    if (m_focus.item(name) || go) return practise(ctx, PracticeScope{PracticeMode::topic, topic.topic});
  }
}

void HomeScreen::draw_other_rows(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Pack& pack = *ctx.pack;
  std::string exam_subtitle;
  if (!pack.blueprints.empty()) {
    const ExamBlueprint& blueprint = pack.blueprints.front();
    exam_subtitle = format(tr(l, "%d questions  •  %d min  •  pass with %d", "%d questions  •  %d min  •  %d pour réussir"), blueprint.question_count,
                           blueprint.time_limit_minutes, blueprint.pass_mark);
  }
  bool go = tap_row("home.exam", tr(l, "Mock exam", "Examen blanc"), exam_subtitle, width);
  if (m_focus.item("home.exam") || go) {
    // The exam under way comes back rather than being replaced by a new one.
    if (ctx.navigator.exam_in_progress()) ctx.navigator.resume_exam();
    else ctx.navigator.start_exam(std::nullopt);
    return;
  }
  go = tap_row("home.signs", tr(l, "Road signs", "Panneaux"),
               format(tr(l, "%zu signs and their meaning", "%zu panneaux et leur sens"), pack.signs.size()), width);
  if (m_focus.item("home.signs") || go) return ctx.navigator.show(ScreenId::signs);
  go = tap_row("home.lessons", tr(l, "Lessons", "Leçons"), format(tr(l, "%zu short lessons", "%zu leçons courtes"), pack.lessons.size()), width);
  if (m_focus.item("home.lessons") || go) return ctx.navigator.show(ScreenId::lessons);
  // The school's exams at set times: the server keeps them, so only for a signed-in student (or one
  // whose exam under way is kept on this phone: offline, the account may not be confirmed yet).
  if ((ctx.account && ctx.account->state() == AccountState::signed_in) || (ctx.scheduled_exams && ctx.scheduled_exams->sitting())) {
    go = tap_row("home.scheduled_exams", tr(l, "Scheduled exams", "Examens programmés"),
                 tr(l, "The school’s exams at set times, results and rankings", "Les examens de l’auto-école à heure fixe, résultats et classements"),
                 width);
    if (m_focus.item("home.scheduled_exams") || go) return ctx.navigator.show(ScreenId::scheduled_exams);
  }
  if (draw_school_rows(ctx, width)) return;
  const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
  go = tap_button("home.progress", tr(l, "Progress", "Progrès"), ImVec2(half, kMinTapHeight), ButtonKind::secondary);
  if (m_focus.item("home.progress") || go) return ctx.navigator.show(ScreenId::progress);
  ImGui::SameLine();
  go = tap_button("home.settings", tr(l, "Settings", "Réglages"), ImVec2(half, kMinTapHeight), ButtonKind::secondary);
  if (m_focus.item("home.settings") || go) return ctx.navigator.show(ScreenId::settings);
}

bool HomeScreen::draw_school_rows(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Account& account = *ctx.account;
  const bool signed_in = account.state() == AccountState::signed_in && account.user();
  const bool staff = signed_in && account.user()->role != "student";
  const Payments& payments = *ctx.payments;
  if (staff) {
    const std::size_t waiting = payments.queue().size();
    const std::string subtitle = !payments.queue_loaded() ? std::string(tr(l, "Payment requests from students", "Demandes de paiement des élèves"))
                                 : waiting == 0           ? std::string(tr(l, "Nothing waits", "Rien n’attend"))
                                                          : format(tr(l, "%zu waiting for a decision", "%zu en attente de décision"), waiting);
    const bool go = tap_row("home.payments", tr(l, "Payments to check", "Paiements à vérifier"), subtitle, width);
    if (m_focus.item("home.payments") || go) {
      ctx.navigator.show(ScreenId::payment_queue);
      return true;
    }
    if (account.user()->role == "admin") {
      const bool edit = tap_row(
          "home.plans_editor", tr(l, "Plans and prices", "Formules et prix"),
          tr(l, "What students can buy, for how long, at what price", "Ce que les élèves achètent, pour combien de temps, à quel prix"), width);
      if (m_focus.item("home.plans_editor") || edit) {
        ctx.navigator.show(ScreenId::plan_editor);
        return true;
      }
    }
    const ContactMessages& contact = *ctx.contact;
    const std::size_t fresh = contact.filter() == "new" ? contact.messages().size() : 0;
    const std::string about = !contact.loaded() || contact.filter() != "new"
                                  ? std::string(tr(l, "Questions and error reports", "Questions et signalements"))
                              : fresh == 0 ? std::string(tr(l, "Nothing new", "Rien de nouveau"))
                                           : format(fresh == 1 ? tr(l, "%zu new", "%zu nouveau") : tr(l, "%zu new", "%zu nouveaux"), fresh);
    const bool open = tap_row("home.contact_messages", tr(l, "Messages to the school", "Messages à l’école"), about, width);
    if (m_focus.item("home.contact_messages") || open) {
      ctx.navigator.show(ScreenId::contact_messages);
      return true;
    }
    const bool statistics =
        tap_row("home.item_statistics", tr(l, "Question statistics", "Statistiques des questions"),
                tr(l, "Which questions work, from the exams students sat", "Quelles questions fonctionnent, d’après les examens passés"), width);
    if (m_focus.item("home.item_statistics") || statistics) {
      ctx.navigator.show(ScreenId::item_statistics);
      return true;
    }
    const bool pack_files =
        tap_row("home.packs", tr(l, "Packs", "Paquets"),
                tr(l, "Upload questions, compare versions, roll back", "Envoyer des questions, comparer les versions, revenir en arrière"), width);
    if (m_focus.item("home.packs") || pack_files) {
      ctx.navigator.show(ScreenId::packs);
      return true;
    }
    if (account.user()->role == "admin") {
      const bool exams = tap_row("home.exam_admin", tr(l, "Scheduled exams", "Examens programmés"),
                                 tr(l, "Who is sitting now, results, the rules", "Qui compose, les résultats, les règles"), width);
      if (m_focus.item("home.exam_admin") || exams) {
        ctx.navigator.show(ScreenId::exam_admin);
        return true;
      }
      const bool people =
          tap_row("home.people", tr(l, "People", "Personnes"),
                  tr(l, "Find anyone, roles, plans granted or ended", "Retrouver quelqu’un, rôles, formules offertes ou arrêtées"), width);
      if (m_focus.item("home.people") || people) {
        ctx.navigator.show(ScreenId::people);
        return true;
      }
      const bool audit =
          tap_row("home.audit_log", tr(l, "Audit log", "Journal d’audit"), tr(l, "Who decided what, and when", "Qui a décidé quoi, et quand"), width);
      if (m_focus.item("home.audit_log") || audit) {
        ctx.navigator.show(ScreenId::audit_log);
        return true;
      }
    }
  } else if (payments.takes_payments() || payments.running()) {
    std::string subtitle;
    if (const auto& running = payments.running()) {
      const PlanOffer* plan = payments.find_plan(running->plan_slug);
      subtitle = format(tr(l, "%s until %s", "%s jusqu’au %s"), plan ? plan->name_in(l).c_str() : running->plan_slug.c_str(),
                        format_local_time(running->ends_at).c_str());
    } else if (payments.pending_count() > 0) {
      subtitle = tr(l, "Your payment waits for the school", "Votre paiement attend l’école");
    } else {
      subtitle = format(tr(l, "Open every question, from %s", "Tout ouvrir, dès %s"), format_rwf(payments.plans().front().price_rwf, l).c_str());
    }
    const bool go = tap_row("home.plans", tr(l, "Plans and payments", "Formules et paiements"), subtitle, width);
    if (m_focus.item("home.plans") || go) {
      ctx.navigator.show(ScreenId::plans);
      return true;
    }
  }
  if (signed_in) {
    const std::int64_t unread = ctx.inbox->unread();
    const std::string subtitle =
        unread > 0 ? format(unread == 1 ? tr(l, "%lld new", "%lld nouveau") : tr(l, "%lld new", "%lld nouveaux"), static_cast<long long>(unread))
                   : std::string(tr(l, "Nothing new", "Rien de nouveau"));
    const bool go = tap_row("home.inbox",
                            unread > 0 ? format("%s (%lld)", tr(l, "Inbox", "Messages"), static_cast<long long>(unread)) : tr(l, "Inbox", "Messages"),
                            subtitle, width);
    if (m_focus.item("home.inbox") || go) {
      ctx.navigator.show(ScreenId::inbox);
      return true;
    }
  }
  return false;
}

void HomeScreen::draw_pack_card(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Pack& pack = *ctx.pack;
  const float inner = width - 2 * kPadding;
  ImGui::Dummy(ImVec2(0, 4));
  muted_text(tr(l, "On this phone", "Sur ce téléphone"), width);
  begin_card(width);
  wrapped_text(pack.title.in(l), inner);
  muted_text(format(tr(l, "Version %d  •  %zu questions", "Version %d  •  %zu questions"), pack.version, pack.questions.size()), inner);
  muted_text(format(tr(l, "%zu signs  •  %zu lessons", "%zu panneaux  •  %zu leçons"), pack.signs.size(), pack.lessons.size()), inner);
  const UpdateState update = update_state(ctx);
  ImGui::PushStyleColor(ImGuiCol_Text, update.colour);
  wrapped_text(update.text, inner);
  ImGui::PopStyleColor();
  const ContentSync::MediaProgress& media = ctx.content.media();
  if (media.needed > 0 && media.held < media.needed) {
    muted_text(format(tr(l, "Pictures saved: %zu of %zu", "Images enregistrées : %zu sur %zu"), std::min(media.held + media.storing, media.needed),
                      media.needed),
               inner);
  }
  end_card();
}

// [SECTION] Test hook state

nlohmann::json HomeScreen::shown(const AppContext& ctx) const {
  nlohmann::json shown = {{"revision", ctx.progress.revision()},
                          {"pack_serial", m_pack_serial},
                          {"language", ctx.language},
                          {"continue_kind", kContinueNames[static_cast<int>(continue_kind(ctx))]},
                          {"topics_open", m_topics_open},
                          {"scrolling", m_scroll_stage != 0}};
  if (auto focused = m_focus.focused()) shown["focus"] = *focused;
  return shown;
}

nlohmann::json HomeScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  if (!ctx.pack) return state;
  const ContinueKind kind = continue_kind(ctx);
  nlohmann::json next = {{"kind", kContinueNames[static_cast<int>(kind)]}};
  if (kind == ContinueKind::practice) {
    const PracticeScope scope = continue_scope(ctx);
    next["mode"] = kModeNames[static_cast<int>(scope.mode)];
    next["topic"] = scope.topic;
  }
  state["continue"] = next;
  nlohmann::json exams = nlohmann::json::array();
  for (const ExamScore& exam : m_stats.readiness.last_exams)
    exams.push_back({{"score", exam.score}, {"question_count", exam.question_count}, {"passed", exam.passed}});
  state["readiness"] = {{"answered", m_stats.recent.answered},
                        {"right", m_stats.recent.right},
                        {"percent", static_cast<int>(std::lround(m_stats.recent.ratio() * 100.0))},
                        {"exams", std::move(exams)},
                        {"ready", m_stats.readiness.ready}};
  state["seen"] = m_stats.seen;
  state["total"] = m_stats.total;
  state["mistakes"] = m_mistakes;
  state["unseen"] = m_unseen;
  state["update"] = update_state(ctx).key;
  state["update_text"] = update_state(ctx).text;
  return state;
}

}  // namespace umuhanda
