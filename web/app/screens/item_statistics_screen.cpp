// The staff's item statistics (see item_statistics_screen.hpp).
//   [SECTION] Words and figures
//   [SECTION] The facility histogram
//   [SECTION] The list
//   [SECTION] One question
#include "app/screens/item_statistics_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/question_view.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

// [SECTION] Words and figures

std::string percent(double value) { return format("%.0f %%", value); }
std::string optional_percent(const std::optional<double>& value) { return value ? format("%.0f", *value) : std::string("–"); }

const char* sort_label(ItemSort sort, const std::string& l) {
  switch (sort) {
    case ItemSort::question: return tr(l, "Question", "Question");
    case ItemSort::facility: return tr(l, "Right %", "% juste");
    case ItemSort::discrimination: return tr(l, "Discrimination", "Discrimination");
    case ItemSort::attempts: return tr(l, "Attempts", "Tentatives");
    case ItemSort::flags: return tr(l, "Flags", "Alertes");
  }
  return "";
}

// A flag in the instructor's language, from its kind and the figures (the server's reason is in
// English only).
std::string flag_text(const ItemFlag& flag, const ItemStatistic& item, const std::string& l) {
  switch (flag.kind) {
    case ItemFlagKind::hard:
      return format(tr(l, "Hard: %s right, under %s. Too hard, or a wrong key?",
                       "Difficile : %s de bonnes réponses, moins de %s. Trop dur, ou une mauvaise clé ?"),
                    percent(item.facility).c_str(), percent(kHardFacility).c_str());
    case ItemFlagKind::easy:
      return format(
          tr(l, "Easy: %s right, over %s. It tells the class little.", "Facile : %s de bonnes réponses, plus de %s. Elle apprend peu sur la classe."),
          percent(item.facility).c_str(), percent(kEasyFacility).c_str());
    case ItemFlagKind::negative_discrimination:
      return format(tr(l, "Negative discrimination (%s): the stronger students get it wrong more often. Check the answer key.",
                       "Discrimination négative (%s) : les meilleurs élèves se trompent plus souvent. Vérifiez la clé."),
                    optional_percent(item.discrimination).c_str());
    case ItemFlagKind::weak_discrimination:
      return format(tr(l, "Weak discrimination (%s, under %.0f): it barely tells who knows more.",
                       "Discrimination faible (%s, moins de %.0f) : elle distingue à peine qui en sait plus."),
                    optional_percent(item.discrimination).c_str(), kWeakDiscrimination);
    case ItemFlagKind::unused_distractor: {
      const std::size_t choice = flag.choice.value_or(0);
      const double share = choice < item.choices.size() ? item.choices[choice].percent : 0.0;
      return format(tr(l, "Choice %c was picked by %.1f %% (under %.0f %%): a distractor nobody believes.",
                       "Le choix %c a été pris par %.1f %% (moins de %.0f %%) : un leurre auquel personne ne croit."),
                    static_cast<char>('A' + choice), share, kUnusedDistractor);
    }
  }
  return flag.reason;
}

// "Practice exam 1", "Drawn papers: Provisional licence" or the scheduled exam's rule name.
std::string exam_name(const ExamFigures& exam, const Pack* pack, const std::string& l) {
  const std::string& key = exam.statistic.exam;
  if (!exam.name.empty()) return exam.name;
  if (pack && key.rfind("set:", 0) == 0) {
    for (const ExamSet& set : pack->exam_sets) {
      if ("set:" + set.id == key) return set.name.in(l);
    }
  }
  if (pack && key.rfind("blueprint:", 0) == 0) {
    for (const ExamBlueprint& blueprint : pack->blueprints) {
      if ("blueprint:" + blueprint.id == key) return std::string(tr(l, "Drawn papers: ", "Sujets tirés au sort : ")) + blueprint.name.in(l);
    }
  }
  return key;
}

const Question* question_of(const Pack* pack, const std::string& id) {
  if (!pack) return nullptr;
  const auto found = std::find_if(pack->questions.begin(), pack->questions.end(), [&](const Question& q) { return q.id == id; });
  return found == pack->questions.end() ? nullptr : &*found;
}

// [SECTION] The facility histogram

// How many questions fall in each tenth of facility, with the flags' thresholds (30 % and 90 %)
// marked: the bars outside them are the questions to look at.
void draw_histogram(const std::array<std::size_t, 10>& bins, float width, const std::string& l) {
  const float label_height = ImGui::GetTextLineHeight();
  const float chart_height = 110.0f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const std::size_t most = std::max<std::size_t>(1, *std::max_element(bins.begin(), bins.end()));
  const float slot = width / 10.0f;
  const float top = origin.y + label_height;
  const float bottom = top + chart_height;
  draw->AddLine(ImVec2(origin.x, bottom), ImVec2(origin.x + width, bottom), palette().track, 1.0f);
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const float height = chart_height * static_cast<float>(bins[i]) / static_cast<float>(most);
    const float x = origin.x + slot * static_cast<float>(i);
    const bool outside = i < 3 || i == 9;
    draw->AddRectFilled(ImVec2(x + 2, bottom - height), ImVec2(x + slot - 2, bottom), outside ? to_u32(palette().warning) : to_u32(palette().accent),
                        3.0f);
    if (bins[i] > 0) {
      const std::string count = std::to_string(bins[i]);
      const float text_width = ImGui::CalcTextSize(count.c_str()).x;
      draw->AddText(ImVec2(x + (slot - text_width) / 2, bottom - height - label_height), to_u32(palette().text), count.c_str());
    }
  }
  for (const float threshold : {static_cast<float>(kHardFacility), static_cast<float>(kEasyFacility)}) {
    const float x = origin.x + width * threshold / 100.0f;
    draw->AddLine(ImVec2(x, top), ImVec2(x, bottom), to_u32(palette().text_muted), 1.0f);
  }
  const char* labels[] = {"0", "30", "50", "90", "100 %"};
  const float at[] = {0.0f, 30.0f, 50.0f, 90.0f, 100.0f};
  float free_from = origin.x;  // a label that would overlap the one before is left out (90 and 100 on a phone)
  for (int i = 0; i < 5; ++i) {
    const float text_width = ImGui::CalcTextSize(labels[i]).x;
    const float x = std::clamp(origin.x + width * at[i] / 100.0f - text_width / 2, origin.x, origin.x + width - text_width);
    if (x < free_from) continue;
    draw->AddText(ImVec2(x, bottom + 2), to_u32(palette().text_muted), labels[i]);
    free_from = x + text_width + 6;
  }
  ImGui::Dummy(ImVec2(width, label_height + chart_height + label_height + 4));
  muted_text(tr(l, "Questions by share of right answers. Outside the lines (under 30 %, over 90 %) they tell the class little.",
                "Questions par part de bonnes réponses. Hors des lignes (moins de 30 %, plus de 90 %) elles apprennent peu."),
             width);
}

}  // namespace

std::string ItemStatisticsScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Question statistics", "Statistiques"); }

void ItemStatisticsScreen::on_show(AppContext& ctx) {
  m_open.clear();
  // From Home: the whole pack; from an exam's results: that exam (ItemStatisticsReport::open_exam).
  const std::string exam = ctx.item_statistics->take_requested_exam();
  if (ctx.pack) ctx.item_statistics->load(ctx.pack->id, ctx.item_statistics->selection(), exam);
}

bool ItemStatisticsScreen::on_back(AppContext&) {
  // Esc or the back arrow closes an opened question before leaving the screen.
  if (m_open.empty()) return false;
  m_open.clear();
  request_redraw();
  return true;
}

void ItemStatisticsScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const ItemStatistic* open = m_open.empty() ? nullptr : ctx.item_statistics->find(m_open);
  if (open) {
    draw_question_figures(ctx, *open, width);
  } else {
    m_open.clear();
    draw_list(ctx, width);
  }
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

// [SECTION] The list

void ItemStatisticsScreen::draw_list(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  ItemStatisticsReport& report = *ctx.item_statistics;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float half = (width - gap) / 2;

  // Each student's first attempt at each exam (Moodle's default: later ones have seen the
  // questions), or every attempt.
  for (const AttemptSelection selection : {AttemptSelection::first, AttemptSelection::all}) {
    const bool first = selection == AttemptSelection::first;
    if (!first) ImGui::SameLine();
    if (tap_button(first ? "statistics.selection.first" : "statistics.selection.all",
                   first ? tr(l, "First attempts", "Premiers essais") : tr(l, "All attempts", "Tous les essais"), ImVec2(half, kMinTapHeight),
                   report.selection() == selection ? ButtonKind::primary : ButtonKind::secondary) &&
        ctx.pack) {
      report.load(ctx.pack->id, selection, report.exam());
    }
  }
  if (!report.exam().empty()) {
    const std::string only = report.exams().size() == 1 ? exam_name(report.exams()[0], ctx.pack, l) : report.exam();
    wrapped_text(format(tr(l, "Only the attempts at %s", "Seulement les tentatives à %s"), only.c_str()), width);
    if (tap_button("statistics.whole_pack", tr(l, "The whole pack", "Tout le paquet"), ImVec2(width, kMinTapHeight), ButtonKind::secondary) &&
        ctx.pack)
      report.load(ctx.pack->id, report.selection());
  }
  if (!report.problem().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(report.problem(), width);
    ImGui::PopStyleColor();
  }
  if (!report.loaded()) {
    if (report.problem().empty()) muted_text(tr(l, "Computing the statistics…", "Calcul des statistiques…"), width);
    return;
  }
  wrapped_text(format(tr(l, "%zu attempts by %zu students  •  %zu questions  •  %zu flagged",
                         "%zu tentatives de %zu élèves  •  %zu questions  •  %zu signalées"),
                      report.attempts(), report.students(), report.items().size(), report.flagged()),
               width);
  if (report.items().empty()) {
    muted_text(tr(l, "No exam sat yet. Figures appear once students sit mock or scheduled exams.",
                  "Aucun examen passé. Les chiffres apparaissent dès que des élèves passent des examens."),
               width);
  } else {
    draw_histogram(report.facility_histogram(), width, l);
  }

  // Filter and sort: thumb-sized, a second tap on the sort in use turns its order round.
  if (tap_button("statistics.filter.flagged",
                 m_flagged_only ? tr(l, "Flagged only", "Signalées seulement") : tr(l, "All questions", "Toutes les questions"),
                 ImVec2(width, kMinTapHeight), m_flagged_only ? ButtonKind::primary : ButtonKind::secondary)) {
    m_flagged_only = !m_flagged_only;
  }
  const ItemSort sorts[] = {ItemSort::flags, ItemSort::facility, ItemSort::discrimination, ItemSort::attempts};
  for (int i = 0; i < 4; ++i) {
    if (i % 2 == 1) ImGui::SameLine();
    const ItemSort sort = sorts[i];
    const bool active = sort == m_sort;
    const std::string label = std::string(sort_label(sort, l)) + (active ? (m_descending ? " ↓" : " ↑") : "");
    if (tap_button(std::string("statistics.sort.") + kItemSortNames[static_cast<int>(sort)], label.c_str(), ImVec2(half, kMinTapHeight),
                   active ? ButtonKind::primary : ButtonKind::secondary)) {
      m_descending = active ? !m_descending : sort != ItemSort::facility;  // the hardest first, the most flagged first
      m_sort = sort;
    }
  }

  // The table: the question's prompt, then its figures; wider screens get more columns.
  const std::vector<const ItemStatistic*> rows = report.view(m_sort, m_descending, m_flagged_only);
  const bool wide = width >= 640.0f;
  const int columns = wide ? 7 : 4;
  if (!rows.empty() && ImGui::BeginTable("statistics.table", columns,
                                         ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX, ImVec2(width, 0))) {
    const float number = ImGui::CalcTextSize("100 %").x + 8;
    ImGui::TableSetupColumn(tr(l, "Question", "Question"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("n", ImGuiTableColumnFlags_WidthFixed, number * 0.7f);
    ImGui::TableSetupColumn(tr(l, "Right", "Juste"), ImGuiTableColumnFlags_WidthFixed, number);
    ImGui::TableSetupColumn(tr(l, "Disc.", "Disc."), ImGuiTableColumnFlags_WidthFixed, number);
    if (wide) {
      ImGui::TableSetupColumn(tr(l, "SD", "É.-t."), ImGuiTableColumnFlags_WidthFixed, number);
      ImGui::TableSetupColumn(tr(l, "Eff.", "Eff."), ImGuiTableColumnFlags_WidthFixed, number);
      ImGui::TableSetupColumn(tr(l, "Flags", "Alertes"), ImGuiTableColumnFlags_WidthFixed, number * 1.4f);
    }
    ImGui::TableHeadersRow();
    const float row_height = kMinTapHeight - 8;
    const float text_offset = (row_height - ImGui::GetTextLineHeight()) / 2;
    // The figures level with the prompt, which the selectable centres in the row.
    auto cell = [text_offset](int column, const std::string& text) {
      ImGui::TableSetColumnIndex(column);
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + text_offset);
      ImGui::TextUnformatted(text.c_str());
    };
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
    for (const ItemStatistic* item : rows) {
      ImGui::TableNextRow(ImGuiTableRowFlags_None, row_height);
      ImGui::TableSetColumnIndex(0);
      const Question* question = question_of(ctx.pack, item->question_id);
      const std::string prompt = question ? question->prompt.in(l) : item->question_id;
      ImGui::PushID(item->question_id.c_str());
      const bool flagged = !item->flags.empty();
      if (flagged) ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
      const bool chosen =
          ImGui::Selectable(((flagged ? "! " : "") + prompt).c_str(), false, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, row_height));
      if (flagged) ImGui::PopStyleColor();
      tap_targets().add_last_item("statistics.row." + item->question_id);
      ImGui::PopID();
      if (tapped(chosen)) m_open = item->question_id;
      cell(1, std::to_string(item->attempts));
      cell(2, percent(item->facility));
      cell(3, optional_percent(item->discrimination));
      if (wide) {
        cell(4, format("%.0f", item->sd));
        cell(5, optional_percent(item->efficiency));
        cell(6, item->flags.empty() ? std::string() : std::to_string(item->flags.size()));
      }
    }
    ImGui::PopStyleVar();
    ImGui::EndTable();
  } else if (rows.empty() && !report.items().empty()) {
    muted_text(tr(l, "No question is flagged.", "Aucune question n’est signalée."), width);
  }

  // Each exam as a whole: a fixed paper's consistency (alpha), the error it leaves in a score.
  if (!report.exams().empty()) {
    ImGui::Dummy(ImVec2(0, 6));
    heading(tr(l, "Exams", "Examens"), ctx.fonts.large);
    const float inner = width - 2 * kPadding;
    for (const ExamFigures& exam : report.exams()) {
      begin_card(width);
      wrapped_text(exam_name(exam, ctx.pack, l), inner);
      const ExamStatistic& s = exam.statistic;
      muted_text(format(tr(l, "%zu attempts  •  %zu questions  •  mean %s  •  SD %s", "%zu tentatives  •  %zu questions  •  moyenne %s  •  é.-t. %s"),
                        s.attempts, s.items, percent(s.mean).c_str(), percent(s.sd).c_str()),
                 inner);
      if (s.alpha) {
        wrapped_text(
            format(tr(l, "Consistency (Cronbach's alpha) %s  •  error ratio %s  •  standard error %s",
                      "Cohérence (alpha de Cronbach) %s  •  ratio d’erreur %s  •  erreur type %s"),
                   percent(*s.alpha).c_str(), percent(s.error_ratio.value_or(0)).c_str(), format("%.1f %%", s.standard_error.value_or(0)).c_str()),
            inner);
      } else {
        muted_text(
            tr(l, "Papers drawn anew for each attempt: no consistency figure.", "Sujets tirés pour chaque tentative : pas de mesure de cohérence."),
            inner);
      }
      end_card();
    }
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("statistics.refresh", report.busy() ? tr(l, "Refreshing…", "Actualisation…") : tr(l, "Refresh", "Actualiser"),
                 ImVec2(width, kMinTapHeight), ButtonKind::secondary) &&
      ctx.pack) {
    report.load(ctx.pack->id, report.selection(), report.exam());
  }
}

// [SECTION] One question

void ItemStatisticsScreen::draw_question_figures(AppContext& ctx, const ItemStatistic& item, float width) {
  const std::string& l = ctx.language;
  if (tap_button("statistics.list", tr(l, "All questions", "Toutes les questions"), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) {
    m_open.clear();
    return;
  }
  const Question* question = question_of(ctx.pack, item.question_id);
  muted_text(item.question_id + (question ? "  •  " + question->topic : std::string()), width);
  // As the student sees it, the right answer shown.
  if (question) {
    QuestionLook look;
    look.reveal = true;
    look.enabled = false;
    look.selected = question->correct;
    draw_question(ctx, *question, look, width);
  } else {
    muted_text(tr(l, "This question is no longer in the pack.", "Cette question n’est plus dans le paquet."), width);
  }

  ImGui::Dummy(ImVec2(0, 4));
  wrapped_text(format(tr(l, "%zu attempts  •  right %s  •  SD %.0f  •  discrimination %s  •  efficiency %s",
                         "%zu tentatives  •  juste %s  •  é.-t. %.0f  •  discrimination %s  •  efficacité %s"),
                      item.attempts, percent(item.facility).c_str(), item.sd, optional_percent(item.discrimination).c_str(),
                      optional_percent(item.efficiency).c_str()),
               width);
  for (const ItemFlag& flag : item.flags) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text("! " + flag_text(flag, item, l), width);
    ImGui::PopStyleColor();
  }

  // Who picked what: one bar per choice, the right one in the accent colour.
  heading(tr(l, "Choices picked", "Choix faits"), ctx.fonts.large);
  const float label = ImGui::CalcTextSize("A ✓ 100 %").x + 12;
  for (std::size_t i = 0; i < item.choices.size(); ++i) {
    const ChoiceShare& share = item.choices[i];
    const std::string text = format("%c%s %.0f %%", static_cast<char>('A' + i), share.correct ? " ✓" : "", share.percent);
    if (share.correct) ImGui::PushStyleColor(ImGuiCol_Text, palette().right);
    ImGui::TextUnformatted(text.c_str());
    if (share.correct) ImGui::PopStyleColor();
    ImGui::SameLine(label);
    progress_bar(static_cast<float>(share.percent / 100.0), width - label, 14.0f);
  }
  if (item.unanswered > 0) muted_text(format(tr(l, "Left blank: %zu", "Sans réponse : %zu"), item.unanswered), width);
}

nlohmann::json ItemStatisticsScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language},
          {"revision", ctx.item_statistics->revision()},
          {"sort", kItemSortNames[static_cast<int>(m_sort)]},
          {"descending", m_descending},
          {"flagged_only", m_flagged_only},
          {"open", m_open}};
}

nlohmann::json ItemStatisticsScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["report"] = ctx.item_statistics->state_json();
  nlohmann::json order = nlohmann::json::array();
  for (const ItemStatistic* item : ctx.item_statistics->view(m_sort, m_descending, m_flagged_only)) order.push_back(item->question_id);
  state["order"] = std::move(order);
  return state;
}

}  // namespace umuhanda
