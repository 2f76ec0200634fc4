// Facts for a notification's wording (see notification_facts.hpp).
#include "delivery/notification_facts.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace umuhanda {
namespace {

// A name given in several languages ({"en": ..., "fr": ...}): the reader's, else English, else
// `otherwise` (a slug or id).
std::string in_language(const nlohmann::json& names, std::string_view language, std::string otherwise) {
  if (!names.is_object()) return otherwise;
  for (const std::string& key : {std::string(language), std::string("en")}) {
    if (names.contains(key) && names[key].is_string()) return names[key].get<std::string>();
  }
  return otherwise;
}

}  // namespace

std::string local_time(const TimeZone& zone, std::int64_t unix_seconds) {
  using namespace std::chrono;
  const auto minute = zone.local_minute(SysSeconds(seconds(unix_seconds)));
  const auto day = floor<days>(minute);
  const year_month_day date{day};
  const hh_mm_ss time{minute - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
  return text;
}

std::string operator_name(const std::string& code) {
  if (code == "mtn") return "MTN MoMo";
  if (code == "airtel") return "Airtel Money";
  return code;
}

NotificationFacts notification_facts(const nlohmann::json& data, const std::string& plan_names, const std::string& recipient,
                                     std::string_view language, const TimeZone& zone, const std::string& school) {
  auto text = [&data](const char* key) { return data.contains(key) && data[key].is_string() ? data[key].get<std::string>() : std::string(); };
  auto time = [&](const char* key) {
    return data.contains(key) && data[key].is_number_integer() ? local_time(zone, data[key].get<std::int64_t>()) : std::string();
  };
  auto number = [&data](const char* key) {
    return data.contains(key) && data[key].is_number_integer() ? std::to_string(data[key].get<std::int64_t>()) : std::string();
  };
  NotificationFacts facts;
  facts.name = recipient;
  facts.plan = in_language(nlohmann::json::parse(plan_names, nullptr, false), language, text("plan"));
  facts.starts_at = time("starts_at");
  facts.ends_at = time("ends_at");
  if (data.contains("amount_rwf") && data["amount_rwf"].is_number_integer())
    facts.amount = format_rwf(data["amount_rwf"].get<std::int64_t>(), language);
  facts.operator_name = operator_name(text("operator"));
  facts.reason = text("reason");
  facts.school = school;
  facts.sender = text("sender");
  facts.exam = text("exam_name");
  facts.pack = in_language(data.contains("titles") ? data["titles"] : nlohmann::json(), language, text("pack"));
  facts.version = number("version");
  facts.score = number("score");
  facts.total = number("total");
  facts.pass_mark = number("pass_mark");
  return facts;
}

}  // namespace umuhanda
