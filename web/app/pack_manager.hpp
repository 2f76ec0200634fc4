// Instructors' packs (docs/staff.md): the packs on the server and their versions; a file from the
// device checked in the browser (pack_check.hpp) and compared with the version it would replace;
// the upload with its progress; any two versions compared; a rollback. Online only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/account.hpp"
#include "app/pack_check.hpp"
#include "platform/http_client.hpp"
#include "umuhanda/pack_diff.hpp"

namespace umuhanda {

struct ServerPack {
  std::string id;
  int version = 0;  // the current one
  LocalizedText title;
  std::vector<LanguageCode> languages;
  bool restricted = false;
  int questions = 0;
};

struct ServerPackVersion {
  int version = 0;
  std::string sha256;
  std::uint64_t bytes = 0;
  std::string imported_at;  // ISO 8601, UTC
  bool current = false;
};

// Two versions side by side: `from` and `to` are set once both arrived.
struct PackComparison {
  std::string pack_id;
  int from_version = 0;  // 0: nothing on the server yet
  int to_version = 0;    // 0: the checked file, not yet uploaded
  std::shared_ptr<const Pack> from, to;
  std::optional<PackDiff> diff;
  std::string problem;
};

struct PackUpload {
  enum class Stage { idle, sending, done, failed };
  Stage stage = Stage::idle;
  std::uint64_t sent = 0, total = 0;
  int version = 0;            // the version the server stored
  std::string problem;        // why it failed
  Diagnostics server_errors;  // the server's own list, when it refused the pack
};

class PackManager {
public:
  using Done = std::function<void(std::optional<AccountProblem>)>;

  explicit PackManager(HttpClient& http) : m_http(http) {}

  void load();                              // the catalog, then the selected pack's versions
  void select(const std::string& pack_id);  // its versions (the new pack's id when none is stored)
  // Checks a picked file for the selected pack (a question file becomes its next version; a pack
  // file names its own) and compares it with the server's current version of that pack.
  void check_file(const std::string& file_name, const std::string& bytes, const LanguageCode& language);
  void clear_file();
  void upload();  // the checked file; its versions are asked again after
  // Compares two stored versions (`to_version` 0: the checked file).
  void compare(const std::string& pack_id, int from_version, int to_version);
  void rollback(int version, Done on_done);  // the selected pack
  void forget();

  const std::vector<ServerPack>& packs() const { return m_packs; }
  const ServerPack* find_pack(const std::string& pack_id) const;
  const std::string& selected() const { return m_selected; }
  const std::vector<ServerPackVersion>& versions() const { return m_versions; }
  const std::optional<CheckedPackFile>& checked() const { return m_checked; }
  const PackComparison& comparison() const { return m_comparison; }
  const PackUpload& upload_state() const { return m_upload; }
  bool loaded() const { return m_loaded; }
  bool busy() const { return m_loading; }
  const std::string& problem() const { return m_problem; }
  std::uint64_t revision() const { return m_revision; }
  nlohmann::json state_json() const;

private:
  void load_versions();
  // The stored version, from memory or the server (versions never change).
  void fetch_version(const std::string& pack_id, int version, std::function<void(std::shared_ptr<const Pack>, std::string)> on_done);
  void finish_comparison();
  KnownPacks known_packs() const;

  HttpClient& m_http;
  std::vector<ServerPack> m_packs;
  std::string m_selected;
  std::vector<ServerPackVersion> m_versions;
  std::optional<CheckedPackFile> m_checked;
  std::shared_ptr<const Pack> m_checked_pack;
  PackComparison m_comparison;
  PackUpload m_upload;
  std::map<std::pair<std::string, int>, std::shared_ptr<const Pack>> m_version_cache;
  bool m_loaded = false, m_loading = false;
  std::string m_problem;
  std::uint64_t m_revision = 0;
  std::uint64_t m_generation = 0;   // bumped by forget(): answers to older requests are dropped
  std::uint64_t m_comparisons = 0;  // bumped by each compare(): only the newest one's answers count
};

// The diff for the test hook: {"questions": {"added", "removed", "changed": [{"id", "fields",
// "answer_key_changed"}]}, "summary": {...}} and the other kinds' keys.
nlohmann::json pack_diff_json(const PackDiff& diff);

std::optional<ServerPack> server_pack_from(const nlohmann::json& json);
std::optional<ServerPackVersion> server_pack_version_from(const nlohmann::json& json);

}  // namespace umuhanda
