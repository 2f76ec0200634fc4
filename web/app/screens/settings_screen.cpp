// The settings screen.
// [SECTION] Actions: storage estimate, clear cached data, reset progress
// [SECTION] Drawing: account, appearance, storage, progress, confirmation panels
// [SECTION] Test hook state
#include "app/screens/settings_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "app/account.hpp"
#include "app/classes.hpp"
#include "app/content_sync.hpp"
#include "app/progress_store.hpp"
#include "app/progress_sync.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "platform/key_value_store.hpp"

namespace umuhanda {
namespace {

constexpr const char* kTextSizeNames[] = {"normal", "large", "larger"};
constexpr const char* kConfirmNames[] = {"none", "clear_cache", "reset"};

// "850 KB", "12.3 MB", "1.2 GB" (French: "12,3 Mo", "1,2 Go").
std::string format_size(std::uint64_t bytes, bool french) {
  if (bytes < 1000ull * 1000 * 1000) return format_bytes(bytes, bytes, french);
  std::string text = format("%.1f", static_cast<double>(bytes) / 1e9);
  if (french) std::replace(text.begin(), text.end(), '.', ',');
  return text + (french ? " Go" : " GB");
}

std::string language_name(const std::string& code) {
  if (code == "en") return "English";
  if (code == "fr") return "Français";
  if (code == "rw") return "Kinyarwanda";
  std::string upper = code;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return upper;
}

// One option of a choice: a radio mark (a ring, filled when chosen), then the label, drawn at
// `text_scale` times the current text size (the text size options show their own size).
bool choice_cell(const std::string& name, const std::string& label, bool chosen, ImVec2 size, float text_scale) {
  const Palette& p = palette();
  ImGui::PushID(name.c_str());
  const bool clicked = ImGui::InvisibleButton("choice", size);
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::IsItemHovered() ? p.surface_hovered : p.surface, 10.0f);
  draw->AddRect(min, max, chosen ? to_u32(p.accent) : p.border, 10.0f, 0, chosen ? 2.5f : 1.0f);
  const ImVec2 centre(min.x + kPadding + 9, (min.y + max.y) / 2);
  draw->AddCircle(centre, 9.0f, chosen ? to_u32(p.accent) : to_u32(p.text_muted), 24, 2.0f);
  if (chosen) draw->AddCircleFilled(centre, 5.0f, to_u32(p.accent), 24);
  const float font_size = ImGui::GetFontSize() * text_scale;
  draw->AddText(ImGui::GetFont(), font_size, ImVec2(centre.x + 9 + kGap, centre.y - font_size / 2), to_u32(p.text), label.c_str());
  tap_targets().add(name, min, max);
  return tapped(clicked);
}

struct ChoiceOption {
  std::string key;  // the target is "<prefix>.<key>"
  std::string label;
  float text_scale = 1.0f;
};

// The options of one setting side by side when every label fits its share of the width,
// otherwise one under the other as a radio list. Returns the option tapped (or Entered), or -1.
int choice_cells(const std::string& prefix, const std::vector<ChoiceOption>& options, int chosen, float width, KeyFocus& focus) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float share = (width - gap * static_cast<float>(options.size() - 1)) / static_cast<float>(options.size());
  float widest = 0;
  for (const ChoiceOption& option : options) widest = std::max(widest, ImGui::CalcTextSize(option.label.c_str()).x * option.text_scale);
  const bool side_by_side = 2 * kPadding + 18 + kGap + widest <= share;
  int tapped_index = -1;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, side_by_side ? ImGui::GetStyle().ItemSpacing.y : 6.0f));
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (i > 0 && side_by_side) ImGui::SameLine();
    const std::string name = prefix + "." + options[i].key;
    const bool go = choice_cell(name, options[i].label, static_cast<int>(i) == chosen, ImVec2(side_by_side ? share : width, kMinTapHeight),
                                options[i].text_scale);
    if (focus.item(name) || go) tapped_index = static_cast<int>(i);
  }
  ImGui::PopStyleVar();
  return tapped_index;
}

void section_heading(const std::string& text) {
  ImGui::Dummy(ImVec2(0, 4));
  ImGui::TextUnformatted(text.c_str());
}

}  // namespace

std::string SettingsScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Settings", "Réglages"); }

void SettingsScreen::on_show(AppContext& ctx) {
  m_confirm = Confirm::none;
  m_notice.clear();
  m_focus.reset();
  estimate_storage(ctx);
}

bool SettingsScreen::on_back(AppContext&) {
  if (m_confirm == Confirm::none) return false;
  open_confirm(Confirm::none);
  return true;
}

void SettingsScreen::open_confirm(Confirm confirm) {
  m_confirm = confirm;
  m_scroll_stage = confirm == Confirm::none ? 0 : 1;
  // No ring in the panel: Enter then means the panel's danger button, as the brief's "Enter confirms".
  m_focus.reset();
  if (confirm != Confirm::none) m_notice.clear();
}

// [SECTION] Actions: storage estimate, clear cached data, reset progress

void SettingsScreen::estimate_storage(AppContext& ctx) {
  if (m_estimate_pending) return;
  m_estimate_pending = true;
  ctx.device.estimate_storage([this](std::optional<StorageEstimate> estimate) {
    m_estimate_pending = false;
    m_estimate = estimate;
    m_estimate_unknown = !estimate;
  });
}

// The stored pack(s), their pictures and their "pack:<id>" meta entries, deleted in one
// transaction; progress, settings and the device id stay. Then the app starts again and, finding
// nothing stored, downloads the pack as on a first visit.
void SettingsScreen::clear_cache(AppContext& ctx) {
  if (m_clearing || !ctx.storage_open) return;
  m_clearing = true;
  auto writes = std::make_shared<std::vector<KeyValueWrite>>();
  auto failed = [this, &ctx](const StorageError& error) {
    m_clearing = false;
    m_notice = format(tr(ctx.language, "Could not clear the saved data: %s", "Impossible d’effacer les données : %s"), error.message.c_str());
    m_notice_is_problem = true;
  };
  auto add_deletes = [writes](const std::string& store, const std::vector<std::string>& keys, const char* prefix) {
    for (const std::string& key : keys) {
      if (key.rfind(prefix, 0) == 0) writes->push_back(KeyValueWrite{store, key, std::nullopt});
    }
  };
  ctx.storage.keys(stores::kPacks, [&ctx, writes, failed, add_deletes](StorageResult<std::vector<std::string>> packs) {
    if (!packs.ok()) return failed(*packs.error);
    add_deletes(stores::kPacks, packs.value, "");
    ctx.storage.keys(stores::kMedia, [&ctx, writes, failed, add_deletes](StorageResult<std::vector<std::string>> media) {
      if (!media.ok()) return failed(*media.error);
      add_deletes(stores::kMedia, media.value, "");
      ctx.storage.keys(stores::kMeta, [&ctx, writes, failed, add_deletes](StorageResult<std::vector<std::string>> meta) {
        if (!meta.ok()) return failed(*meta.error);
        add_deletes(stores::kMeta, meta.value, "pack:");
        ctx.storage.write(std::move(*writes), WriteDurability::strict, [&ctx, failed](std::optional<StorageError> error) {
          if (error) return failed(*error);
          ctx.device.reload();
        });
      });
    });
  });
}

void SettingsScreen::reset_progress(AppContext& ctx) {
  if (m_resetting) return;
  m_resetting = true;
  ctx.progress.reset([this, &ctx](std::optional<StorageError> error) {
    m_resetting = false;
    m_confirm = Confirm::none;
    m_notice_is_problem = error.has_value();
    m_notice = error
                   ? format(tr(ctx.language, "Could not clear the progress: %s", "Impossible d’effacer la progression : %s"), error->message.c_str())
                   : tr(ctx.language, "✓ Progress cleared. You start again from the beginning.", "✓ Progression effacée. Vous repartez de zéro.");
    estimate_storage(ctx);
  });
}

// [SECTION] Drawing: account, appearance, storage, progress, confirmation panels

void SettingsScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  m_focus.begin_frame();
  draw_appearance(ctx, width);
  draw_storage(ctx, width);
  draw_progress(ctx, width);
  draw_account(ctx, width);
  draw_contact(ctx, width);
  if (m_focus.end_frame()) {
    if (m_confirm == Confirm::clear_cache) clear_cache(ctx);
    else if (m_confirm == Confirm::reset) reset_progress(ctx);
  }
  // The frame shows the state it started with; a tap that changed it gets the frame that shows it.
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

void SettingsScreen::draw_contact(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  section_heading(tr(l, "Help", "Aide"));
  muted_text(tr(l, "A question, an error in a question or in the app, a payment: the school reads it.",
                "Une question, une erreur dans une question ou dans l’application, un paiement : l’école le lit."),
             width);
  const bool go =
      tap_button("settings.contact", tr(l, "Write to the school", "Écrire à l’école"), ImVec2(width, kMinTapHeight), ButtonKind::secondary);
  if (m_focus.item("settings.contact") || go) ctx.navigator.show(ScreenId::contact);
}

void SettingsScreen::draw_account(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  Account& account = *ctx.account;
  ProgressSync& sync = *ctx.sync;
  section_heading(tr(l, "Account and sync", "Compte et synchronisation"));
  if (!account.user()) {
    muted_text(tr(l, "Sign in to keep your progress on every phone or computer. Practising works without an account.",
                  "Connectez-vous pour retrouver votre progression sur chaque appareil. L’entraînement marche sans compte."),
               width);
    const bool go = tap_button("settings.account.sign_in", tr(l, "Sign in or create an account", "Se connecter ou créer un compte"),
                               ImVec2(width, kMinTapHeight), ButtonKind::secondary);
    if (m_focus.item("settings.account.sign_in") || go) ctx.navigator.show(ScreenId::account);
    return;
  }
  const std::string& name = account.user()->name;
  if (account.state() == AccountState::signed_in) wrapped_text(format(tr(l, "Signed in as %s.", "Connecté : %s."), name.c_str()), width);
  else
    wrapped_text(format(tr(l, "Signed in as %s (not confirmed: no connection).", "Connecté : %s (non confirmé : pas de connexion)."), name.c_str()),
                 width);
  if (sync.needs_decision()) {
    const float inner = width - 2 * kPadding;
    begin_card(width);
    wrapped_text(format(tr(l, "This device has %zu answers and results saved without an account. Add them to %s’s progress?",
                           "Cet appareil a %zu réponses et résultats enregistrés sans compte. Les ajouter à la progression de %s ?"),
                        sync.local_records(), name.c_str()),
                 inner);
    if (tap_button("settings.sync.join", tr(l, "Add them to my account", "Les ajouter à mon compte"), ImVec2(inner, kMinTapHeight)))
      sync.decide(true);
    if (tap_button("settings.sync.keep_local", tr(l, "Keep them on this device only", "Les garder sur cet appareil seulement"),
                   ImVec2(inner, kMinTapHeight), ButtonKind::secondary)) {
      sync.decide(false);
    }
    end_card();
    return;
  }
  const std::size_t pending = sync.pending();
  std::string status;
  if (sync.phase() == ProgressSync::Phase::pushing || sync.phase() == ProgressSync::Phase::pulling) status = tr(l, "Syncing…", "Synchronisation…");
  else if (sync.phase() == ProgressSync::Phase::failed) {
    status =
        format(tr(l, "%zu answer(s) not synced yet: %s. Trying again soon.", "%zu réponse(s) pas encore synchronisée(s) : %s. Nouvel essai bientôt."),
               pending, sync.problem() == "offline" ? tr(l, "no connection", "pas de connexion") : sync.problem().c_str());
  } else if (pending > 0) status = format(tr(l, "%zu answer(s) waiting to sync.", "%zu réponse(s) à synchroniser."), pending);
  else if (sync.last_synced_ms()) status = tr(l, "✓ Everything is synced.", "✓ Tout est synchronisé.");
  if (!status.empty()) muted_text(status, width);
  const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
  const bool now = tap_button("settings.sync.now", tr(l, "Sync now", "Synchroniser"), ImVec2(half, kMinTapHeight), ButtonKind::secondary);
  if (m_focus.item("settings.sync.now") || now) sync.sync_now();
  ImGui::SameLine();
  const bool out =
      tap_button("settings.account.sign_out", m_signing_out ? tr(l, "Signing out…", "Déconnexion…") : tr(l, "Sign out", "Se déconnecter"),
                 ImVec2(half, kMinTapHeight), ButtonKind::secondary);
  if ((m_focus.item("settings.account.sign_out") || out) && !account.busy() && !m_signing_out) {
    // What waits is sent first: the account's progress then leaves this device whole (a shared
    // phone shows the next student none of it) and comes back at the next sign-in.
    m_signing_out = true;
    sync.send_pending([this, &ctx](std::optional<std::string> unsent) {
      const std::string& lang = ctx.language;
      if (unsent) {
        m_signing_out = false;
        m_notice_is_problem = true;
        m_notice = format(tr(lang, "Not signed out: your latest answers are not synced yet (%s). Try again when you are online.",
                             "Pas déconnecté : vos dernières réponses ne sont pas encore synchronisées (%s). Réessayez une fois en ligne."),
                          *unsent == "offline" ? tr(lang, "no connection", "pas de connexion") : unsent->c_str());
        return request_redraw();
      }
      ctx.account->sign_out([this, &ctx](std::optional<AccountProblem> problem) {
        m_signing_out = false;
        m_notice_is_problem = problem.has_value();
        m_notice = problem ? problem->message
                           : tr(ctx.language, "Signed out. Your progress is kept in your account: sign in again to see it here.",
                                "Déconnecté. Votre progression est gardée dans votre compte : reconnectez-vous pour la retrouver ici.");
        request_redraw();
      });
    });
  }
  if (account.state() == AccountState::signed_in) {
    draw_classes(ctx, width);
    draw_your_data(ctx, width);
  }
}

// Rwanda's personal data law (No 058/2021): everything stored about the student, downloadable, and
// the account deletable by its owner.
void SettingsScreen::draw_your_data(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  Account& account = *ctx.account;
  section_heading(tr(l, "Your data", "Vos données"));
  const bool download =
      tap_button("settings.data.export", tr(l, "Download everything stored about me", "Télécharger tout ce qui est enregistré sur moi"),
                 ImVec2(width, kMinTapHeight), ButtonKind::secondary);
  if (m_focus.item("settings.data.export") || download) ctx.device.download("/api/v1/me/export");
  if (!m_deleting_open) {
    const bool open =
        tap_button("settings.data.delete", tr(l, "Delete my account…", "Supprimer mon compte…"), ImVec2(width, kMinTapHeight), ButtonKind::secondary);
    if (m_focus.item("settings.data.delete") || open) m_deleting_open = true;
    return;
  }
  const float inner = width - 2 * kPadding;
  begin_card(width);
  wrapped_text(tr(l,
                  "Delete your account and everything the server stores about you (your synced answers, classes, sessions)? "
                  "The progress on this device stays. This cannot be undone.",
                  "Supprimer votre compte et tout ce que le serveur garde sur vous (réponses synchronisées, classes, sessions) ? "
                  "La progression sur cet appareil reste. C’est définitif."),
               inner);
  ImGui::TextUnformatted(tr(l, "Your password, to confirm", "Votre mot de passe, pour confirmer"));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(kPadding, (kMinTapHeight - ImGui::GetFontSize()) / 2));
  ImGui::SetNextItemWidth(inner);
  ImGui::InputText("##settings.data.password", m_delete_password, sizeof m_delete_password, ImGuiInputTextFlags_Password);
  tap_targets().add_last_item("settings.data.password");
  ImGui::PopStyleVar();
  const bool confirmed = tap_button("settings.data.delete.confirm",
                                    account.busy() ? tr(l, "Deleting…", "Suppression…") : tr(l, "Delete my account", "Supprimer mon compte"),
                                    ImVec2(inner, kMinTapHeight), ButtonKind::danger);
  const bool cancelled = tap_button("settings.data.delete.cancel", tr(l, "Cancel", "Annuler"), ImVec2(inner, kMinTapHeight), ButtonKind::secondary);
  end_card(to_u32(palette().wrong));
  if (cancelled) {
    m_deleting_open = false;
    m_delete_password[0] = '\0';
  }
  if (confirmed && !account.busy() && m_delete_password[0] != '\0') {
    account.delete_account(m_delete_password, [this, &ctx](std::optional<AccountProblem> problem) {
      m_notice_is_problem = problem.has_value();
      if (problem && problem->code == "wrong_password")
        m_notice = tr(ctx.language, "That password is wrong: nothing was deleted.", "Mot de passe faux : rien n’a été supprimé.");
      else if (problem) m_notice = problem->message;
      else {
        ctx.sync->keep_on_device();
        m_notice = tr(ctx.language, "Your account is deleted. Your progress stays on this device.",
                      "Votre compte est supprimé. Votre progression reste sur cet appareil.");
      }
      if (!problem) m_deleting_open = false;
      request_redraw();
    });
    m_delete_password[0] = '\0';
  }
}

void SettingsScreen::draw_classes(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  Classes& classes = *ctx.classes;
  const bool student = ctx.account->user()->role == "student";
  section_heading(student ? tr(l, "Your classes", "Vos classes") : tr(l, "Classes you teach", "Vos classes"));
  if (student) {
    for (const ClassSummary& c : classes.list()) wrapped_text(format("%s · %s", c.name.c_str(), c.instructor.c_str()), width);
    if (classes.loaded() && classes.list().empty()) {
      muted_text(tr(l, "Join your school's class with the code your instructor gives you.",
                    "Rejoignez la classe de votre école avec le code de votre moniteur."),
                 width);
    }
  } else {
    for (const ClassSummary& c : classes.list()) {
      // French counts 0 and 1 in the singular, English only 1 (full plural rules come with the PO catalogs).
      const bool singular = c.students == 1 || (l == "fr" && c.students == 0);
      const char* students =
          singular ? tr(l, "%lld student · code %s", "%lld élève · code %s") : tr(l, "%lld students · code %s", "%lld élèves · code %s");
      const std::string subtitle = format(students, static_cast<long long>(c.students), c.joining ? c.join_code.c_str() : tr(l, "off", "fermé"));
      const std::string name = "settings.class." + std::to_string(c.id);
      if (tap_row(name, c.name, subtitle, width) || m_focus.item(name)) {
        classes.select(c.id);
        ctx.navigator.show(ScreenId::class_roster);
      }
    }
  }
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const char* action = student ? tr(l, "Join", "Rejoindre") : tr(l, "Create", "Créer");
  const float button = std::max(kMinTapSize * 2, ImGui::CalcTextSize(action).x + 2 * ImGui::GetStyle().FramePadding.x);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(kPadding, (kMinTapHeight - ImGui::GetFontSize()) / 2));
  ImGui::SetNextItemWidth(width - button - gap);
  const bool entered = ImGui::InputTextWithHint(
      "##settings.class.field",
      student ? tr(l, "Class code, e.g. 7KQ4-MX2P", "Code, p. ex. 7KQ4-MX2P") : tr(l, "New class name", "Nom de la nouvelle classe"), m_class_field,
      sizeof m_class_field, ImGuiInputTextFlags_EnterReturnsTrue);
  tap_targets().add_last_item("settings.class.field");
  ImGui::PopStyleVar();
  ImGui::SameLine();
  const bool go = tap_button(student ? "settings.class.join" : "settings.class.create", action, ImVec2(button, kMinTapHeight));
  if ((go || entered) && m_class_field[0] != '\0') {
    auto done = [this, &ctx, student](std::optional<AccountProblem> problem) {
      m_class_notice_is_problem = problem.has_value();
      if (problem && problem->code == "unknown_code") {
        m_class_notice = tr(ctx.language, "No class has this code: check it with your instructor.",
                            "Aucune classe n’a ce code : vérifiez-le avec votre moniteur.");
      } else if (problem) {
        m_class_notice = problem->message;
      } else {
        m_class_notice = student
                             ? tr(ctx.language, "✓ You joined the class.", "✓ Vous avez rejoint la classe.")
                             : tr(ctx.language, "✓ Class created: give its code to your students.", "✓ Classe créée : donnez son code à vos élèves.");
        m_class_field[0] = '\0';
      }
      request_redraw();
    };
    if (student) classes.join(m_class_field, done);
    else classes.create(m_class_field, done);
  }
  if (!m_class_notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, m_class_notice_is_problem ? palette().warning : palette().right);
    wrapped_text(m_class_notice, width);
    ImGui::PopStyleColor();
  }
}

void SettingsScreen::draw_appearance(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Settings& settings = ctx.settings;
  if (ctx.pack && ctx.pack->languages.size() > 1) {
    section_heading(tr(l, "Language", "Langue"));
    std::vector<ChoiceOption> options;
    int chosen = -1;
    for (const std::string& code : ctx.pack->languages) {
      if (code == ctx.language) chosen = static_cast<int>(options.size());
      options.push_back({code, language_name(code)});
    }
    const int picked = choice_cells("settings.language", options, chosen, width, m_focus);
    if (picked >= 0 && options[static_cast<std::size_t>(picked)].key != ctx.language) {
      Settings changed = settings;
      changed.language = options[static_cast<std::size_t>(picked)].key;
      ctx.change_settings(changed);
    }
  }
  section_heading(tr(l, "Theme", "Thème"));
  const int theme = choice_cells(
      "settings.theme",
      {{"dark", tr(l, "Dark", "Sombre")}, {"light", tr(l, "Light", "Clair")}, {"high_contrast", tr(l, "High contrast", "Contraste élevé")}},
      static_cast<int>(settings.theme), width, m_focus);
  if (theme >= 0 && static_cast<ThemeKind>(theme) != settings.theme) {
    Settings changed = settings;
    changed.theme = static_cast<ThemeKind>(theme);
    ctx.change_settings(changed);
  }
  section_heading(tr(l, "Text size", "Taille du texte"));
  // Each size is written in its own size, relative to the one in use.
  const float now = text_scale(settings.text_size);
  const int size = choice_cells("settings.text_size",
                                {{"normal", tr(l, "Normal", "Normale"), text_scale(TextSize::normal) / now},
                                 {"large", tr(l, "Large", "Grande"), text_scale(TextSize::large) / now},
                                 {"larger", tr(l, "Larger", "Très grande"), text_scale(TextSize::larger) / now}},
                                static_cast<int>(settings.text_size), width, m_focus);
  if (size >= 0 && static_cast<TextSize>(size) != settings.text_size) {
    Settings changed = settings;
    changed.text_size = static_cast<TextSize>(size);
    ctx.change_settings(changed);
  }
}

void SettingsScreen::draw_storage(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const bool fr = l == "fr";
  section_heading(tr(l, "Storage on this phone", "Stockage sur ce téléphone"));
  if (m_estimate) {
    wrapped_text(format(tr(l, "%s used of %s", "%s utilisés sur %s"), format_size(m_estimate->usage_bytes, fr).c_str(),
                        format_size(m_estimate->quota_bytes, fr).c_str()),
                 width);
  } else {
    muted_text(m_estimate_unknown ? tr(l, "This browser does not say how much space is used.", "Ce navigateur n’indique pas l’espace utilisé.")
                                  : tr(l, "Measuring…", "Mesure en cours…"),
               width);
  }
  if (!ctx.storage_open) {
    muted_text(tr(l, "This browser does not let the app save anything here.", "Ce navigateur ne permet pas à l’application d’enregistrer ici."),
               width);
    return;
  }
  const ContentSync::MediaProgress& media = ctx.content.media();
  if (ctx.pack) {
    muted_text(format(tr(l, "Questions saved: version %d, %zu questions", "Questions enregistrées : version %d, %zu questions"), ctx.pack->version,
                      ctx.pack->questions.size()),
               width);
    muted_text(format(tr(l, "Pictures saved: %zu of %zu", "Images enregistrées : %zu sur %zu"), std::min(media.held + media.storing, media.needed),
                      media.needed),
               width);
  }
  if (m_confirm != Confirm::clear_cache) {
    const bool go = tap_button("settings.clear_cache", tr(l, "Clear cached data", "Effacer les données en cache"), ImVec2(width, kMinTapHeight),
                               ButtonKind::secondary);
    if (m_focus.item("settings.clear_cache") || go) open_confirm(Confirm::clear_cache);
    return;
  }
  const PackSyncStatus& sync = ctx.content.sync();
  const bool offline = sync.state == PackSyncState::failed && sync.failure && sync.failure->offline;
  const std::string note = offline ? tr(l, "You seem to be offline: the app cannot start again until it is back online.",
                                        "Vous semblez hors ligne : l’application ne pourra redémarrer qu’une fois la connexion revenue.")
                                   : "";
  if (draw_confirm_panel(
          ctx, "settings.clear_cache",
          tr(l,
             "Delete the saved questions and pictures? Your answers and settings stay. The app then restarts and downloads them again, "
             "which needs a connection.",
             "Effacer les questions et images enregistrées ? Vos réponses et réglages sont conservés. L’application redémarre "
             "ensuite et les télécharge à nouveau, ce qui demande une connexion."),
          note, m_clearing ? tr(l, "Deleting…", "Suppression…") : tr(l, "Delete and download again", "Effacer et retélécharger"), width)) {
    clear_cache(ctx);
  }
}

void SettingsScreen::draw_progress(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const ProgressLog& log = ctx.progress.log();
  const std::size_t answers = log.answers().size(), exams = log.exam_attempts().size();
  section_heading(tr(l, "Your progress", "Votre progression"));
  const std::string answers_text = answers == 1 ? tr(l, "1 answer", "1 réponse") : format(tr(l, "%zu answers", "%zu réponses"), answers);
  const std::string exams_text =
      exams == 1 ? tr(l, "1 exam result", "1 résultat d’examen") : format(tr(l, "%zu exam results", "%zu résultats d’examen"), exams);
  if (!m_notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, m_notice_is_problem ? palette().warning : palette().right);
    wrapped_text(m_notice, width);
    ImGui::PopStyleColor();
  }
  if (answers == 0 && exams == 0) {
    muted_text(tr(l, "No answers saved yet.", "Aucune réponse enregistrée pour l’instant."), width);
    if (m_confirm == Confirm::reset) m_confirm = Confirm::none;
    return;
  }
  // "143 answers and 2 exam results", or "3 answers" alone: what a reset clears.
  const std::string what = exams == 0 ? answers_text : format(tr(l, "%s and %s", "%s et %s"), answers_text.c_str(), exams_text.c_str());
  muted_text(format(tr(l, "Saved on this phone: %s.", "Enregistré sur ce téléphone : %s."), what.c_str()), width);
  if (m_confirm != Confirm::reset) {
    const bool go =
        tap_button("settings.reset", tr(l, "Reset progress", "Réinitialiser la progression"), ImVec2(width, kMinTapHeight), ButtonKind::secondary);
    if (m_focus.item("settings.reset") || go) open_confirm(Confirm::reset);
    return;
  }
  if (draw_confirm_panel(ctx, "settings.reset", format(tr(l, "Clear %s and start again?", "Effacer %s et repartir de zéro ?"), what.c_str()),
                         tr(l, "This cannot be undone, and it applies to every device you sign in on.",
                            "C’est définitif, et cela vaut pour tous les appareils où vous vous connectez."),
                         m_resetting ? tr(l, "Clearing…", "Effacement…") : tr(l, "Clear my progress", "Effacer ma progression"), width)) {
    reset_progress(ctx);
  }
}

bool SettingsScreen::draw_confirm_panel(AppContext& ctx, const std::string& name, const std::string& question, const std::string& note,
                                        const char* confirm_label, float width) {
  const std::string& l = ctx.language;
  const float inner = width - 2 * kPadding;
  begin_card(width);
  wrapped_text(question, inner);
  if (!note.empty()) muted_text(note, inner);
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const char* cancel_label = tr(l, "Cancel", "Annuler");
  const float pad = 2 * ImGui::GetStyle().FramePadding.x;
  const float cancel_width = std::max(kMinTapSize * 2, ImGui::CalcTextSize(cancel_label).x + pad);
  const bool side_by_side = ImGui::CalcTextSize(confirm_label).x + pad + gap + cancel_width <= inner;
  const bool confirmed =
      tap_button(name + ".confirm", confirm_label, ImVec2(side_by_side ? inner - cancel_width - gap : inner, kMinTapHeight), ButtonKind::danger);
  const bool confirm_key = m_focus.item(name + ".confirm");
  if (side_by_side) ImGui::SameLine();
  const bool cancelled =
      tap_button(name + ".cancel", cancel_label, ImVec2(side_by_side ? cancel_width : inner, kMinTapHeight), ButtonKind::secondary);
  const bool cancel_key = m_focus.item(name + ".cancel");
  end_card(to_u32(palette().wrong));
  if (m_scroll_stage > 0) {
    // Just opened: scrolled up if its buttons are below the fold. ImGui applies a scroll at the
    // next frame's start, so the frame after that is the one that shows it.
    const float below = ImGui::GetItemRectMax().y + kPadding - (ImGui::GetWindowPos().y + ImGui::GetWindowHeight());
    if (m_scroll_stage == 1 && below > 0) ImGui::SetScrollY(ImGui::GetScrollY() + below);
    m_scroll_stage = m_scroll_stage == 1 && below > 0 ? 2 : 0;
    request_redraw();
  }
  if (cancelled || cancel_key) open_confirm(Confirm::none);
  return confirmed || confirm_key;
}

// [SECTION] Test hook state

nlohmann::json SettingsScreen::shown(const AppContext& ctx) const {
  nlohmann::json shown = {{"language", ctx.language},
                          {"theme", std::string(to_string(ctx.settings.theme))},
                          {"text_size", kTextSizeNames[static_cast<int>(ctx.settings.text_size)]},
                          {"confirm", kConfirmNames[static_cast<int>(m_confirm)]},
                          {"estimate", m_estimate.has_value()},
                          {"revision", ctx.progress.revision()},
                          {"notice", m_notice},
                          {"scrolling", m_scroll_stage != 0},
                          {"account", ctx.account->state_json()},
                          {"sync", {{"phase", std::string(to_string(ctx.sync->phase()))}, {"pending", ctx.sync->pending()}}},
                          {"classes", ctx.classes->revision()},
                          {"class_notice", m_class_notice},
                          {"deleting_open", m_deleting_open}};
  if (auto focused = m_focus.focused()) shown["focus"] = *focused;
  return shown;
}

nlohmann::json SettingsScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["confirm"] = kConfirmNames[static_cast<int>(m_confirm)];
  if (m_estimate) state["storage"] = {{"usage_bytes", m_estimate->usage_bytes}, {"quota_bytes", m_estimate->quota_bytes}};
  state["storage_unknown"] = m_estimate_unknown;
  state["clearing"] = m_clearing;
  state["resetting"] = m_resetting;
  state["notice"] = m_notice;
  state["answers"] = ctx.progress.log().answers().size();
  state["exam_results"] = ctx.progress.log().exam_attempts().size();
  return state;
}

}  // namespace umuhanda
