// The admins' plans editor (see plan_editor_screen.hpp).
#include "app/screens/plan_editor_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app/payments.hpp"
#include "app/plan_editor.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "umuhanda/notification_text.hpp"  // format_rwf

namespace umuhanda {
namespace {

void copy_to(char* buffer, std::size_t size, const std::string& text) { std::snprintf(buffer, size, "%s", text.c_str()); }

// A field's mistake, under it, in the warning colour.
void field_error(const PlanEditor& editor, const char* field, float width) {
  const std::string said = editor.error_of(field);
  if (said.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, palette().wrong);
  wrapped_text(said, width);
  ImGui::PopStyleColor();
}

void label(const char* text, float width) {
  ImGui::Dummy(ImVec2(0, 2));
  muted_text(text, width);
}

std::string plan_summary(const PlanOffer& plan, const std::string& l) {
  std::string summary = describe_duration(plan.duration_seconds, l) + "  •  " + format_rwf(plan.price_rwf, l) + "  •  " +
                        (plan.active ? tr(l, "offered", "proposée") : tr(l, "not offered", "non proposée"));
  if (!plan.every_pack) {
    summary += "  •  " + format(plan.packs.size() == 1 ? tr(l, "%zu pack", "%zu paquet") : tr(l, "%zu packs", "%zu paquets"), plan.packs.size());
  }
  return summary;
}

}  // namespace

std::string PlanEditorScreen::title(const AppContext& ctx) const {
  const PlanEditor& editor = *ctx.plan_editor;
  if (const PlanDraft* draft = editor.draft()) {
    if (draft->id == 0) return tr(ctx.language, "New plan", "Nouvelle formule");
    for (const PlanOffer& plan : editor.plans()) {
      if (plan.id == draft->id) return plan.name_in(ctx.language);
    }
  }
  return tr(ctx.language, "Plans and prices", "Formules et prix");
}

void PlanEditorScreen::on_show(AppContext& ctx) {
  ctx.plan_editor->close();
  m_form_open = false;
  ctx.plan_editor->load();
}

bool PlanEditorScreen::on_back(AppContext& ctx) {
  if (!ctx.plan_editor->draft()) return false;
  ctx.plan_editor->close();
  request_redraw();
  return true;
}

void PlanEditorScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  PlanEditor& editor = *ctx.plan_editor;
  if (PlanDraft* draft = editor.draft()) {
    if (!m_form_open) {
      copy_to(m_slug, sizeof m_slug, draft->slug);
      copy_to(m_name_en, sizeof m_name_en, draft->names["en"]);
      copy_to(m_name_fr, sizeof m_name_fr, draft->names["fr"]);
      copy_to(m_name_rw, sizeof m_name_rw, draft->names["rw"]);
      copy_to(m_duration, sizeof m_duration, draft->duration);
      copy_to(m_price, sizeof m_price, draft->price);
      m_form_open = true;
    }
    draw_form(ctx, width);
  } else {
    m_form_open = false;
    draw_list(ctx, width);
  }
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

void PlanEditorScreen::draw_list(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  PlanEditor& editor = *ctx.plan_editor;
  if (!editor.problem().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(editor.problem(), width);
    ImGui::PopStyleColor();
  }
  if (!editor.saved_slug().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().right);
    wrapped_text(format(tr(l, "✓ Plan \"%s\" saved. Students see it as it is now; a payment already sent keeps its amount.",
                           "✓ Formule « %s » enregistrée. Les élèves la voient telle quelle ; un paiement déjà envoyé garde son montant."),
                        editor.saved_slug().c_str()),
                 width);
    ImGui::PopStyleColor();
  }
  if (!editor.loaded()) {
    if (editor.problem().empty()) muted_text(tr(l, "Loading the plans…", "Chargement des formules…"), width);
  } else {
    if (editor.plans().empty())
      muted_text(tr(l, "No plan yet: students cannot buy anything until you add one.",
                    "Aucune formule : les élèves ne peuvent rien acheter avant que vous en ajoutiez une."),
                 width);
    for (const PlanOffer& plan : editor.plans()) {
      if (tap_row("plans_editor.plan." + plan.slug, plan.name_in(l), plan_summary(plan, l), width)) {
        editor.edit(plan.slug);
        request_redraw();
      }
    }
  }
  ImGui::Dummy(ImVec2(0, 4));
  const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
  if (tap_button("plans_editor.new", tr(l, "New plan", "Nouvelle formule"), ImVec2(half, kMinTapHeight)) && editor.loaded()) {
    editor.create();
    request_redraw();
  }
  ImGui::SameLine();
  if (tap_button("plans_editor.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) editor.load();
}

void PlanEditorScreen::draw_form(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  PlanEditor& editor = *ctx.plan_editor;
  PlanDraft& draft = *editor.draft();
  const float gap = ImGui::GetStyle().ItemSpacing.x;

  if (draft.id == 0) {
    label(tr(l, "Short name for links and the audit log: a-z, 0-9 and -", "Nom court pour les liens et le journal : a-z, 0-9 et -"), width);
    text_field("plans_editor.slug", tr(l, "e.g. weekly", "ex. weekly"), m_slug, sizeof m_slug, width);
    draft.slug = m_slug;
    field_error(editor, "slug", width);
  } else {
    muted_text(format(tr(l, "Short name: %s", "Nom court : %s"), draft.slug.c_str()), width);
  }

  label(tr(l, "Name in English (required)", "Nom en anglais (obligatoire)"), width);
  text_field("plans_editor.name.en", "", m_name_en, sizeof m_name_en, width);
  draft.names["en"] = m_name_en;
  field_error(editor, "names.en", width);
  label(tr(l, "Name in French", "Nom en français"), width);
  text_field("plans_editor.name.fr", "", m_name_fr, sizeof m_name_fr, width);
  draft.names["fr"] = m_name_fr;
  field_error(editor, "names.fr", width);
  label(tr(l, "Name in Kinyarwanda", "Nom en kinyarwanda"), width);
  text_field("plans_editor.name.rw", "", m_name_rw, sizeof m_name_rw, width);
  draft.names["rw"] = m_name_rw;
  field_error(editor, "names.rw", width);

  label(tr(l, "Runs for", "Durée"), width);
  const float unit_width = (width * 0.55f - gap) / 2;
  text_field("plans_editor.duration", "", m_duration, sizeof m_duration, width - 2 * (unit_width + gap));
  draft.duration = m_duration;
  ImGui::SameLine();
  if (tap_button("plans_editor.unit.hours", tr(l, "hours", "heures"), ImVec2(unit_width, kMinTapHeight),
                 draft.unit == DurationUnit::hours ? ButtonKind::primary : ButtonKind::secondary)) {
    draft.unit = DurationUnit::hours;
  }
  ImGui::SameLine();
  if (tap_button("plans_editor.unit.days", tr(l, "days", "jours"), ImVec2(unit_width, kMinTapHeight),
                 draft.unit == DurationUnit::days ? ButtonKind::primary : ButtonKind::secondary)) {
    draft.unit = DurationUnit::days;
  }
  field_error(editor, "duration_seconds", width);

  label(tr(l, "Price in Rwandan francs", "Prix en francs rwandais"), width);
  text_field("plans_editor.price", "", m_price, sizeof m_price, width);
  draft.price = m_price;
  if (const auto price = parse_whole_number(draft.price); price && editor.error_of("price_rwf").empty()) {
    muted_text(format(tr(l, "Students pay %s", "Les élèves paient %s"), format_rwf(*price, l).c_str()), width);
  }
  field_error(editor, "price_rwf", width);

  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("plans_editor.active",
                 draft.active ? tr(l, "✓ Offered to students (tap to stop)", "✓ Proposée aux élèves (toucher pour arrêter)")
                              : tr(l, "Not offered (tap to offer it)", "Non proposée (toucher pour la proposer)"),
                 ImVec2(width, kMinTapHeight), draft.active ? ButtonKind::primary : ButtonKind::secondary)) {
    draft.active = !draft.active;
  }
  field_error(editor, "active", width);

  label(tr(l, "What it opens", "Ce qu’elle ouvre"), width);
  if (tap_button("plans_editor.packs.every",
                 draft.every_pack ? tr(l, "✓ Every restricted pack", "✓ Tous les paquets réservés")
                                  : tr(l, "Every restricted pack", "Tous les paquets réservés"),
                 ImVec2(width, kMinTapHeight), draft.every_pack ? ButtonKind::primary : ButtonKind::secondary)) {
    draft.every_pack = !draft.every_pack;
  }
  if (!draft.every_pack) {
    // The catalog's packs, and any the plan names that the catalog no longer has.
    std::vector<std::pair<std::string, std::string>> choices;
    for (const PlanPackChoice& pack : editor.packs()) {
      choices.emplace_back(pack.id, pack.restricted ? pack.title : pack.title + tr(l, " (free to all)", " (libre pour tous)"));
    }
    for (const std::string& id : draft.packs) {
      if (std::none_of(choices.begin(), choices.end(), [&](const auto& choice) { return choice.first == id; })) choices.emplace_back(id, id);
    }
    if (choices.empty()) muted_text(tr(l, "The school has no pack yet.", "L’école n’a encore aucun paquet."), width);
    for (const auto& [id, name] : choices) {
      const auto ticked = std::find(draft.packs.begin(), draft.packs.end(), id);
      const bool on = ticked != draft.packs.end();
      if (tap_button("plans_editor.pack." + id, ((on ? "✓ " : "") + name).c_str(), ImVec2(width, kMinTapHeight),
                     on ? ButtonKind::primary : ButtonKind::secondary)) {
        if (on) draft.packs.erase(ticked);
        else draft.packs.push_back(id);
      }
    }
  }
  field_error(editor, "packs", width);
  field_error(editor, "", width);
  if (!editor.problem().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(editor.problem(), width);
    ImGui::PopStyleColor();
  }

  // The Save button is at the bottom of a long form: say here that something above needs fixing.
  if (!editor.errors().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().wrong);
    wrapped_text(
        format(editor.errors().size() == 1
                   ? tr(l, "Not saved: %zu field to fix, shown in red above.", "Non enregistrée : %zu champ à corriger, en rouge ci-dessus.")
                   : tr(l, "Not saved: %zu fields to fix, shown in red above.", "Non enregistrée : %zu champs à corriger, en rouge ci-dessus."),
               editor.errors().size()),
        width);
    ImGui::PopStyleColor();
  }
  ImGui::Dummy(ImVec2(0, 6));
  const float half = (width - gap) / 2;
  if (tap_button("plans_editor.save", editor.busy() ? tr(l, "Saving…", "Enregistrement…") : tr(l, "Save", "Enregistrer"),
                 ImVec2(half, kMinTapHeight))) {
    editor.save();
  }
  ImGui::SameLine();
  if (tap_button("plans_editor.cancel", tr(l, "Cancel", "Annuler"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
    editor.close();
    request_redraw();
  }
}

nlohmann::json PlanEditorScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language}, {"revision", ctx.plan_editor->revision()}, {"form", m_form_open}};
}

nlohmann::json PlanEditorScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["editor"] = ctx.plan_editor->state_json();
  return state;
}

}  // namespace umuhanda
