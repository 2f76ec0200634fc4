// ClientApp: start-up, navigation, the header and the test hook state.
// [SECTION] Start: storage, settings, the pack
// [SECTION] Navigation
// [SECTION] Drawing: frame, header, download status
// [SECTION] Test hook state
#include "app/client_app.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // SetNextWindowScroll: a new screen starts at the top in its first frame

#include <algorithm>

#include "app/keys.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"

namespace umuhanda {
namespace {
constexpr float kBodyCssPx = 18.0f;
constexpr float kLargeCssPx = 23.0f;
}  // namespace

ClientApp::ClientApp(AppWindow& window, KeyValueStore& storage, ContentSync& content, ProgressStore& progress, Pictures& pictures, Device& device,
                     const Clock& clock, std::uint64_t random_seed, const SchoolServices& school)
    : m_window(window),
      m_content(content),
      m_progress(progress),
      m_account(school.account),
      m_sync(school.sync),
      m_classes(school.classes),
      m_scheduled_exams(school.scheduled_exams),
      m_entitlements(school.entitlements),
      m_payments(school.payments),
      m_inbox(school.inbox),
      m_contact(school.contact),
      m_item_statistics(school.item_statistics),
      m_exam_admin(school.exam_admin),
      m_packs(school.packs),
      m_people(school.people),
      m_plan_editor(school.plan_editor),
      m_random(random_seed),
      m_ctx{storage, content, progress, pictures, device, clock, m_random, *this, m_fonts, m_settings, nullptr, "en", false, {}},
      m_exam(m_ctx) {
  m_ctx.change_settings = [this](const Settings& settings) { apply_settings(settings, true); };
  m_ctx.account = &m_account;
  m_ctx.sync = &m_sync;
  m_ctx.classes = &m_classes;
  m_ctx.payments = &m_payments;
  m_ctx.inbox = &m_inbox;
  m_ctx.contact = &m_contact;
  m_ctx.scheduled_exams = &m_scheduled_exams;
  m_ctx.item_statistics = &m_item_statistics;
  m_ctx.exam_admin = &m_exam_admin;
  m_ctx.packs = &m_packs;
  m_ctx.people = &m_people;
  m_ctx.plan_editor = &m_plan_editor;
  apply_theme(m_settings.theme);
  load_fonts();
}

void ClientApp::load_fonts() {
  const float scale = text_scale(m_settings.text_size);
  m_fonts = load_ui_fonts(kBodyCssPx * scale, kLargeCssPx * scale, m_window.pixel_ratio());
}

// [SECTION] Start: storage, settings, the pack

void ClientApp::start() {
  m_phase = Phase::starting;
  m_content.on_pack = [this](const Pack& pack, ContentSync::PackSource source) { on_pack(pack, source); };
  m_content.on_failure = [this](const std::string& reason) {
    if (m_pack) return;
    m_phase = Phase::failed;
    m_error = reason;
  };
  m_content.on_media = [this](const std::string& sha256, const std::string& bytes) { m_ctx.pictures.arrived(sha256, bytes); };
  // Restricted packs open to the account on this device while its signed entitlement says so.
  m_content.opens_restricted = [this](const std::string& pack_id) {
    const auto& user = m_account.user();
    return user.has_value() && m_entitlements.opens(user->id, pack_id);
  };
  m_content.on_entitlement_key = [this](const std::string& key_id, const std::string& key) { m_entitlements.set_server_key(key_id, key); };
  m_content.access_pending = [this] { return !m_entitlements.settled(); };
  m_ctx.storage.open([this](std::optional<StorageError> error) { on_storage_open(std::move(error)); });
}

void ClientApp::on_storage_open(std::optional<StorageError> error) {
  m_ctx.storage_open = !error;
  m_phase = Phase::loading;
  if (error) {
    m_settings_loaded = true;
  } else {
    m_ctx.storage.get(stores::kMeta, kSettingsKey, [this](StorageResult<std::optional<std::string>> stored) {
      m_settings_loaded = true;
      if (stored.ok() && stored.value) apply_settings(settings_from_json(*stored.value), false);
      request_redraw();
    });
  }
  m_progress.load(!error);
  m_account.start(!error);
  m_entitlements.start(!error);
  m_sync.start(!error);
  m_scheduled_exams.load(!error);
  // Back online: the account is confirmed (if it was not) and what waited is sent now.
  m_ctx.device.on_online([this] {
    if (m_account.state() == AccountState::unknown) m_account.check();
    m_sync.sync_now();
    m_scheduled_exams.network_back();
  });
  m_content.start(!error);
  m_exam.load_saved(m_ctx);
  // Ask once per start: Chromium decides silently (no prompt), and may say yes on a later visit.
  if (!error) m_ctx.storage.request_persistence([this](bool persisted) { m_storage_persisted = persisted; });
}

void ClientApp::apply_settings(const Settings& settings, bool save) {
  const Settings before = m_settings;
  m_settings = settings;
  if (settings.theme != before.theme) apply_theme(settings.theme);
  if (settings.text_size != before.text_size) m_window.rebuild_fonts([this] { load_fonts(); });
  choose_language();
  if (save && m_ctx.storage_open) {
    m_ctx.storage.put(stores::kMeta, kSettingsKey, settings_to_json(settings), WriteDurability::strict, [](std::optional<StorageError>) {});
  }
  request_redraw();
}

void ClientApp::choose_language() {
  if (!m_pack) {
    m_ctx.language = m_settings.language.empty() ? "en" : m_settings.language;
    return;
  }
  const auto& languages = m_pack->languages;
  m_ctx.language = std::find(languages.begin(), languages.end(), m_settings.language) != languages.end() ? m_settings.language : languages.front();
}

void ClientApp::on_pack(const Pack& pack, ContentSync::PackSource) {
  // A newer pack replaces the one in use only while the student is not in the middle of something:
  // they never lose their place. Otherwise it is already stored and used from the next start.
  const std::vector<Screen*> all = {&m_home, &m_practice, &m_exam, &m_signs, &m_lessons, &m_progress_screen, &m_settings_screen};
  if (m_pack && std::any_of(all.begin(), all.end(), [](const Screen* s) { return s->holds_pack(); })) {
    m_update_waiting = true;
    return;
  }
  m_pack = pack;
  m_ctx.pack = &*m_pack;
  choose_language();
  const bool first_pack = m_phase != Phase::ready;
  m_phase = Phase::ready;
  for (Screen* s : all) s->on_pack_changed(m_ctx);
  if (first_pack) open_linked_screen();
  request_redraw();
}

// A link to a screen (/#practice, /#exam, /#signs, /#lessons, /#progress, /#settings, /#scheduled_exams) opens it
// first: a bookmark or a home-screen shortcut goes straight to practice.
void ClientApp::open_linked_screen() {
  const std::string fragment = m_ctx.device.location_fragment();
  if (fragment == "practice") return start_practice(PracticeScope{});
  for (ScreenId id :
       {ScreenId::exam, ScreenId::signs, ScreenId::lessons, ScreenId::progress, ScreenId::settings, ScreenId::account, ScreenId::scheduled_exams}) {
    if (fragment == to_string(id)) return show(id);
  }
}

// [SECTION] Navigation

Screen& ClientApp::screen(ScreenId id) {
  switch (id) {
    case ScreenId::home: return m_home;
    case ScreenId::practice: return m_practice;
    case ScreenId::exam: return m_exam;
    case ScreenId::signs: return m_signs;
    case ScreenId::lessons: return m_lessons;
    case ScreenId::progress: return m_progress_screen;
    case ScreenId::settings: return m_settings_screen;
    case ScreenId::account: return m_account_screen;
    case ScreenId::class_roster: return m_class_screen;
    case ScreenId::class_student: return m_class_student_screen;
    case ScreenId::plans: return m_plans_screen;
    case ScreenId::inbox: return m_inbox_screen;
    case ScreenId::payment_queue: return m_payment_queue_screen;
    case ScreenId::contact: return m_contact_screen;
    case ScreenId::contact_messages: return m_contact_messages_screen;
    case ScreenId::scheduled_exams: return m_scheduled_exam_screen;
    case ScreenId::item_statistics: return m_item_statistics_screen;
    case ScreenId::exam_admin: return m_exam_admin_screen;
    case ScreenId::packs: return m_packs_screen;
    case ScreenId::people: return m_people_screen;
    case ScreenId::audit_log: return m_audit_log_screen;
    case ScreenId::plan_editor: return m_plan_editor_screen;
  }
  return m_home;
}

void ClientApp::show(ScreenId id) {
  // An error report says where the student was.
  if (id == ScreenId::contact && m_stack.back() != ScreenId::contact) m_contact_screen.set_origin(to_string(m_stack.back()));
  if (m_stack.back() != id) current().on_hide(m_ctx);
  if (id == ScreenId::home) m_stack.assign(1, ScreenId::home);
  else if (m_stack.back() != id) m_stack.push_back(id);
  m_scroll_to_top = true;
  current().on_show(m_ctx);
  request_redraw();
}

void ClientApp::back() {
  if (current().on_back(m_ctx)) {
    m_scroll_to_top = true;
    return;
  }
  if (m_stack.size() > 1) {
    current().on_hide(m_ctx);
    m_stack.pop_back();
  }
  m_scroll_to_top = true;
  current().on_show(m_ctx);
  request_redraw();
}

void ClientApp::start_practice(const PracticeScope& scope) {
  m_practice.begin(m_ctx, scope);
  show(ScreenId::practice);
}

void ClientApp::start_exam(std::optional<std::string> exam_set_id) {
  m_exam.begin(m_ctx, std::move(exam_set_id));
  show(ScreenId::exam);
}

void ClientApp::resume_exam() { show(ScreenId::exam); }

void ClientApp::open_sign(const std::string& sign_id) {
  m_signs.open(m_ctx, sign_id);
  show(ScreenId::signs);
}

void ClientApp::open_lesson(const std::string& lesson_slug) {
  m_lessons.open(m_ctx, lesson_slug);
  show(ScreenId::lessons);
}

void ClientApp::handle_global_keys() {
  // Text fields keep their keys (a search box's Esc clears it there first).
  if (ImGui::GetIO().WantTextInput) return;
  if (key_pressed(Key::escape) && (m_stack.size() > 1 || m_stack.back() != ScreenId::home)) back();
}

// What belongs to the account follows it: fetched when a sign-in is confirmed, forgotten at
// sign-out, the inbox worded again when the language changes.
void ClientApp::follow_account() {
  if (m_account.revision() != m_account_seen && !m_account.busy()) {
    m_account_seen = m_account.revision();
    if (m_account.state() == AccountState::signed_in) {
      m_classes.refresh();
      m_entitlements.refresh();
      m_inbox.refresh(m_ctx.language);
      m_scheduled_exams.refresh();
      m_payments.load_offer();
      if (m_account.user() && m_account.user()->role == "student") {
        m_payments.load_mine();
      } else {
        m_payments.load_queue();
        m_contact.load("new");
      }
    } else if (m_account.state() == AccountState::signed_out) {
      m_classes.forget();
      m_entitlements.forget();
      m_inbox.forget();
      m_payments.forget();
      m_contact.forget();
      m_scheduled_exams.forget();
      m_item_statistics.forget();
      m_exam_admin.forget();
      m_packs.forget();
      m_people.forget();
      m_plan_editor.forget();
    }
    m_content.access_changed();  // another account (or none) may open other packs
  }
  if (m_account.state() == AccountState::signed_in && m_inbox.loaded() && !m_inbox.loading() && m_inbox.language() != m_ctx.language) {
    m_inbox.refresh(m_ctx.language);
  }
}

void ClientApp::on_notification(const std::string& kind) {
  if (m_account.state() != AccountState::signed_in) return;
  m_inbox.refresh(m_ctx.language);
  if (kind == "contact.received") m_contact.load(m_contact.filter());
  if (kind.starts_with("exam.")) m_scheduled_exams.refresh();
  if (kind == "payment.requested") m_payments.load_queue();
  else if (kind.starts_with("payment.") || kind.starts_with("subscription.")) m_payments.load_mine();
  request_redraw();
}

// [SECTION] Drawing: frame, header, download status

void ClientApp::draw() {
  m_sync.update();  // starts a sync when one is due; never waits for it
  // Whose exam is shown and sent: the signed-in (or remembered) student's only.
  m_scheduled_exams.set_user(m_account.user() ? m_account.user()->id : 0);
  m_scheduled_exams.update();  // a waiting submission goes when due; an exam whose time is up is submitted
  follow_account();
  // The server writes emails in the language the app is read in.
  if (!m_account.busy()) m_account.tell_language(m_ctx.language);
  m_entitlements.observe_clock();
  if (m_entitlements.revision() != m_entitlements_seen && m_entitlements.settled()) {
    m_entitlements_seen = m_entitlements.revision();
    m_content.access_changed();
  }
  tap_targets().begin_frame();
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  if (m_scroll_to_top) {
    ImGui::SetNextWindowScroll(ImVec2(-1.0f, 0.0f));
    m_scroll_to_top = false;
  }
  ImGui::Begin("Umuhanda", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PushFont(m_fonts.body);
  scroll_by_drag();
  m_scroll_y = ImGui::GetScrollY();
  m_scroll_max_y = ImGui::GetScrollMaxY();
  const float width = std::min(kMaxContentWidth, io.DisplaySize.x - 2 * ImGui::GetStyle().WindowPadding.x);
  const float indent = std::max(0.0f, (io.DisplaySize.x - width) / 2 - ImGui::GetStyle().WindowPadding.x);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  ImGui::BeginGroup();
  draw_header(width);
  if (m_phase == Phase::ready) {
    handle_global_keys();
    Screen& on_display = current();
    m_drawn_screen = on_display.id();
    on_display.draw(m_ctx, width);
    if (!m_first_screen_drawn) {
      m_first_screen_drawn = true;
      m_content.note("screen_drawn");
    }
  } else if (m_phase == Phase::failed) {
    ImGui::Dummy(ImVec2(0, 24));
    heading(tr(m_ctx.language, "Could not load the questions", "Impossible de charger les questions"), m_fonts.large);
    muted_text(m_error, width);
    if (tap_button("retry", tr(m_ctx.language, "Try again", "Réessayer"), ImVec2(width, kMinTapHeight))) {
      m_phase = Phase::loading;
      m_content.retry();
    }
  } else {
    draw_loading(width);
  }
  ImGui::EndGroup();
  // ImGui clamps the scroll to the content only at the next frame's Begin: when this frame's
  // content ends above the scroll position (a panel closed, a picture gone), that frame is drawn
  // too, or the page stays scrolled past its end until the next input, and a tap lands where
  // things were.
  const float content_max = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y - ImGui::GetWindowHeight();
  if (m_scroll_y > std::max(0.0f, content_max) + 0.5f) request_redraw();
  ImGui::PopFont();
  ImGui::End();
}

// The header: back arrow (off Home), the title and the language switch, then ONE status line and
// a thin rule that doubles as the download progress bar. The status line is always there and
// never wraps (it is clipped), so nothing below moves when a download starts or ends: a tap lands
// where the student aimed.
void ClientApp::draw_header(float width) {
  const Palette& p = palette();
  const bool at_home = m_phase != Phase::ready || (m_stack.size() == 1 && m_stack.back() == ScreenId::home);
  const std::size_t language_count = m_pack && m_pack->languages.size() > 1 ? m_pack->languages.size() : 0;
  const float languages_width = language_count == 0 ? 0.0f : static_cast<float>(language_count) * (56.0f + ImGui::GetStyle().ItemSpacing.x);
  const float row_top = ImGui::GetCursorScreenPos().y, row_left = ImGui::GetCursorScreenPos().x;
  if (!at_home) {
    if (tap_button("back", "←", ImVec2(kMinTapHeight, kMinTapHeight), ButtonKind::secondary)) back();
    ImGui::SameLine();
  }
  // The title fits between the back arrow and the language switch: in the large font when it can,
  // else in the body font, else cut at a character with "…" (French titles on a 360 px phone),
  // never clipped mid-letter. Vertically centred on the row's buttons.
  std::string title = at_home ? std::string("Umuhanda") : current().title(m_ctx);
  const float title_left = ImGui::GetCursorScreenPos().x;
  const float available = (at_home ? row_left + width : row_left + width - languages_width) - title_left - ImGui::GetStyle().ItemSpacing.x;
  ImGui::PushFont(m_fonts.large);
  if (ImGui::CalcTextSize(title.c_str()).x > available) {
    ImGui::PopFont();
    ImGui::PushFont(m_fonts.body);
    const auto lines = wrap_lines(ImGui::GetFont(), ImGui::GetFontSize(), title, available, 1);
    title = lines.empty() ? std::string() : lines.front();
  }
  m_header_title = title;
  const ImVec2 title_at(title_left, row_top + (kMinTapHeight - ImGui::GetTextLineHeight()) / 2);
  ImGui::GetWindowDrawList()->AddText(title_at, to_u32(p.text), title.c_str());
  ImGui::Dummy(ImVec2(1.0f, kMinTapHeight));
  ImGui::PopFont();
  if (language_count > 0) {
    // Language switch, right-aligned: one button per language the pack is written in.
    const auto& languages = m_pack->languages;
    const float button_width = 56.0f;
    // Inside a group, SameLine() offsets count from the group's left edge.
    ImGui::SameLine(width - button_width * static_cast<float>(languages.size()) -
                    ImGui::GetStyle().ItemSpacing.x * static_cast<float>(languages.size() - 1));
    for (std::size_t i = 0; i < languages.size(); ++i) {
      if (i > 0) ImGui::SameLine();
      const bool active = languages[i] == m_ctx.language;
      std::string label = languages[i];
      std::transform(label.begin(), label.end(), label.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (tap_button("language." + languages[i], label.c_str(), ImVec2(button_width, kMinTapSize),
                     active ? ButtonKind::primary : ButtonKind::secondary)) {
        Settings changed = m_settings;
        changed.language = languages[i];
        apply_settings(changed, true);
      }
    }
  }
  std::optional<float> fraction;
  const std::string status = status_line(fraction);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::PushClipRect(at, ImVec2(at.x + width, at.y + ImGui::GetTextLineHeightWithSpacing()), true);
  ImGui::TextColored(p.text_muted, "%s", status.c_str());
  ImGui::PopClipRect();
  m_status_text = status;

  // The rule across the content column (ImGui's Separator spans the whole window), filled from the
  // left as a download progresses.
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  constexpr float kRuleHeight = 3.0f;
  draw->AddRectFilled(start, ImVec2(start.x + width, start.y + kRuleHeight), p.track, 1.5f);
  if (fraction) {
    const float filled = std::clamp(*fraction, 0.0f, 1.0f) * width;
    draw->AddRectFilled(start, ImVec2(start.x + std::max(filled, 2.0f), start.y + kRuleHeight), to_u32(p.accent), 1.5f);
  }
  ImGui::Dummy(ImVec2(width, kRuleHeight));
  draw_storage_warning(width);
}

// The status line: what is downloading, or why the pack on screen is the stored one, or else the
// pack's title. Short texts: it must fit one line on a 360 px phone.
std::string ClientApp::status_line(std::optional<float>& fraction) const {
  const std::string& lang = m_ctx.language;
  const PackSyncStatus& sync = m_content.sync();
  const ContentSync::MediaProgress& media = m_content.media();
  const bool fr = lang == "fr";
  if (sync.state == PackSyncState::downloading) {
    fraction = static_cast<float>(sync.progress().value_or(0.0));
    if (sync.bytes_total > 0) {
      return format(tr(lang, "Downloading questions: %s of %s", "Téléchargement : %s sur %s"),
                    format_bytes(sync.bytes_received, sync.bytes_total, fr).c_str(), format_bytes(sync.bytes_total, sync.bytes_total, fr).c_str());
    }
    return format(tr(lang, "Downloading questions: %s", "Téléchargement : %s"), format_bytes(sync.bytes_received, sync.bytes_received, fr).c_str());
  }
  if (media.active() && !m_content.media_stopped()) {
    // Counted as soon as the bytes are here (saving follows in batches); the bar follows the bytes.
    fraction = media.bytes_to_download > 0 ? static_cast<float>(media.bytes_downloaded) / static_cast<float>(media.bytes_to_download) : 0.0f;
    return format(tr(lang, "Pictures %zu/%zu · %s/%s", "Images %zu/%zu · %s/%s"), std::min(media.needed, media.held + media.storing), media.needed,
                  format_bytes(media.bytes_downloaded, media.bytes_to_download, fr, false).c_str(),
                  format_bytes(media.bytes_to_download, media.bytes_to_download, fr).c_str());
  }
  if (sync.state == PackSyncState::failed && sync.failure && sync.failure->offline && m_pack) {
    if (media.held >= media.needed) return tr(lang, "Offline · questions saved here", "Hors ligne · questions enregistrées");
    return format(tr(lang, "Offline · %zu/%zu pictures saved", "Hors ligne · %zu/%zu images"), media.held, media.needed);
  }
  if (sync.state == PackSyncState::failed && m_pack) return tr(lang, "Could not check for new questions", "Vérification impossible");
  // Signed in: what the progress sync is doing, while it has something to say.
  if (m_account.state() == AccountState::signed_in) {
    const std::size_t pending = m_sync.pending();
    if (m_sync.needs_decision()) return tr(lang, "Sync waits for your answer in Settings", "La synchronisation attend votre réponse (Réglages)");
    if (m_sync.phase() == ProgressSync::Phase::failed && pending > 0) {
      return format(tr(lang, "%zu answer(s) will sync when the server is reachable", "%zu réponse(s) seront synchronisées plus tard"), pending);
    }
    if (m_sync.phase() == ProgressSync::Phase::pushing || m_sync.phase() == ProgressSync::Phase::pulling) {
      return tr(lang, "Syncing your progress…", "Synchronisation de votre progression…");
    }
    if (pending > 0) return format(tr(lang, "%zu answer(s) waiting to sync", "%zu réponse(s) à synchroniser"), pending);
  }
  // A restricted pack without a plan that opens it (or whose plan ended): say what the student has.
  if (m_pack && m_content.showing_sample()) return tr(lang, "Free sample · a plan opens it all", "Extrait gratuit · tout sur abonnement");
  return m_pack ? m_pack->title.in(lang) : std::string();
}

// Storage problems are rare and matter (answers may be lost): a line of their own, wrapped.
void ClientApp::draw_storage_warning(float width) {
  const std::string& lang = m_ctx.language;
  const auto& problem = m_content.storage_problem() ? m_content.storage_problem() : m_progress.storage_problem();
  const char* warning = nullptr;
  ImVec4 colour = palette().warning;
  if (m_phase != Phase::starting && !m_ctx.storage_open) {
    warning = tr(lang, "This browser does not let the app save anything: it works only online",
                 "Ce navigateur ne permet pas d’enregistrer : l’application ne marche qu’en ligne");
  } else if (problem) {
    warning = problem->kind == StorageErrorKind::quota_exceeded
                  ? tr(lang, "This phone’s storage is full: new answers and pictures may not be saved",
                       "La mémoire de ce téléphone est pleine : réponses et images risquent de ne pas être enregistrées")
                  : tr(lang, "Saving on this phone failed: answers may be lost",
                       "L’enregistrement sur ce téléphone a échoué : des réponses peuvent être perdues");
  } else if (m_update_waiting) {
    warning = tr(lang, "New questions are saved: they appear next time you open the app",
                 "De nouvelles questions sont enregistrées : elles apparaîtront à la prochaine ouverture");
    colour = palette().text_muted;
  }
  if (!warning) return;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextColored(colour, "%s", warning);
  ImGui::PopTextWrapPos();
}

// Before the first pack: the download is all there is to see, so its bar is a big one.
void ClientApp::draw_loading(float width) {
  ImGui::Dummy(ImVec2(0, 24));
  heading(tr(m_ctx.language, "Loading questions…", "Chargement des questions…"), m_fonts.large);
  std::optional<float> fraction;
  const std::string status = status_line(fraction);
  if (!fraction) return;
  progress_bar(*fraction, width, 16.0f);
  ImGui::TextUnformatted(status.c_str());
}

// [SECTION] Test hook state

nlohmann::json ClientApp::state() const {
  static const char* kPhaseNames[] = {"starting", "loading", "ready", "failed"};
  nlohmann::json state = {{"phase", kPhaseNames[static_cast<int>(m_phase)]}, {"language", m_ctx.language}};
  if (m_phase == Phase::failed) state["error"] = m_error;
  nlohmann::json storage = {{"open", m_ctx.storage_open}};
  if (m_storage_persisted) storage["persisted"] = *m_storage_persisted;
  state["storage"] = std::move(storage);
  state["settings"] = nlohmann::json::parse(settings_to_json(m_settings));
  state["settings_loaded"] = m_settings_loaded;
  state["content"] = m_content.state();
  state["progress"] = m_progress.state();
  state["account"] = m_account.state_json();
  state["entitlement"] = m_entitlements.state_json();
  state["sync"] = m_sync.state_json();
  state["classes"] = m_classes.state_json();
  state["payments"] = m_payments.state_json();
  state["inbox"] = m_inbox.state_json();
  state["contact"] = m_contact.state_json();
  state["scheduled_exams"] = m_scheduled_exams.state_json();
  state["textures"] = m_ctx.pictures.state();
  state["update_waiting"] = m_update_waiting;
  state["status_line"] = m_status_text;
  state["header_title"] = m_header_title;
  state["scroll"] = {{"y", m_scroll_y}, {"max", m_scroll_max_y}};
  state["screen"] = to_string(m_stack.back());
  // The targets are those of the last frame drawn, which showed `drawn_screen`: a test compares it
  // with `screen` to know they are current.
  state["drawn_screen"] = to_string(m_drawn_screen);
  state["targets"] = tap_targets().to_json();
  if (m_pack) {
    state["pack"] = m_pack->id;
    state["pack_title"] = m_pack->title.in(m_ctx.language);
    state["pack_version"] = m_pack->version;
    state["question_count"] = m_pack->questions.size();
    // The screen on display adds its own keys under "screens" ("screens": {"practice": {...}}), apart
    // from the client's own ("progress" is the store's, "settings" the saved settings).
    auto& self = const_cast<ClientApp&>(*this);
    state["screens"] = {{to_string(m_stack.back()), self.current().state(m_ctx)}};
  }
  return state;
}

}  // namespace umuhanda
