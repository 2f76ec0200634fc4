// Instructors' packs (see pack_manager.hpp).
#include "app/pack_manager.hpp"

#include <algorithm>
#include <type_traits>

#include "umuhanda/localized_text_json.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

std::string versions_url(const std::string& pack_id) { return "/api/v1/packs/" + pack_id + "/versions"; }

// The server's refusal of an upload: each of its details as a Diagnostic, so the screen lists them
// the way it lists the browser's own findings.
Diagnostics server_errors_of(const HttpResponse& response) {
  Diagnostics errors;
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (!json.is_object() || !json.contains("error") || !json["error"].is_object()) return errors;
  const auto& details = json["error"].value("details", nlohmann::json::array());
  if (!details.is_array()) return errors;
  for (const auto& detail : details) {
    if (!detail.is_object()) continue;
    errors.push_back(error(detail.value("path", std::string()), detail.value("message", std::string())));
  }
  return errors;
}

nlohmann::json diagnostics_json(const Diagnostics& diagnostics) {
  auto list = nlohmann::json::array();
  for (const auto& item : diagnostics) list.push_back({{"path", item.path}, {"message", item.message}});
  return list;
}

template <typename Change>
nlohmann::json items_json(const ItemsDiff<Change>& items) {
  auto changed = nlohmann::json::array();
  for (const auto& change : items.changed) {
    nlohmann::json entry = {{"id", change.key}, {"fields", change.fields}};
    if constexpr (std::is_same_v<Change, QuestionChange>) entry["answer_key_changed"] = change.answer_key_changed;
    changed.push_back(std::move(entry));
  }
  return {{"added", items.added}, {"removed", items.removed}, {"changed", changed}};
}

}  // namespace

nlohmann::json pack_diff_json(const PackDiff& diff) {
  const PackDiffSummary summary = diff.summary();
  return {{"empty", diff.empty()},
          {"pack_fields", diff.pack_fields},
          {"topics", items_json(diff.topics)},
          {"questions", items_json(diff.questions)},
          {"signs", items_json(diff.signs)},
          {"lessons", items_json(diff.lessons)},
          {"blueprints", items_json(diff.blueprints)},
          {"exam_sets", items_json(diff.exam_sets)},
          {"media", items_json(diff.media)},
          {"answer_keys_changed", summary.answer_keys_changed}};
}

std::optional<ServerPack> server_pack_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) return std::nullopt;
  ServerPack pack;
  pack.id = json["id"].get<std::string>();
  pack.version = json.value("version", 0);
  pack.title = localized_text_from_json(json.value("title", nlohmann::json::object()));
  if (json.contains("languages") && json["languages"].is_array()) {
    for (const auto& language : json["languages"]) {
      if (language.is_string()) pack.languages.push_back(language.get<std::string>());
    }
  }
  pack.restricted = json.value("access", std::string()) == "restricted";
  if (json.contains("counts") && json["counts"].is_object()) pack.questions = json["counts"].value("questions", 0);
  return pack;
}

std::optional<ServerPackVersion> server_pack_version_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("version") || !json["version"].is_number_integer()) return std::nullopt;
  ServerPackVersion version;
  version.version = json["version"].get<int>();
  version.sha256 = json.value("sha256", std::string());
  version.bytes = json.value("bytes", std::uint64_t{0});
  version.imported_at = json.value("imported_at", std::string());
  version.current = json.value("current", false);
  return version;
}

const ServerPack* PackManager::find_pack(const std::string& pack_id) const {
  for (const auto& pack : m_packs) {
    if (pack.id == pack_id) return &pack;
  }
  return nullptr;
}

KnownPacks PackManager::known_packs() const {
  KnownPacks known;
  for (const auto& pack : m_packs) {
    int latest = pack.version;
    // The catalog names the current version; a rollback leaves newer ones stored above it.
    if (pack.id == m_selected) {
      for (const auto& version : m_versions) latest = std::max(latest, version.version);
    }
    known[pack.id] = KnownPack{latest, pack.title};
  }
  return known;
}

void PackManager::load() {
  if (m_loading) return;
  m_loading = true;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/packs", {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    m_loading = false;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("packs") || !json["packs"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_packs.clear();
    for (const auto& item : json["packs"]) {
      if (auto pack = server_pack_from(item)) m_packs.push_back(std::move(*pack));
    }
    // The first pack is selected at first; later an empty selection is the instructor's "new pack".
    if (!m_loaded && m_selected.empty() && !m_packs.empty()) m_selected = m_packs.front().id;
    m_loaded = true;
    load_versions();
  });
}

void PackManager::select(const std::string& pack_id) {
  if (pack_id == m_selected) return;
  m_selected = pack_id;
  m_versions.clear();
  ++m_revision;
  load_versions();
}

void PackManager::load_versions() {
  if (m_selected.empty() || !find_pack(m_selected)) return;
  const std::uint64_t generation = m_generation;
  const std::string pack_id = m_selected;
  m_http.get(versions_url(pack_id), {}, [this, generation, pack_id](HttpResponse response) {
    if (generation != m_generation || pack_id != m_selected) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("versions") || !json["versions"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_versions.clear();
    for (const auto& item : json["versions"]) {
      if (auto version = server_pack_version_from(item)) m_versions.push_back(std::move(*version));
    }
    // Newest first: the version just published, and the current one near it, lead the list.
    std::sort(m_versions.begin(), m_versions.end(), [](const ServerPackVersion& a, const ServerPackVersion& b) { return a.version > b.version; });
  });
}

void PackManager::fetch_version(const std::string& pack_id, int version, std::function<void(std::shared_ptr<const Pack>, std::string)> on_done) {
  const auto key = std::make_pair(pack_id, version);
  if (const auto found = m_version_cache.find(key); found != m_version_cache.end()) {
    on_done(found->second, {});
    return;
  }
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/packs/" + pack_id + "/v/" + std::to_string(version), {},
             [this, generation, key, on_done = std::move(on_done)](HttpResponse response) {
               if (generation != m_generation) return;
               if (!response.ok()) {
                 on_done(nullptr, problem_of_answer(response).message);
                 return;
               }
               auto pack = parse_pack_json(response.body);
               if (!pack) {
                 on_done(nullptr, "version " + std::to_string(key.second) + " could not be read: " + to_string(pack.errors()));
                 return;
               }
               auto shared = std::make_shared<const Pack>(std::move(pack).value());
               m_version_cache[key] = shared;
               on_done(shared, {});
             });
}

void PackManager::check_file(const std::string& file_name, const std::string& bytes, const LanguageCode& language) {
  PackTarget target;
  target.pack_id = m_selected.empty() ? pack_id_from_file_name(file_name) : m_selected;
  target.language = language;
  m_checked = check_pack_file(file_name, bytes, target, known_packs());
  m_checked_pack = m_checked->pack ? std::make_shared<const Pack>(*m_checked->pack) : nullptr;
  m_upload = PackUpload{};
  ++m_revision;
  if (!m_checked_pack) {
    m_comparison = PackComparison{};
    return;
  }
  const ServerPack* stored = find_pack(m_checked_pack->id);
  if (m_checked_pack->id != m_selected && stored) select(m_checked_pack->id);
  compare(m_checked_pack->id, stored ? stored->version : 0, 0);
}

void PackManager::clear_file() {
  m_checked.reset();
  m_checked_pack.reset();
  m_upload = PackUpload{};
  if (m_comparison.to_version == 0) m_comparison = PackComparison{};
  ++m_revision;
}

void PackManager::compare(const std::string& pack_id, int from_version, int to_version) {
  const std::uint64_t comparison = ++m_comparisons;
  m_comparison = PackComparison{};
  m_comparison.pack_id = pack_id;
  m_comparison.from_version = from_version;
  m_comparison.to_version = to_version;
  ++m_revision;
  auto arrived = [this, comparison](bool is_from) {
    return [this, comparison, is_from](std::shared_ptr<const Pack> pack, std::string problem) {
      if (comparison != m_comparisons) return;
      if (!problem.empty()) m_comparison.problem = std::move(problem);
      (is_from ? m_comparison.from : m_comparison.to) = std::move(pack);
      finish_comparison();
    };
  };
  // A new pack compares with an empty one: everything in it is "added".
  if (from_version == 0) arrived(true)(std::make_shared<const Pack>(), {});
  else fetch_version(pack_id, from_version, arrived(true));
  if (to_version == 0) arrived(false)(m_checked_pack, m_checked_pack ? std::string() : std::string("no file is checked"));
  else fetch_version(pack_id, to_version, arrived(false));
}

void PackManager::finish_comparison() {
  ++m_revision;
  if (!m_comparison.from || !m_comparison.to || m_comparison.diff) return;
  m_comparison.diff = diff_packs(*m_comparison.from, *m_comparison.to);
}

void PackManager::upload() {
  if (!m_checked || !m_checked->ok() || m_upload.stage == PackUpload::Stage::sending) return;
  m_upload = PackUpload{};
  m_upload.stage = PackUpload::Stage::sending;
  m_upload.total = m_checked->upload_zip.size();
  ++m_revision;
  HttpRequest request = HttpRequest::to("/api/v1/packs", {{"Content-Type", "application/zip"}});
  request.method = "POST";
  request.body = m_checked->upload_zip;
  const std::uint64_t generation = m_generation;
  request.on_upload_progress = [this, generation](std::uint64_t sent, std::uint64_t total) {
    if (generation != m_generation) return;
    m_upload.sent = sent;
    m_upload.total = total;
    ++m_revision;
  };
  m_http.send(std::move(request), [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (response.status != 201 || !json.is_object() || !json.contains("version")) {
      m_upload.stage = PackUpload::Stage::failed;
      m_upload.problem = problem_of_answer(response).message;
      m_upload.server_errors = server_errors_of(response);
      return;
    }
    m_upload.stage = PackUpload::Stage::done;
    m_upload.sent = m_upload.total;
    m_upload.version = json.value("version", 0);
    const std::string pack_id = json.value("id", std::string());
    // The uploaded pack is now that version on the server: cached, so comparing it costs nothing.
    if (m_checked_pack && m_checked_pack->id == pack_id) m_version_cache[{pack_id, m_upload.version}] = m_checked_pack;
    m_selected = pack_id;
    m_loading = false;
    load();
  });
}

void PackManager::rollback(int version, Done on_done) {
  if (m_selected.empty()) return;
  const std::uint64_t generation = m_generation;
  m_http.send_json("POST", "/api/v1/packs/" + m_selected + "/rollback", nlohmann::json{{"version", version}}.dump(),
                   [this, generation, on_done = std::move(on_done)](HttpResponse response) {
                     if (generation != m_generation) return;
                     ++m_revision;
                     if (!response.ok()) {
                       on_done(problem_of_answer(response));
                       return;
                     }
                     load();
                     on_done(std::nullopt);
                   });
}

void PackManager::forget() {
  ++m_generation;
  m_packs.clear();
  m_selected.clear();
  m_versions.clear();
  m_checked.reset();
  m_checked_pack.reset();
  m_comparison = PackComparison{};
  m_upload = PackUpload{};
  m_version_cache.clear();
  m_loaded = m_loading = false;
  m_problem.clear();
  ++m_revision;
}

nlohmann::json PackManager::state_json() const {
  nlohmann::json state = {{"loaded", m_loaded}, {"selected", m_selected}, {"problem", m_problem}};
  auto packs = nlohmann::json::array();
  for (const auto& pack : m_packs) packs.push_back({{"id", pack.id}, {"version", pack.version}, {"questions", pack.questions}});
  state["packs"] = packs;
  auto versions = nlohmann::json::array();
  for (const auto& version : m_versions) versions.push_back({{"version", version.version}, {"current", version.current}});
  state["versions"] = versions;
  if (m_checked) {
    state["checked"] = {{"file", m_checked->file_name},
                        {"kind", m_checked->kind ? to_string(*m_checked->kind) : ""},
                        {"ok", m_checked->ok()},
                        {"errors", diagnostics_json(m_checked->errors)},
                        {"warnings", diagnostics_json(m_checked->warnings)},
                        {"pack", m_checked->pack ? m_checked->pack->id : ""},
                        {"version", m_checked->pack ? m_checked->pack->version : 0},
                        {"questions", m_checked->pack ? m_checked->pack->questions.size() : 0},
                        {"upload_bytes", m_checked->upload_zip.size()}};
  }
  nlohmann::json comparison = {{"pack", m_comparison.pack_id},
                               {"from", m_comparison.from_version},
                               {"to", m_comparison.to_version},
                               {"ready", m_comparison.diff.has_value()},
                               {"problem", m_comparison.problem}};
  if (m_comparison.diff) comparison["diff"] = pack_diff_json(*m_comparison.diff);
  state["comparison"] = comparison;
  static constexpr const char* kStages[] = {"idle", "sending", "done", "failed"};
  state["upload"] = {{"stage", kStages[static_cast<int>(m_upload.stage)]},
                     {"sent", m_upload.sent},
                     {"total", m_upload.total},
                     {"version", m_upload.version},
                     {"problem", m_upload.problem},
                     {"server_errors", diagnostics_json(m_upload.server_errors)}};
  return state;
}

}  // namespace umuhanda
