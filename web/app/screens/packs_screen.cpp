// The staff's packs screen (see packs_screen.hpp).
//   [SECTION] Showing, leaving
//   [SECTION] Which pack
//   [SECTION] A file from the device
//   [SECTION] Versions and rollback
//   [SECTION] What changes
//   [SECTION] A question as students see it
#include "app/screens/packs_screen.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/question_view.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "platform/device.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kErrorsShown = 60;  // a broken file may have hundreds: the first ones say enough
constexpr float kPhoneWidth = 360.0f;     // the preview frame: the narrowest phone students use
constexpr float kPhoneHeight = 640.0f;

void coloured_text(const std::string& text, const ImVec4& colour, float width) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  wrapped_text(text, width);
  ImGui::PopStyleColor();
}

std::string located(const Diagnostic& diagnostic) {
  return diagnostic.path.empty() ? diagnostic.message : diagnostic.path + ": " + diagnostic.message;
}

std::string pack_name(const ServerPack& pack, const std::string& l) {
  const std::string& title = pack.title.in(l);
  return title.empty() ? pack.id : title;
}

std::string languages_of(const Pack& pack) {
  std::string out;
  for (const auto& language : pack.languages) out += (out.empty() ? "" : ", ") + language;
  return out;
}

void draw_diagnostics(const Diagnostics& list, const ImVec4& colour, float width, const std::string& l) {
  const std::size_t shown = std::min(list.size(), kErrorsShown);
  for (std::size_t i = 0; i < shown; ++i) coloured_text("• " + located(list[i]), colour, width);
  if (list.size() > shown) muted_text(format(tr(l, "… and %zu more", "… et %zu autres"), list.size() - shown), width);
}

}  // namespace

// [SECTION] Showing, leaving

std::string PacksScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Packs", "Paquets"); }

void PacksScreen::on_show(AppContext& ctx) {
  ctx.packs->load();
  m_confirm_rollback.reset();
  // A file dropped while this screen shows is checked like a picked one.
  ctx.device.on_file_dropped([this, &ctx](PickedFile file) {
    m_file_problem = file.error;
    if (file.error.empty()) ctx.packs->check_file(file.name, file.bytes, ctx.language);
  });
}

void PacksScreen::on_hide(AppContext& ctx) { ctx.device.on_file_dropped(nullptr); }

bool PacksScreen::on_back(AppContext&) {
  // Esc or the back arrow closes the preview, then a pending confirmation, before leaving.
  if (!m_preview_question.empty()) {
    m_preview_question.clear();
    m_preview_pack.reset();
    request_redraw();
    return true;
  }
  if (m_confirm_rollback) {
    m_confirm_rollback.reset();
    request_redraw();
    return true;
  }
  return false;
}

void PacksScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  if (!m_preview_question.empty() && m_preview_pack) {
    draw_preview(ctx, width);
  } else {
    m_preview_question.clear();
    draw_pack_choice(ctx, width);
    draw_file(ctx, width);
    draw_comparison(ctx, width);
    draw_versions(ctx, width);
  }
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

// [SECTION] Which pack

void PacksScreen::draw_pack_choice(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  PackManager& packs = *ctx.packs;
  if (!packs.problem().empty()) coloured_text(packs.problem(), palette().warning, width);
  if (!packs.loaded()) {
    muted_text(packs.busy() ? tr(l, "Asking the server for its packs…", "Demande des paquets au serveur…")
                            : tr(l, "The packs could not be listed.", "Impossible de lister les paquets."),
               width);
    if (!packs.busy() && tap_button("packs.retry", tr(l, "Try again", "Réessayer"), ImVec2(width, kMinTapHeight), ButtonKind::secondary))
      packs.load();
    return;
  }
  muted_text(tr(l, "A file you open becomes the next version of the pack chosen here, or a new pack.",
                "Un fichier ouvert devient la version suivante du paquet choisi ici, ou un nouveau paquet."),
             width);
  for (const ServerPack& pack : packs.packs()) {
    const std::string subtitle = format(tr(l, "%s · version %d · %d questions%s", "%s · version %d · %d questions%s"), pack.id.c_str(), pack.version,
                                        pack.questions, pack.restricted ? tr(l, " · subscribers", " · abonnés") : "");
    const bool chosen = packs.selected() == pack.id;
    const std::string title = (chosen ? "✓ " : "") + pack_name(pack, l);
    if (tap_row("packs.pack." + pack.id, title, subtitle, width) && !chosen) {
      m_compare_from.reset();
      m_confirm_rollback.reset();
      packs.select(pack.id);
    }
  }
  const bool new_pack = packs.selected().empty();
  if (tap_row("packs.pack.new", std::string(new_pack ? "✓ " : "") + tr(l, "A new pack", "Un nouveau paquet"),
              tr(l, "Its id comes from the file's name", "Son identifiant vient du nom du fichier"), width) &&
      !new_pack) {
    m_compare_from.reset();
    packs.select("");
  }
  ImGui::Dummy(ImVec2(width, kGap));
}

// [SECTION] A file from the device

void PacksScreen::draw_file(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  PackManager& packs = *ctx.packs;
  if (tap_button("packs.open_file", tr(l, "Open a file…", "Ouvrir un fichier…"), ImVec2(width, kMinTapHeight))) {
    ctx.device.open_file(kPackFileAccept, [this, &ctx](PickedFile file) {
      m_file_problem = file.error;
      if (file.error.empty()) ctx.packs->check_file(file.name, file.bytes, ctx.language);
    });
  }
  muted_text(
      tr(l, "A pack .zip or pack.json, or questions as CSV, GIFT, Aiken or the old site's Django dump. On a computer, drop the file on this page.",
         "Un paquet .zip ou pack.json, ou des questions en CSV, GIFT, Aiken ou l’export Django de l’ancien site. Sur un ordinateur, déposez le "
         "fichier sur cette page."),
      width);
  if (!m_file_problem.empty()) coloured_text(m_file_problem, palette().warning, width);
  const auto& checked = packs.checked();
  if (!checked) return;

  const float inner = width - 2 * kPadding;
  begin_card(width);
  wrapped_text(format("%s · %s", checked->file_name.c_str(), checked->kind ? to_string(*checked->kind) : "?"), inner);
  if (!checked->errors.empty()) {
    coloured_text(
        format(checked->errors.size() == 1
                   ? tr(l, "✗ 1 problem. Nothing is sent until it is fixed:", "✗ 1 problème. Rien n’est envoyé avant sa correction :")
                   : tr(l, "✗ %zu problems. Nothing is sent until they are fixed:", "✗ %zu problèmes. Rien n’est envoyé avant leur correction :"),
               checked->errors.size()),
        palette().wrong, inner);
    draw_diagnostics(checked->errors, palette().wrong, inner, l);
  } else if (checked->pack) {
    const Pack& pack = *checked->pack;
    coloured_text(format(tr(l, "✓ No problem found: %zu questions, %zu topics, %zu pictures; in %s.",
                            "✓ Aucun problème trouvé : %zu questions, %zu thèmes, %zu images ; en %s."),
                         pack.questions.size(), pack.topics.size(), checked->media_files, languages_of(pack).c_str()),
                  palette().right, inner);
    wrapped_text(format(tr(l, "It becomes version %d of pack %s.", "Il deviendra la version %d du paquet %s."), pack.version, pack.id.c_str()),
                 inner);
  }
  if (!checked->warnings.empty()) {
    muted_text(format(tr(l, "%zu remarks (sent anyway):", "%zu remarques (envoyé quand même) :"), checked->warnings.size()), inner);
    draw_diagnostics(checked->warnings, palette().text_muted, inner, l);
  }

  const PackUpload& upload = packs.upload_state();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  switch (upload.stage) {
    case PackUpload::Stage::sending: {
      const float fraction = upload.total > 0 ? static_cast<float>(upload.sent) / static_cast<float>(upload.total) : 0.0f;
      wrapped_text(format(tr(l, "Sending: %s of %s", "Envoi : %s sur %s"), format_bytes(upload.sent, upload.total, l == "fr").c_str(),
                          format_bytes(upload.total, upload.total, l == "fr").c_str()),
                   inner);
      progress_bar(fraction, inner, 10.0f);
      if (upload.total > 0 && upload.sent >= upload.total) muted_text(tr(l, "The server is checking it…", "Le serveur le vérifie…"), inner);
      break;
    }
    case PackUpload::Stage::done:
      coloured_text(format(tr(l, "✓ Published: version %d. Students get it at their next check.",
                              "✓ Publié : version %d. Les élèves la reçoivent à leur prochaine vérification."),
                           upload.version),
                    palette().right, inner);
      break;
    case PackUpload::Stage::failed:
      coloured_text(tr(l, "✗ The server did not take it; nothing changed:", "✗ Le serveur ne l’a pas accepté ; rien n’a changé :"), palette().wrong,
                    inner);
      if (upload.server_errors.empty()) coloured_text(upload.problem, palette().wrong, inner);
      draw_diagnostics(upload.server_errors, palette().wrong, inner, l);
      break;
    case PackUpload::Stage::idle: break;
  }
  const bool can_send = checked->ok() && upload.stage != PackUpload::Stage::sending && upload.stage != PackUpload::Stage::done;
  const float half = (inner - gap) / 2;
  if (can_send) {
    if (tap_button("packs.publish", format(tr(l, "Publish version %d", "Publier la version %d"), checked->pack->version).c_str(),
                   ImVec2(half, kMinTapHeight)))
      packs.upload();
    ImGui::SameLine();
  }
  if (tap_button("packs.close_file", tr(l, "Close the file", "Fermer le fichier"), ImVec2(can_send ? half : inner, kMinTapHeight),
                 ButtonKind::secondary)) {
    packs.clear_file();
    m_file_problem.clear();
  }
  end_card();
  ImGui::Dummy(ImVec2(width, kGap));
}

// [SECTION] Versions and rollback

void PacksScreen::draw_versions(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  PackManager& packs = *ctx.packs;
  const ServerPack* pack = packs.find_pack(packs.selected());
  if (!pack) return;
  heading(format(tr(l, "Versions of %s", "Versions de %s"), pack->id.c_str()), ctx.fonts.large);
  muted_text(m_compare_from
                 ? format(tr(l, "Compare version %d with: tap another version.", "Comparer la version %d avec : touchez une autre version."),
                          *m_compare_from)
                 : std::string(tr(l, "Tap Compare on two versions to see what changed between them.",
                                  "Touchez Comparer sur deux versions pour voir ce qui a changé entre elles.")),
             width);
  if (m_rolled_back_to > 0)
    coloured_text(format(tr(l, "✓ Version %d is current again.", "✓ La version %d est de nouveau la version en cours."), m_rolled_back_to),
                  palette().right, width);
  if (!m_rollback_problem.empty()) coloured_text(m_rollback_problem, palette().wrong, width);

  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float inner = width - 2 * kPadding;
  const float half = (inner - gap) / 2;
  for (const ServerPackVersion& version : packs.versions()) {
    begin_card(width);
    const std::string when =
        version.imported_at.size() >= 16 ? version.imported_at.substr(0, 10) + " " + version.imported_at.substr(11, 5) : version.imported_at;
    wrapped_text(format(tr(l, "Version %d%s", "Version %d%s"), version.version, version.current ? tr(l, " · current", " · en cours") : ""), inner);
    muted_text(format("%s UTC · %s", when.c_str(), format_bytes(version.bytes, version.bytes, l == "fr").c_str()), inner);
    const std::string key = std::to_string(version.version);
    const bool first_pick = m_compare_from && *m_compare_from == version.version;
    if (tap_button("packs.compare." + key, first_pick ? tr(l, "Comparing…", "Comparaison…") : tr(l, "Compare", "Comparer"),
                   ImVec2(version.current ? inner : half, kMinTapHeight), first_pick ? ButtonKind::primary : ButtonKind::secondary)) {
      if (!m_compare_from || first_pick) {
        m_compare_from = first_pick ? std::nullopt : std::optional<int>(version.version);
      } else {
        packs.compare(pack->id, std::min(*m_compare_from, version.version), std::max(*m_compare_from, version.version));
        m_compare_from.reset();
      }
    }
    if (!version.current) {
      ImGui::SameLine();
      if (tap_button("packs.rollback." + key, tr(l, "Make current", "Rendre courante"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
        m_confirm_rollback = version.version;
        m_rollback_problem.clear();
      }
    }
    if (m_confirm_rollback && *m_confirm_rollback == version.version) {
      coloured_text(
          format(tr(l, "Make version %d current again? Students get it at their next check; newer versions stay stored.",
                    "Rendre la version %d de nouveau courante ? Les élèves la reçoivent à leur prochaine vérification ; les versions plus récentes "
                    "restent enregistrées."),
                 version.version),
          palette().warning, inner);
      if (tap_button("packs.rollback.confirm", tr(l, "Roll back", "Revenir à cette version"), ImVec2(half, kMinTapHeight), ButtonKind::danger)) {
        const int target = version.version;
        m_confirm_rollback.reset();
        packs.rollback(target, [this, target](std::optional<AccountProblem> problem) {
          if (problem) {
            m_rollback_problem = problem->message;
            return;
          }
          m_rolled_back_to = target;
        });
      }
      ImGui::SameLine();
      if (tap_button("packs.rollback.cancel", tr(l, "Cancel", "Annuler"), ImVec2(half, kMinTapHeight), ButtonKind::secondary))
        m_confirm_rollback.reset();
    }
    end_card();
  }
}

// [SECTION] What changes

namespace {

constexpr std::size_t kChangesListed = 30;  // per list; the counts above say how many in all

std::string prompt_of(const Pack* pack, const std::string& id, const std::string& l) {
  const Question* question = pack ? pack->find_question(id) : nullptr;
  return question ? question->prompt.in(l) : id;
}

std::string joined(const std::vector<std::string>& items, std::size_t most = 6) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < most; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > most) out += format(", … (+%zu)", items.size() - most);
  return out;
}

// "Pictures: 2 added, 1 changed (media/a.png, …)" for a kind of item other than questions.
template <typename Change>
void draw_kind_line(const char* name, const ItemsDiff<Change>& items, float width, const std::string& l) {
  if (items.empty()) return;
  std::vector<std::string> keys = items.added;
  for (const auto& change : items.changed) keys.push_back(change.key);
  keys.insert(keys.end(), items.removed.begin(), items.removed.end());
  muted_text(format(tr(l, "%s: %zu added, %zu removed, %zu changed (%s)", "%s : %zu ajoutés, %zu retirés, %zu modifiés (%s)"), name,
                    items.added.size(), items.removed.size(), items.changed.size(), joined(keys).c_str()),
             width);
}

}  // namespace

void PacksScreen::draw_comparison(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const PackComparison& comparison = ctx.packs->comparison();
  if (comparison.pack_id.empty()) return;
  std::string title;
  if (comparison.from_version == 0) title = format(tr(l, "A new pack: %s", "Un nouveau paquet : %s"), comparison.pack_id.c_str());
  else if (comparison.to_version == 0)
    title = format(tr(l, "This file against version %d", "Ce fichier face à la version %d"), comparison.from_version);
  else title = format(tr(l, "Version %d → version %d", "Version %d → version %d"), comparison.from_version, comparison.to_version);
  heading(title, ctx.fonts.large);
  if (!comparison.problem.empty()) coloured_text(comparison.problem, palette().warning, width);
  if (!comparison.diff) {
    if (comparison.problem.empty()) muted_text(tr(l, "Comparing…", "Comparaison…"), width);
    return;
  }
  const PackDiff& diff = *comparison.diff;
  const PackDiffSummary summary = diff.summary();
  if (diff.empty()) {
    wrapped_text(tr(l, "Nothing changes but the version number.", "Rien ne change, sauf le numéro de version."), width);
    ImGui::Dummy(ImVec2(width, kGap));
    return;
  }
  if (summary.answer_keys_changed > 0) {
    coloured_text(
        format(summary.answer_keys_changed == 1
                   ? tr(l, "1 answer key changes: check it before publishing.", "1 bonne réponse change : vérifiez-la avant de publier.")
                   : tr(l, "%zu answer keys change: check them before publishing.", "%zu bonnes réponses changent : vérifiez-les avant de publier."),
               summary.answer_keys_changed),
        palette().warning, width);
  }
  wrapped_text(format(tr(l, "Questions: %zu added, %zu removed, %zu changed.", "Questions : %zu ajoutées, %zu retirées, %zu modifiées."),
                      summary.questions.added, summary.questions.removed, summary.questions.changed),
               width);
  if (!diff.pack_fields.empty())
    muted_text(format(tr(l, "The pack's own fields: %s", "Champs du paquet : %s"), joined(diff.pack_fields).c_str()), width);
  draw_kind_line(tr(l, "Topics", "Thèmes"), diff.topics, width, l);
  draw_kind_line(tr(l, "Signs", "Panneaux"), diff.signs, width, l);
  draw_kind_line(tr(l, "Lessons", "Leçons"), diff.lessons, width, l);
  draw_kind_line(tr(l, "Exam rules", "Règles d’examen"), diff.blueprints, width, l);
  draw_kind_line(tr(l, "Exam papers", "Sujets d’examen"), diff.exam_sets, width, l);
  draw_kind_line(tr(l, "Pictures", "Images"), diff.media, width, l);

  // The questions themselves, the changed answer keys first: tap one to see it as students will.
  const auto preview_language = [&](const Pack& pack) {
    return std::find(pack.languages.begin(), pack.languages.end(), l) != pack.languages.end() || pack.languages.empty() ? l : pack.languages.front();
  };
  std::size_t listed = 0;
  const auto row = [&](const std::string& id, const std::shared_ptr<const Pack>& pack, const std::string& what) {
    if (listed++ >= kChangesListed || !pack) return;
    if (tap_row("packs.diff.question." + id, prompt_of(pack.get(), id, l), what, width)) open_preview(pack, id, preview_language(*pack));
  };
  for (const bool keys : {true, false}) {
    for (const QuestionChange& change : diff.questions.changed) {
      if (change.answer_key_changed != keys) continue;
      row(change.key, comparison.to,
          format("%s%s: %s", keys ? tr(l, "Answer key changed · ", "Bonne réponse modifiée · ") : "", change.key.c_str(),
                 joined(change.fields).c_str()));
    }
  }
  for (const std::string& id : diff.questions.added) row(id, comparison.to, format(tr(l, "+ added: %s", "+ ajoutée : %s"), id.c_str()));
  for (const std::string& id : diff.questions.removed) row(id, comparison.from, format(tr(l, "– removed: %s", "– retirée : %s"), id.c_str()));
  if (listed > kChangesListed) muted_text(format(tr(l, "… and %zu more questions", "… et %zu autres questions"), listed - kChangesListed), width);
  ImGui::Dummy(ImVec2(width, kGap));
}

// [SECTION] A question as students see it

void PacksScreen::open_preview(const std::shared_ptr<const Pack>& pack, const std::string& question_id, const std::string& language) {
  m_preview_pack = pack;
  m_preview_question = question_id;
  m_preview_language = language;
  request_redraw();
}

void PacksScreen::draw_preview(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Pack& pack = *m_preview_pack;
  const Question* question = pack.find_question(m_preview_question);
  if (!question) {
    m_preview_question.clear();
    return;
  }
  wrapped_text(format(tr(l, "%s, version %d: as a student sees it", "%s, version %d : comme un élève la voit"), pack.id.c_str(), pack.version),
               width);
  // One button per language of the pack: the same question in each.
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const std::size_t count = std::max<std::size_t>(1, pack.languages.size());
  const float button = (width - gap * static_cast<float>(count - 1)) / static_cast<float>(count);
  for (std::size_t i = 0; i < pack.languages.size(); ++i) {
    const std::string& language = pack.languages[i];
    if (i > 0) ImGui::SameLine();
    if (tap_button("packs.preview.language." + language, language.c_str(), ImVec2(button, kMinTapHeight),
                   language == m_preview_language ? ButtonKind::primary : ButtonKind::secondary))
      m_preview_language = language;
  }
  if (!question->prompt.has(m_preview_language))
    coloured_text(
        tr(l, "Not written in this language: students see it in another.", "Pas écrite dans cette langue : les élèves la voient dans une autre."),
        palette().warning, width);

  // The phone: a frame 360 px wide (the page's width when narrower), the question drawn in it by
  // the same code the practice screen uses, with the right answer shown.
  const float frame_width = std::min(kPhoneWidth, width);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - frame_width) / 2);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 18.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, 3.0f);
  ImGui::BeginChild("packs.preview.phone", ImVec2(frame_width, kPhoneHeight), true);
  AppContext preview = ctx;
  preview.pack = m_preview_pack.get();
  preview.language = m_preview_language;
  const float inner = frame_width - 2 * ImGui::GetStyle().WindowPadding.x;
  QuestionLook look;
  look.selected = question->correct;
  look.reveal = true;
  look.enabled = false;
  (void)draw_question(preview, *question, look, inner);
  draw_feedback(preview, *question, true, inner);
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();
  if (tap_button("packs.preview.close", tr(l, "Back to the changes", "Retour aux changements"), ImVec2(width, kMinTapHeight),
                 ButtonKind::secondary)) {
    m_preview_question.clear();
    m_preview_pack.reset();
  }
}

nlohmann::json PacksScreen::shown(const AppContext& ctx) const {
  return {
      {"language", ctx.language},
      {"revision", ctx.packs->revision()},
      {"compare_from", m_compare_from ? nlohmann::json(*m_compare_from) : nlohmann::json()},
      {"confirm_rollback", m_confirm_rollback ? nlohmann::json(*m_confirm_rollback) : nlohmann::json()},
      {"rolled_back_to", m_rolled_back_to},
      {"rollback_problem", m_rollback_problem},
      {"file_problem", m_file_problem},
      {"preview", {{"question", m_preview_question}, {"language", m_preview_language}, {"version", m_preview_pack ? m_preview_pack->version : 0}}}};
}

nlohmann::json PacksScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["packs"] = ctx.packs->state_json();
  return state;
}

}  // namespace umuhanda
