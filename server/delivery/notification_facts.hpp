// The facts a notification's wording names ({plan}, {ends_at}, {amount}, ...), read from what was
// stored with it: its data, the names of the plan it names, the recipient's name. Shared by the
// email and webhook sender and the inbox route, so a notification reads the same everywhere.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "jobs/time_zone.hpp"
#include "umuhanda/notification_text.hpp"

namespace umuhanda {

// "2026-12-10 14:20" in the school's zone.
std::string local_time(const TimeZone& zone, std::int64_t unix_seconds);

// "MTN MoMo" for "mtn", "Airtel Money" for "airtel", any other code as it is.
std::string operator_name(const std::string& code);

// `plan_names` is the plan's {"en": ..., "fr": ...} as stored (JSON text), or "" when the data
// names no plan; the plan's name is taken in `language`, else English, else its slug.
NotificationFacts notification_facts(const nlohmann::json& data, const std::string& plan_names, const std::string& recipient,
                                     std::string_view language, const TimeZone& zone, const std::string& school);

}  // namespace umuhanda
