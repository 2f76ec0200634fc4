// The class roster screen: the join code (large, Copy, its QR code), the weakest topics, the
// mastery heatmap, the students, and students added from a class list file.
#include "app/screens/class_screen.hpp"

#include <imgui.h>

#include <cstdio>

#include "app/classes.hpp"
#include "app/pictures.hpp"
#include "app/ui/charts.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "platform/device.hpp"

namespace umuhanda {
namespace {

// "today", "yesterday", "5 days ago", "never".
std::string last_active(const std::optional<std::int64_t>& at_ms, std::int64_t now_ms, const std::string& l) {
  if (!at_ms) return tr(l, "never", "jamais");
  const std::int64_t days = std::max<std::int64_t>(0, (now_ms - *at_ms) / 86'400'000);
  if (days == 0) return tr(l, "today", "aujourd’hui");
  if (days == 1) return tr(l, "yesterday", "hier");
  return format(tr(l, "%lld days ago", "il y a %lld jours"), static_cast<long long>(days));
}

// A heatmap cell's fill: the band's colour, translucent so the percent on it stays readable in
// every theme; an empty cell (not practised) has none.
ImU32 band_fill(MasteryBand band) {
  const Palette& p = palette();
  ImVec4 colour = band == MasteryBand::good ? p.right : band == MasteryBand::middling ? p.warning : p.wrong;
  colour.w = 0.45f;
  return to_u32(colour);
}

// A cell at `min`, `size`: its fill (or an outline when not practised) and the percent, when it fits.
void heat_cell(ImDrawList* draw, const ImVec2& min, const ImVec2& size, const TopicStatistics* topic, const std::string& l) {
  const Palette& p = palette();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  const MasteryBand band = topic ? mastery_band(*topic) : MasteryBand::not_practised;
  if (band == MasteryBand::not_practised) {
    draw->AddRect(min, max, p.border, 6.0f);
    return;
  }
  draw->AddRectFilled(min, max, band_fill(band), 6.0f);
  const std::string percent = format_percent(topic->recent.ratio(), l);
  const ImVec2 text = ImGui::CalcTextSize(percent.c_str());
  if (text.x + 4 <= size.x) draw->AddText(ImVec2(min.x + (size.x - text.x) / 2, min.y + (size.y - text.y) / 2), to_u32(p.text), percent.c_str());
}

const TopicStatistics* topic_of(const RosterStudent& student, const std::string& id) {
  for (const TopicStatistics& topic : student.topics) {
    if (topic.topic == id) return &topic;
  }
  return nullptr;
}

}  // namespace

std::string ClassScreen::title(const AppContext& ctx) const {
  const auto& roster = ctx.classes->roster();
  return roster && roster->summary.id == ctx.classes->selected() ? roster->summary.name : tr(ctx.language, "Class", "Classe");
}

void ClassScreen::on_show(AppContext& ctx) {
  m_notice.clear();
  m_confirm_rotate = false;
  m_confirm_disable = 0;
  m_student_notice_for = 0;
  m_name_for = 0;
  m_copied_codes.reset();
  if (ctx.classes->selected() > 0) ctx.classes->open_roster(ctx.classes->selected());
}

void ClassScreen::draw_join_code(AppContext& ctx, const ClassSummary& summary, float width) {
  const std::string& l = ctx.language;
  muted_text(tr(l, "Join code (students type it in Settings):", "Code pour rejoindre (à taper dans Réglages) :"), width);
  // The code large enough to copy onto a board, and Copy beside it (below it when the text size
  // leaves no room).
  const ImVec2 origin = ImGui::GetCursorPos();
  ImGui::PushFont(ctx.fonts.large);
  const ImVec2 code_size = ImGui::CalcTextSize(summary.join_code.c_str());
  ImGui::PopFont();
  const bool copied = m_copied_code == summary.join_code;
  const char* copy_label = copied ? (m_copy_worked ? tr(l, "✓ Copied", "✓ Copié") : tr(l, "Not copied", "Non copié")) : tr(l, "Copy", "Copier");
  const float button = std::max(ImGui::CalcTextSize(tr(l, "Not copied", "Non copié")).x + 2 * kPadding, 2 * kMinTapSize);
  const bool beside = code_size.x + kGap + button <= width;
  const float row = std::max(kMinTapHeight, code_size.y);
  ImGui::SetCursorPos(ImVec2(origin.x, origin.y + (beside ? (row - code_size.y) / 2 : 0)));
  ImGui::PushFont(ctx.fonts.large);
  ImGui::TextUnformatted(summary.join_code.c_str());
  ImGui::PopFont();
  const float button_y = beside ? origin.y + (row - kMinTapHeight) / 2 : origin.y + code_size.y + kGap;
  ImGui::SetCursorPos(ImVec2(beside ? origin.x + width - button : origin.x, button_y));
  if (tap_button("class.copy_code", copy_label, ImVec2(beside ? button : width, kMinTapHeight), ButtonKind::secondary)) {
    ctx.device.copy_text(summary.join_code, [this, code = summary.join_code](bool worked) {
      m_copied_code = code;
      m_copy_worked = worked;
    });
  }
  ImGui::SetCursorPos(ImVec2(origin.x, std::max(origin.y + row, button_y + kMinTapHeight) + kGap));

  // The QR code the server renders: a phone's camera reads the code off a projector or a print.
  const auto& picture = ctx.classes->code_picture();
  if (!picture || picture->class_id != summary.id) return;
  const float side = std::min(width, 280.0f);
  const ImVec2 min(ImGui::GetCursorScreenPos().x + (width - side) / 2, ImGui::GetCursorScreenPos().y);
  const Texture* texture = picture->png.empty() ? nullptr : ctx.pictures.decoded(picture->key(), picture->png);
  const bool failed = !picture->problem.empty() || ctx.pictures.failed_key(picture->key());
  draw_texture(texture, failed, min, side);
  ImGui::Dummy(ImVec2(width, side));
  m_code_picture_drawn = texture ? nlohmann::json{{"x", min.x}, {"y", min.y}, {"size", side}, {"pixels", texture->width}} : nlohmann::json();
  muted_text(picture->problem.empty()
                 ? tr(l, "Scan it with a phone’s camera to read the code.", "Scannez-le avec l’appareil photo d’un téléphone pour lire le code.")
                 : picture->problem,
             width);
}

Classes::Done ClassScreen::notice_when_done(std::string success) {
  m_busy = true;
  return [this, success = std::move(success)](std::optional<AccountProblem> problem) {
    m_busy = false;
    m_notice_is_problem = problem.has_value();
    m_notice = problem ? problem->message : success;
    if (!problem) m_name_for = 0;  // the field shows the name as the server keeps it
    request_redraw();
  };
}

void ClassScreen::draw_student_actions(AppContext& ctx, const RosterStudent& student, float inner) {
  const std::string& l = ctx.language;
  Classes& classes = *ctx.classes;
  const std::string id = std::to_string(student.id);
  if (student.disabled) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(tr(l, "Disabled: cannot sign in.", "Désactivé : ne peut pas se connecter."), inner);
    ImGui::PopStyleColor();
  }
  const auto& issued = classes.reset_code();
  if (issued && issued->user_id == student.id) {
    muted_text(
        tr(l, "Reset code to give the student (valid 10 minutes, used once):", "Code à donner à l’élève (valable 10 minutes, une seule fois) :"),
        inner);
    ImGui::PushFont(ctx.fonts.large);
    ImGui::TextUnformatted(issued->code.c_str());
    ImGui::PopFont();
    muted_text(tr(l, "In Settings, they choose “Forgot your password? I have a reset code”.",
                  "Dans Réglages, l’élève choisit « Mot de passe oublié ? J’ai un code »."),
               inner);
  }
  if (m_confirm_disable == student.id) {
    wrapped_text(
        format(tr(l, "Disable %s? They are signed out everywhere now.", "Désactiver %s ? Déconnexion immédiate partout."), student.name.c_str()),
        inner);
    if (tap_button("class.student." + id + ".disable.confirm", tr(l, "Yes, disable", "Oui, désactiver"), ImVec2(inner, kMinTapHeight),
                   ButtonKind::danger) &&
        !m_busy) {
      m_confirm_disable = 0;
      m_student_notice_for = student.id;
      classes.set_disabled(student.id, true, notice_when_done(tr(l, "✓ Account disabled.", "✓ Compte désactivé.")));
    }
    if (tap_button("class.student." + id + ".disable.cancel", tr(l, "Cancel", "Annuler"), ImVec2(inner, kMinTapHeight), ButtonKind::secondary)) {
      m_confirm_disable = 0;
    }
  } else {
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float half = (inner - gap) / 2;
    if (tap_button("class.student." + id + ".reset_code", tr(l, "Reset code", "Code provisoire"), ImVec2(half, kMinTapHeight),
                   ButtonKind::secondary) &&
        !m_busy) {
      m_student_notice_for = student.id;
      classes.issue_reset_code(student.id, notice_when_done(""));
    }
    ImGui::SameLine();
    if (student.disabled) {
      if (tap_button("class.student." + id + ".enable", tr(l, "Enable", "Réactiver"), ImVec2(half, kMinTapHeight), ButtonKind::secondary) &&
          !m_busy) {
        m_student_notice_for = student.id;
        classes.set_disabled(student.id, false, notice_when_done(tr(l, "✓ Account enabled.", "✓ Compte réactivé.")));
      }
    } else if (tap_button("class.student." + id + ".disable", tr(l, "Disable…", "Désactiver…"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
      m_confirm_disable = student.id;
    }
  }
  if (m_student_notice_for == student.id && !m_notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, m_notice_is_problem ? palette().warning : palette().right);
    wrapped_text(m_notice, inner);
    ImGui::PopStyleColor();
  }
}

void ClassScreen::draw_student_file(AppContext& ctx, const ClassSummary& summary, float width) {
  const std::string& l = ctx.language;
  Classes& classes = *ctx.classes;
  const auto& chosen = classes.student_import();
  const bool open = chosen && chosen->class_id == summary.id;
  ImGui::Dummy(ImVec2(0, 4));
  ImGui::TextUnformatted(tr(l, "Add students from a file", "Ajouter des élèves depuis un fichier"));
  if (!open) {
    muted_text(tr(l,
                  "A class list saved as CSV from a spreadsheet: a column “name” and a column “phone”. Each new student gets a one-time code to "
                  "choose their password.",
                  "Une liste de classe enregistrée en CSV depuis un tableur : une colonne « nom » et une colonne « téléphone ». Chaque nouvel "
                  "élève reçoit un code à usage unique pour choisir son mot de passe."),
               width);
  }
  const bool sending = open && chosen->sending;
  if (tap_button("class.students_file",
                 open ? tr(l, "Choose another file…", "Choisir un autre fichier…") : tr(l, "Add students from a file…", "Ajouter depuis un fichier…"),
                 ImVec2(width, kMinTapHeight), ButtonKind::secondary) &&
      !sending) {
    m_copied_codes.reset();
    ctx.device.open_file(".csv,.tsv,.txt", [&classes, class_id = summary.id](PickedFile picked) {
      if (picked.error.empty()) {
        classes.read_student_file(class_id, picked.name, picked.bytes);
      } else {
        classes.student_file_unreadable(class_id, picked.name, picked.error);
      }
      request_redraw();
    });
  }
  if (!open) return;
  const StudentImport& file = *chosen;
  const float inner = width - 2 * kPadding;
  if (!file.problems.empty()) {
    begin_card(width);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    const bool one = file.problems.size() == 1;
    wrapped_text(format(one ? tr(l, "%s has %zu problem. Nothing is sent: fix the file, then choose it again.",
                                 "%s a %zu problème. Rien n’est envoyé : corrigez le fichier, puis choisissez-le à nouveau.")
                            : tr(l, "%s has %zu problems. Nothing is sent: fix the file, then choose it again.",
                                 "%s a %zu problèmes. Rien n’est envoyé : corrigez le fichier, puis choisissez-le à nouveau."),
                        file.file_name.c_str(), file.problems.size()),
                 inner);
    ImGui::PopStyleColor();
    for (const Diagnostic& problem : file.problems) wrapped_text(to_string(problem), inner);
    end_card(to_u32(palette().warning));
  } else if (!file.sent) {
    begin_card(width);
    wrapped_text(
        format(file.students.size() == 1 ? tr(l, "%zu student in %s:", "%zu élève dans %s :") : tr(l, "%zu students in %s:", "%zu élèves dans %s :"),
               file.students.size(), file.file_name.c_str()),
        inner);
    for (const RosterEntry& student : file.students) {
      muted_text(student.name + "  ·  " + display_phone(student.login), inner);
    }
    if (!file.refusal.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
      wrapped_text(file.refusal, inner);
      ImGui::PopStyleColor();
    }
    if (file.sending) {
      muted_text(tr(l, "Creating the accounts…", "Création des comptes…"), inner);
    } else if (tap_button("class.students_create", format(tr(l, "Create %zu accounts", "Créer %zu comptes"), file.students.size()).c_str(),
                          ImVec2(inner, kMinTapHeight))) {
      classes.create_students([](std::optional<AccountProblem>) { request_redraw(); });
    }
    end_card(0);
  } else {
    draw_created_students(ctx, file, width);
  }
}

void ClassScreen::draw_created_students(AppContext& ctx, const StudentImport& file, float width) {
  const std::string& l = ctx.language;
  Classes& classes = *ctx.classes;
  const float inner = width - 2 * kPadding;
  begin_card(width);
  // ImGui's Separator spans the window, past the card's edge: a line as wide as the card's inside.
  const auto divider = [inner] {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(at, ImVec2(at.x + inner, at.y), palette().border, 1.0f);
    ImGui::Dummy(ImVec2(inner, 1.0f));
  };
  ImGui::PushStyleColor(ImGuiCol_Text, palette().right);
  wrapped_text(
      format(file.created.size() == 1 ? tr(l, "✓ 1 account created.", "✓ 1 compte créé.") : tr(l, "✓ %zu accounts created.", "✓ %zu comptes créés."),
             file.created.size()),
      inner);
  ImGui::PopStyleColor();
  if (!file.created.empty()) {
    wrapped_text(
        format(tr(l,
                  "Give each student their code. It works once, until %s (10 minutes): in Settings, they choose “Forgot your password? I have "
                  "a reset code”.",
                  "Donnez à chaque élève son code. Il marche une seule fois, jusqu’à %s (10 minutes) : dans Réglages, l’élève choisit « Mot "
                  "de passe oublié ? J’ai un code »."),
               utc_time_of_day(file.created.front().expires_at).c_str()),
        inner);
  }
  for (const CreatedStudent& student : file.created) {
    divider();
    ImGui::TextUnformatted(student.name.c_str());
    muted_text(display_phone(student.login), inner);
    ImGui::PushFont(ctx.fonts.large);
    ImGui::TextUnformatted(student.reset_code.c_str());
    ImGui::PopFont();
  }
  for (const ExistingLogin& existing : file.existing) {
    divider();
    muted_text(existing.status == "added_existing"
                   ? format(tr(l, "%s already had an account (%s): added to the class, unchanged.",
                               "%s avait déjà un compte (%s) : ajouté à la classe, inchangé."),
                            display_phone(existing.login).c_str(), existing.name.c_str())
                   : format(tr(l, "%s is a staff account: not changed, not added.", "%s est un compte du personnel : ni modifié, ni ajouté."),
                            display_phone(existing.login).c_str()),
               inner);
  }
  if (!file.created.empty()) {
    const char* copy_label = !m_copied_codes   ? tr(l, "Copy all", "Tout copier")
                             : *m_copied_codes ? tr(l, "✓ Copied", "✓ Copié")
                                               : tr(l, "Not copied", "Non copié");
    if (tap_button("class.students_copy", copy_label, ImVec2(inner, kMinTapHeight), ButtonKind::secondary)) {
      ctx.device.copy_text(classes.created_students_text(), [this](bool worked) {
        m_copied_codes = worked;
        request_redraw();
      });
    }
  }
  if (tap_button("class.students_close", tr(l, "Done", "Terminé"), ImVec2(inner, kMinTapHeight), ButtonKind::secondary)) {
    m_copied_codes.reset();
    classes.forget_student_file();
  }
  end_card(to_u32(palette().right));
}

void ClassScreen::draw_weakest(AppContext& ctx, const Roster& roster, float width) {
  const std::string& l = ctx.language;
  const float inner = width - 2 * kPadding;
  ImGui::Dummy(ImVec2(0, 4));
  heading(tr(l, "Weakest topics", "Thèmes les plus faibles"), nullptr);
  begin_card(width);
  if (roster.weakest.empty()) {
    muted_text(format(tr(l, "Shown once the class has answered %lld questions in a topic: fewer would be chance.",
                         "Affichés dès que la classe a répondu à %lld questions d’un thème : moins, ce serait le hasard."),
                      static_cast<long long>(roster.weakest_min_answers)),
               inner);
  }
  bool first = true;
  for (const ClassTopic& topic : roster.weakest) {
    if (!first) ImGui::Dummy(ImVec2(0, 4));
    first = false;
    accuracy_row(topic.recent, topic_title(roster.topics, topic.topic, l), pass_ratio(ctx.pack),
                 format(topic.students == 1 ? tr(l, "%zu right of %zu answers  •  1 student", "%zu justes sur %zu réponses  •  1 élève")
                                            : tr(l, "%zu right of %zu answers  •  %zu students", "%zu justes sur %zu réponses  •  %zu élèves"),
                        topic.recent.right, topic.recent.answered, topic.students),
                 inner, l);
  }
  end_card();
  if (!roster.weakest.empty()) {
    muted_text(format(tr(l, "Each student’s last %zu answers per topic, added up; topics with fewer than %lld answers are left out.",
                         "Les %zu dernières réponses de chaque élève par thème, additionnées ; les thèmes de moins de %lld réponses sont omis."),
                      kRecentAnswersPerTopic, static_cast<long long>(roster.weakest_min_answers)),
               width);
  }
}

void ClassScreen::draw_heatmap(AppContext& ctx, const Roster& roster, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const std::size_t n = roster.topics.size();
  if (n == 0 || roster.students.empty()) return;
  const float inner = width - 2 * kPadding;
  const float line = ImGui::GetTextLineHeight();
  constexpr float kCellGap = 4.0f;
  const float count = static_cast<float>(n);
  // Names beside their cells when both fit (a desktop); on a phone, each name above its cells.
  const float name_column = std::min(220.0f, inner * 0.34f);
  const bool beside = name_column + count * (kMinTapSize + kCellGap) <= inner;
  const float cells_x = beside ? name_column : 0.0f;
  const float cell_width = std::min(96.0f, (inner - cells_x - (count - 1) * kCellGap) / count);
  const float row_height = beside ? kMinTapSize : line + 4 + kMinTapSize;
  ImDrawList* draw = ImGui::GetWindowDrawList();

  ImGui::Dummy(ImVec2(0, 4));
  heading(tr(l, "Mastery by topic", "Maîtrise par thème"), nullptr);
  muted_text(tr(l, "Each student’s recent answers in each topic. Tap a student to open their page.",
                "Les réponses récentes de chaque élève, par thème. Touchez un élève pour ouvrir sa page."),
             width);
  begin_card(width);
  // The columns' numbers; the key below names them (a topic's name does not fit a cell).
  const ImVec2 head = ImGui::GetCursorScreenPos();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string number = format("%zu", i + 1);
    const float x = head.x + cells_x + static_cast<float>(i) * (cell_width + kCellGap) + (cell_width - ImGui::CalcTextSize(number.c_str()).x) / 2;
    draw->AddText(ImVec2(x, head.y), to_u32(p.text_muted), number.c_str());
  }
  ImGui::Dummy(ImVec2(inner, line + 2));
  m_heatmap_rows = nlohmann::json::array();
  for (const RosterStudent& student : roster.students) {
    const std::string name = "class.heatmap." + std::to_string(student.id);
    ImGui::PushID(name.c_str());
    const bool clicked = ImGui::InvisibleButton("row", ImVec2(inner, row_height));
    ImGui::PopID();
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    if (ImGui::IsItemHovered()) draw->AddRectFilled(ImVec2(min.x - 4, min.y - 2), ImVec2(max.x + 4, max.y + 2), p.surface_hovered, 6.0f);
    const float name_y = beside ? min.y + (row_height - line) / 2 : min.y;
    draw->PushClipRect(ImVec2(min.x, min.y), ImVec2(beside ? min.x + name_column - 8 : max.x, min.y + (beside ? row_height : line)), true);
    draw->AddText(ImVec2(min.x, name_y), to_u32(p.text), (student.name + (student.ready ? "  ✓" : "")).c_str());
    draw->PopClipRect();
    const float cells_y = beside ? min.y : min.y + line + 4;
    for (std::size_t i = 0; i < n; ++i) {
      heat_cell(draw, ImVec2(min.x + cells_x + static_cast<float>(i) * (cell_width + kCellGap), cells_y), ImVec2(cell_width, kMinTapSize),
                topic_of(student, roster.topics[i].id), l);
    }
    tap_targets().add(name, min, max);
    m_heatmap_rows.push_back(
        {{"id", student.id}, {"x", min.x}, {"y", min.y}, {"width", max.x - min.x}, {"height", max.y - min.y}, {"cell_width", cell_width}});
    if (tapped(clicked)) {
      ctx.classes->select_student(student.id);
      ctx.navigator.show(ScreenId::class_student);
    }
    ImGui::Dummy(ImVec2(0, kCellGap));
  }
  // The key: each column's number and topic.
  std::string key;
  for (std::size_t i = 0; i < n; ++i) key += (i > 0 ? "   " : "") + format("%zu ", i + 1) + topic_title(roster.topics, roster.topics[i].id, l);
  ImGui::Dummy(ImVec2(0, 2));
  muted_text(key, inner);
  // The legend, its items flowing onto more lines on a phone.
  const MasteryBand bands[] = {MasteryBand::low, MasteryBand::middling, MasteryBand::good, MasteryBand::not_practised};
  const std::string labels[] = {
      format(tr(l, "under %s", "moins de %s"), format_percent(kLowAccuracy, l).c_str()),
      format(tr(l, "%s to %s", "%s à %s"), format_percent(kLowAccuracy, l).c_str(), format_percent(kGoodAccuracy - 0.01, l).c_str()),
      format(tr(l, "%s or more", "%s ou plus"), format_percent(kGoodAccuracy, l).c_str()),
      tr(l, "not practised", "pas pratiqué"),
  };
  const float right_edge = ImGui::GetCursorScreenPos().x + inner;
  for (std::size_t i = 0; i < 4; ++i) {
    const float item_width = 26 + ImGui::CalcTextSize(labels[i].c_str()).x;
    if (i > 0 && ImGui::GetItemRectMax().x + 18 + item_width <= right_edge) ImGui::SameLine(0.0f, 18.0f);
    const ImVec2 mark = ImGui::GetCursorScreenPos();
    const MasteryBand band = bands[i];
    if (band == MasteryBand::not_practised) draw->AddRect(ImVec2(mark.x, mark.y + 1), ImVec2(mark.x + 18, mark.y + line - 1), p.border, 4.0f);
    else draw->AddRectFilled(ImVec2(mark.x, mark.y + 1), ImVec2(mark.x + 18, mark.y + line - 1), band_fill(band), 4.0f);
    draw->AddText(ImVec2(mark.x + 26, mark.y), to_u32(p.text_muted), labels[i].c_str());
    ImGui::Dummy(ImVec2(item_width, line));
  }
  end_card();
}

void ClassScreen::draw_management(AppContext& ctx, const ClassSummary& summary, float width) {
  const std::string& l = ctx.language;
  Classes& classes = *ctx.classes;
  if (m_name_for != summary.id) {
    std::snprintf(m_name, sizeof m_name, "%s", summary.name.c_str());
    m_name_for = summary.id;
  }
  ImGui::Dummy(ImVec2(0, 4));
  ImGui::TextUnformatted(tr(l, "Manage the class", "Gérer la classe"));
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const char* rename_label = tr(l, "Rename", "Renommer");
  const float button = std::max(kMinTapSize * 2, ImGui::CalcTextSize(rename_label).x + 2 * kPadding);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(kPadding, (kMinTapHeight - ImGui::GetFontSize()) / 2));
  ImGui::SetNextItemWidth(width - button - gap);
  const bool entered =
      ImGui::InputTextWithHint("##class.name", tr(l, "Class name", "Nom de la classe"), m_name, sizeof m_name, ImGuiInputTextFlags_EnterReturnsTrue);
  tap_targets().add_last_item("class.name");
  ImGui::PopStyleVar();
  ImGui::SameLine();
  const bool rename = tap_button("class.rename", rename_label, ImVec2(button, kMinTapHeight), ButtonKind::secondary);
  if ((rename || entered) && !m_busy && summary.name != m_name) {
    m_student_notice_for = 0;
    classes.rename(summary.id, m_name, notice_when_done(tr(l, "✓ Class renamed.", "✓ Classe renommée.")));
  }

  if (m_confirm_rotate) {
    begin_card(width);
    const float inner = width - 2 * kPadding;
    wrapped_text(format(tr(l, "Students will no longer join with %s. Those already in the class stay.",
                           "On ne pourra plus rejoindre avec %s. Les élèves déjà inscrits restent."),
                        summary.join_code.c_str()),
                 inner);
    if (tap_button("class.rotate.confirm", tr(l, "Yes, make a new code", "Oui, nouveau code"), ImVec2(inner, kMinTapHeight), ButtonKind::danger) &&
        !m_busy) {
      m_confirm_rotate = false;
      m_student_notice_for = 0;
      classes.change_code(summary.id, Classes::CodeAction::rotate, notice_when_done(tr(l, "✓ New join code made.", "✓ Nouveau code créé.")));
    }
    if (tap_button("class.rotate.cancel", tr(l, "Cancel", "Annuler"), ImVec2(inner, kMinTapHeight), ButtonKind::secondary)) m_confirm_rotate = false;
    end_card(to_u32(palette().warning));
  } else if (tap_button("class.rotate", tr(l, "New join code…", "Nouveau code…"), ImVec2(width, kMinTapHeight), ButtonKind::secondary) && !m_busy) {
    m_confirm_rotate = true;
    m_notice.clear();
  }
  if (summary.joining) {
    if (tap_button("class.joining.off", tr(l, "Switch joining off", "Fermer les inscriptions"), ImVec2(width, kMinTapHeight),
                   ButtonKind::secondary) &&
        !m_busy) {
      m_confirm_rotate = false;
      m_student_notice_for = 0;
      classes.change_code(
          summary.id, Classes::CodeAction::off,
          notice_when_done(tr(l, "✓ Joining switched off: the code joins nobody.", "✓ Inscriptions fermées : le code ne marche plus.")));
    }
  } else if (tap_button("class.joining.on", tr(l, "Switch joining on", "Ouvrir les inscriptions"), ImVec2(width, kMinTapHeight),
                        ButtonKind::secondary) &&
             !m_busy) {
    m_confirm_rotate = false;
    m_student_notice_for = 0;
    classes.change_code(summary.id, Classes::CodeAction::on,
                        notice_when_done(tr(l, "✓ Joining switched on, with the same code.", "✓ Inscriptions ouvertes, avec le même code.")));
  }
  if (m_student_notice_for == 0 && !m_notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, m_notice_is_problem ? palette().warning : palette().right);
    wrapped_text(m_notice, width);
    ImGui::PopStyleColor();
  }
}

void ClassScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  Classes& classes = *ctx.classes;
  m_code_picture_drawn = nlohmann::json();  // set again when this frame draws the QR code
  m_heatmap_rows = nlohmann::json();        // and the heatmap's rows when it draws them
  const auto& roster = classes.roster();
  if (!roster || roster->summary.id != classes.selected()) {
    muted_text(classes.roster_loading() ? tr(l, "Loading the roster…", "Chargement de la liste…") : classes.problem(), width);
  } else {
    const ClassSummary& summary = roster->summary;
    if (summary.joining) {
      draw_join_code(ctx, summary, width);
    } else {
      muted_text(tr(l, "Join code (students type it in Settings):", "Code pour rejoindre (à taper dans Réglages) :"), width);
      ImGui::PushFont(ctx.fonts.large);
      ImGui::TextUnformatted(tr(l, "joining is switched off", "inscriptions fermées"));
      ImGui::PopFont();
    }
    if (!roster->students.empty()) {
      draw_weakest(ctx, *roster, width);
      draw_heatmap(ctx, *roster, width);
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (roster->students.empty()) {
      muted_text(tr(l, "No student has joined yet.", "Aucun élève n’a encore rejoint la classe."), width);
    }
    const float inner = width - 2 * kPadding;
    for (const RosterStudent& student : roster->students) {
      begin_card(width);
      ImGui::TextUnformatted(student.name.c_str());
      const std::string accuracy = student.recent_accuracy ? format_percent(*student.recent_accuracy, l) : std::string("–");
      muted_text(format(tr(l, "Last active %s · %lld answers · accuracy %s · %lld exams", "Actif %s · %lld réponses · réussite %s · %lld examens"),
                        last_active(student.last_activity_ms, ctx.clock.now_ms(), l).c_str(), static_cast<long long>(student.answers),
                        accuracy.c_str(), static_cast<long long>(student.exams_taken)),
                 inner);
      ImGui::PushStyleColor(ImGuiCol_Text, student.ready ? palette().right : palette().text_muted);
      wrapped_text(student.ready ? tr(l, "✓ Ready for the test", "✓ Prêt pour l’examen") : tr(l, "Not ready yet", "Pas encore prêt"), inner);
      ImGui::PopStyleColor();
      draw_student_actions(ctx, student, inner);
      end_card(student.ready ? to_u32(palette().right) : 0);
    }
    draw_student_file(ctx, summary, width);
    draw_management(ctx, summary, width);
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (roster && roster->summary.id == classes.selected() && !roster->students.empty()) {
    // The server writes the files (the roster: a line a student; the results: a line a mock exam);
    // the browser saves them. Side by side when both labels fit.
    const char* roster_label = tr(l, "Export the roster (CSV)", "Exporter la liste (CSV)");
    const char* results_label = tr(l, "Export results (CSV)", "Exporter les résultats (CSV)");
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float half = (width - gap) / 2;
    const bool beside = std::max(ImGui::CalcTextSize(roster_label).x, ImGui::CalcTextSize(results_label).x) + 2 * kPadding <= half;
    const std::string base = "/api/v1/classes/" + std::to_string(classes.selected());
    if (tap_button("class.download", roster_label, ImVec2(beside ? half : width, kMinTapHeight), ButtonKind::secondary)) {
      ctx.device.download(base + "/roster.csv");
    }
    if (beside) ImGui::SameLine();
    if (tap_button("class.download_results", results_label, ImVec2(beside ? half : width, kMinTapHeight), ButtonKind::secondary)) {
      ctx.device.download(base + "/results.csv");
    }
  }
  if (tap_button("class.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(width, kMinTapHeight), ButtonKind::secondary) && classes.selected() > 0) {
    classes.open_roster(classes.selected());
  }
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

nlohmann::json ClassScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language},
          {"class_id", ctx.classes->selected()},
          {"revision", ctx.classes->revision()},
          {"copied", m_copied_code.empty() ? nlohmann::json() : nlohmann::json{{"code", m_copied_code}, {"worked", m_copy_worked}}},
          {"confirm_rotate", m_confirm_rotate},
          {"confirm_disable", m_confirm_disable},
          {"busy", m_busy},
          {"copied_codes", m_copied_codes ? nlohmann::json(*m_copied_codes) : nlohmann::json()},
          {"notice", m_notice},
          {"notice_is_problem", m_notice_is_problem}};
}

nlohmann::json ClassScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}, {"code_picture", m_code_picture_drawn}, {"heatmap", m_heatmap_rows}};
  state["classes"] = ctx.classes->state_json();
  return state;
}

}  // namespace umuhanda
