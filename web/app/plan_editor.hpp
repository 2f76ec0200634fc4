// The admins' plans editor (docs/payments.md, "Editing plans in the app"): every plan of the
// school, offered or not, and one of them (or a new one) in a form whose fields are kept as typed,
// sent to POST /api/v1/admin/plans, with each mistake the server (or this class, for a number it
// cannot read) finds kept next to its field. Online only, nothing stored on the device.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/payments.hpp"  // PlanOffer
#include "platform/http_client.hpp"

namespace umuhanda {

enum class DurationUnit { hours, days };

// A plan as the form holds it: text as typed, a duration as a number and a unit.
struct PlanDraft {
  std::int64_t id = 0;  // 0: a new plan (its slug may still be changed)
  std::string slug;
  std::map<std::string, std::string> names;  // "en", "fr", "rw"; an empty one is not sent
  std::string duration;                      // a whole number of `unit`
  DurationUnit unit = DurationUnit::days;
  std::string price;  // whole Rwandan francs: "5000", "5,000" and "5 000" all read 5000
  bool active = true;
  bool every_pack = true;          // false: only `packs`
  std::vector<std::string> packs;  // pack ids, when !every_pack
  // A duration that is not whole hours (a file may set any number of seconds) is shown rounded and
  // kept as it was unless the admin changes the number or the unit.
  std::int64_t kept_seconds = 0;
  std::string kept_duration;
  DurationUnit kept_unit = DurationUnit::days;
};

// A pack of the catalog a plan may open.
struct PlanPackChoice {
  std::string id;
  std::string title;  // English, else the id
  bool restricted = false;
};

class PlanEditor {
public:
  explicit PlanEditor(HttpClient& http) : m_http(http) {}

  void load();  // every plan, and the catalog's packs
  void edit(const std::string& slug);
  void create();
  void close();  // leaves the form unsaved
  // Sends the draft; field problems land in errors() (by field: "slug", "names.en",
  // "duration_seconds", "price_rwf", "packs", "active"; "" for the others). Once saved, the list is
  // asked again and the form closes.
  void save();
  void forget();

  const std::vector<PlanOffer>& plans() const { return m_plans; }
  const std::vector<PlanPackChoice>& packs() const { return m_packs; }
  bool loaded() const { return m_loaded; }
  // The form, while one is open.
  PlanDraft* draft() { return m_draft ? &*m_draft : nullptr; }
  const PlanDraft* draft() const { return m_draft ? &*m_draft : nullptr; }
  const std::map<std::string, std::string>& errors() const { return m_errors; }
  std::string error_of(std::string_view field) const;
  bool busy() const { return m_busy; }
  const std::string& problem() const { return m_problem; }   // the last request's, "" when it worked
  const std::string& saved_slug() const { return m_saved; }  // the last plan saved, until another form opens
  std::uint64_t revision() const { return m_revision; }
  nlohmann::json state_json() const;

private:
  HttpClient& m_http;
  std::vector<PlanOffer> m_plans;
  std::vector<PlanPackChoice> m_packs;
  bool m_loaded = false, m_busy = false;
  std::optional<PlanDraft> m_draft;
  std::map<std::string, std::string> m_errors;
  std::string m_problem, m_saved;
  std::uint64_t m_revision = 0;
  std::uint64_t m_generation = 0;
};

// [SECTION] Pure parts, tested on their own.

// The draft of a stored plan: its duration in days when whole days, else in hours.
PlanDraft draft_of(const PlanOffer& plan);
// "5000", "5,000", "5 000" -> 5000; nullopt for anything else (a sign, a decimal point, letters,
// or more than 15 digits).
std::optional<std::int64_t> parse_whole_number(std::string_view text);
// The JSON body POST /api/v1/admin/plans takes, or the fields this side can already tell are wrong
// (a duration or a price that is not a whole number), by field as PlanEditor::errors() keys them.
struct PlanBody {
  nlohmann::json json;
  std::map<std::string, std::string> errors;
};
PlanBody plan_body(const PlanDraft& draft);
// The field a server detail's path belongs to: "packs[2]" -> "packs", "names.en" -> "names.en".
std::string plan_field_of(std::string_view path);

}  // namespace umuhanda
