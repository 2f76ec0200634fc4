// Parsing the JSON request bodies (see request_bodies.hpp).
#include "request_bodies.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "umuhanda/account_rules.hpp"
#include "umuhanda/json_reader.hpp"
#include "umuhanda/json_scanner.hpp"
#include "umuhanda/progress_log.hpp"
#include "umuhanda/student_roster.hpp"
#include "umuhanda/subscription_rules.hpp"
#include "umuhanda/utf8.hpp"

namespace umuhanda {

Expected<int> parse_rollback_body(std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Expected<int>::failure("", "send a JSON body {\"version\": N} naming the version to make current");
  }
  const auto version = json.find("version");
  if (version == json.end() || !version->is_number_integer()) {
    return Expected<int>::failure("version", "is missing or not a whole number: send {\"version\": N} naming the version to make current");
  }
  // nlohmann keeps a non-negative number as unsigned and a negative one as signed: read each as it
  // is kept, so 2^32 + 1 is refused rather than wrapped to version 1.
  constexpr std::int64_t kMax = std::numeric_limits<int>::max();
  const bool in_range = version->is_number_unsigned()
                            ? version->get<std::uint64_t>() >= 1 && version->get<std::uint64_t>() <= static_cast<std::uint64_t>(kMax)
                            : version->get<std::int64_t>() >= 1 && version->get<std::int64_t>() <= kMax;
  if (!in_range) {
    return Expected<int>::failure("version", "is " + version->dump() + ", not a pack version (1 to 2147483647): send {\"version\": N}");
  }
  return static_cast<int>(version->get<std::int64_t>());
}

namespace {

constexpr std::size_t kMaxDeviceBytes = 100;

// The fields sign-in and sign-up share; every problem is added to `errors`.
SignInBody read_sign_in(JsonReader& body, Diagnostics& errors) {
  SignInBody result;
  const std::string login = body.string("login");
  if (body.value().contains("login") && body.value()["login"].is_string()) {
    if (auto parsed = parse_login_identifier(login)) {
      result.login = parsed.value();
    } else {
      errors.insert(errors.end(), parsed.errors().begin(), parsed.errors().end());
    }
  }
  result.password = body.string("password");
  result.device = body.string("device", Field::optional_or_null);
  // Cut on a UTF-8 character boundary: continuation bytes are 10xxxxxx.
  if (result.device.size() > kMaxDeviceBytes) {
    std::size_t end = kMaxDeviceBytes;
    while (end > 0 && (static_cast<unsigned char>(result.device[end]) & 0xC0) == 0x80) --end;
    result.device.resize(end);
  }
  return result;
}

}  // namespace

Expected<SignInBody> parse_sign_in_body(std::string_view text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Expected<SignInBody>::failure("", "send a JSON object {\"login\": phone or email, \"password\": \"...\"}");
  }
  Diagnostics errors;
  JsonReader body(json, "", errors);
  SignInBody result = read_sign_in(body, errors);
  if (!errors.empty()) return errors;
  return result;
}

Expected<SignUpBody> parse_sign_up_body(std::string_view text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Expected<SignUpBody>::failure("", "send a JSON object {\"name\": \"...\", \"login\": phone or email, \"password\": \"...\"}");
  }
  Diagnostics errors;
  JsonReader body(json, "", errors);
  SignUpBody result;
  const std::string name = body.string("name");
  if (json.contains("name") && json["name"].is_string()) {
    if (auto normalized = normalize_display_name(name)) {
      result.name = normalized.value();
    } else {
      errors.insert(errors.end(), normalized.errors().begin(), normalized.errors().end());
    }
  }
  result.sign_in = read_sign_in(body, errors);
  if (json.contains("password") && json["password"].is_string()) {
    if (auto checked = check_password(result.sign_in.password); !checked) {
      errors.insert(errors.end(), checked.errors().begin(), checked.errors().end());
    }
  }
  if (!errors.empty()) return errors;
  return result;
}

Expected<PasswordResetBody> parse_password_reset_body(std::string_view text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Expected<PasswordResetBody>::failure(
        "", "send a JSON object {\"login\": phone or email, \"code\": \"the reset code\", \"password\": \"...\"}");
  }
  Diagnostics errors;
  JsonReader body(json, "", errors);
  SignInBody sign_in = read_sign_in(body, errors);
  PasswordResetBody result{std::move(sign_in.login), "", std::move(sign_in.password), std::move(sign_in.device)};
  const std::string code = body.string("code");
  if (json.contains("code") && json["code"].is_string()) {
    if (auto normalized = normalize_code(CodeKind::reset, code)) {
      result.code = normalized.value();
    } else {
      errors.insert(errors.end(), normalized.errors().begin(), normalized.errors().end());
    }
  }
  if (!errors.empty()) return errors;
  return result;
}

namespace {

// Letters, digits, '.', '_', '-': what a device id is made of, safe in logs and in record ids.
bool is_device_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxDeviceIdBytes) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Printable ASCII without blanks: ids are compared byte for byte, so nothing invisible may differ.
bool is_event_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxEventIdBytes) return false;
  for (char c : id) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

}  // namespace

std::optional<SyncPushBody> scan_sync_push_body(std::string_view text) {
  JsonScanner scan(text);
  if (!scan.consume('{')) return std::nullopt;
  SyncPushBody result;
  bool have_device = false;
  bool have_events = false;
  FlatJsonObject event;  // reused: its vectors are allocated once per push
  do {
    const auto key = scan.string();
    if (!key || !scan.consume(':')) return std::nullopt;
    if (*key == "device" && !have_device) {
      const auto device = scan.string();
      if (!device || !is_device_id(*device)) return std::nullopt;
      result.device = *device;
      have_device = true;
    } else if (*key == "events" && !have_events) {
      have_events = true;
      if (!scan.consume('[')) return std::nullopt;
      if (scan.consume(']')) continue;
      do {
        if (result.events.size() == kMaxPushEvents || !scan.flat_object(event)) return std::nullopt;
        auto record = progress_record_from_flat(event);
        if (!record || !is_event_id(record_id(*record))) return std::nullopt;
        result.events.push_back(SyncEvent{record_id(*record), std::string(record_type(*record)), record_time_ms(*record), to_json_line(*record)});
      } while (scan.consume(','));
      if (!scan.consume(']')) return std::nullopt;
    } else {
      return std::nullopt;  // another field, or one twice: the document reader decides
    }
  } while (scan.consume(','));
  if (!scan.consume('}') || !scan.at_end() || !have_device || !have_events) return std::nullopt;
  return result;
}

Expected<SyncPushBody> parse_sync_push_body(std::string_view text) {
  if (auto scanned = scan_sync_push_body(text)) return std::move(*scanned);
  return read_sync_push_document(text);
}

Expected<SyncPushBody> read_sync_push_document(std::string_view text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  const std::string shape = "send a JSON object {\"device\": \"<device id>\", \"events\": [records of the progress log]}";
  if (json.is_discarded() || !json.is_object()) return Expected<SyncPushBody>::failure("", shape);
  SyncPushBody result;
  const auto device = json.find("device");
  if (device == json.end() || !device->is_string() || !is_device_id(device->get<std::string>())) {
    return Expected<SyncPushBody>::failure(
        "device", "must be the device's id: 1 to " + std::to_string(kMaxDeviceIdBytes) + " letters, digits, '.', '_' or '-'");
  }
  result.device = device->get<std::string>();
  const auto events = json.find("events");
  if (events == json.end() || !events->is_array()) return Expected<SyncPushBody>::failure("events", "must be an array: " + shape);
  if (events->size() > kMaxPushEvents) {
    return Expected<SyncPushBody>::failure(
        "events", "holds " + std::to_string(events->size()) + " events; send at most " + std::to_string(kMaxPushEvents) + " in one push");
  }
  for (std::size_t i = 0; i < events->size(); ++i) {
    const nlohmann::json& event = (*events)[i];
    const std::string where = "events[" + std::to_string(i) + "]";
    RejectedEvent rejected{i, "", ""};
    if (event.is_object() && event.contains("id") && event["id"].is_string()) rejected.id = event["id"].get<std::string>();
    if (!rejected.id.empty() && !is_event_id(rejected.id)) {
      rejected.reason = where + ".id: must be 1 to " + std::to_string(kMaxEventIdBytes) + " printable ASCII characters without blanks";
      result.rejected.push_back(std::move(rejected));
      continue;
    }
    auto record = progress_record_from_json(event, where);
    if (!record) {
      std::string reason = to_string(record.errors());
      while (!reason.empty() && reason.back() == '\n') reason.pop_back();
      rejected.reason = std::move(reason);
      result.rejected.push_back(std::move(rejected));
      continue;
    }
    result.events.push_back(
        SyncEvent{record_id(record.value()), std::string(record_type(record.value())), record_time_ms(record.value()), to_json_line(record.value())});
  }
  return result;
}

namespace {

// The string at `key` of a JSON object body, or the located reason it is not there.
Expected<std::string> string_field(std::string_view text, const char* key, const std::string& shape) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return Expected<std::string>::failure("", shape);
  const auto value = json.find(key);
  if (value == json.end() || !value->is_string()) return Expected<std::string>::failure(key, "is missing or not a string: " + shape);
  return value->get<std::string>();
}

}  // namespace

Expected<std::string> parse_account_deletion_body(std::string_view text) {
  return string_field(text, "password", "send a JSON object {\"password\": \"your password\"} to confirm");
}

Expected<std::string> parse_class_name_body(std::string_view text) {
  auto name = string_field(text, "name", "send a JSON object {\"name\": \"the class's name\"}");
  if (!name) return name.errors();
  return normalize_display_name(name.value());
}

Expected<std::vector<NewStudent>> parse_class_students_body(std::string_view text) {
  const std::string shape = "send a JSON object {\"students\": [{\"name\": \"Aline Uwase\", \"login\": \"078 123 4567\"}, ...]}";
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return Expected<std::vector<NewStudent>>::failure("", shape);
  const auto list = json.find("students");
  if (list == json.end() || !list->is_array() || list->empty()) {
    return Expected<std::vector<NewStudent>>::failure("students", "is missing, empty or not a list: " + shape);
  }
  if (list->size() > kMaxRosterStudents) {
    return Expected<std::vector<NewStudent>>::failure(
        "students", "has " + std::to_string(list->size()) + " students: send at most " + std::to_string(kMaxRosterStudents) + " at a time");
  }
  Diagnostics errors;
  std::vector<NewStudent> students;
  std::map<std::string, std::size_t> index_of_login;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& item = (*list)[i];
    const std::string at = "students[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      errors.push_back(error(at, "is not an object {\"name\": ..., \"login\": ...}"));
      continue;
    }
    NewStudent student;
    const auto name = item.find("name");
    if (name == item.end() || !name->is_string()) {
      errors.push_back(error(at + ".name", "is missing or not text"));
    } else if (auto normalized = normalize_display_name(name->get<std::string>()); !normalized) {
      errors.push_back(error(at + ".name", normalized.errors().front().message));
    } else {
      student.name = normalized.value();
    }
    const auto login = item.find("login");
    if (login == item.end() || !login->is_string()) {
      errors.push_back(error(at + ".login", "is missing or not text: the student's mobile number"));
    } else if (auto phone = normalize_phone(login->get<std::string>()); !phone) {
      errors.push_back(error(at + ".login", phone.errors().front().message));
    } else if (auto [seen, added] = index_of_login.emplace(phone.value(), i); !added) {
      errors.push_back(error(at + ".login", "is students[" + std::to_string(seen->second) + "]'s too: each student needs their own number"));
    } else {
      student.phone = phone.value();
    }
    students.push_back(std::move(student));
  }
  if (!errors.empty()) return errors;
  return students;
}

Expected<CodeAction> parse_class_code_body(std::string_view text) {
  const std::string shape = "send a JSON object {\"action\": \"rotate\", \"off\" or \"on\"}";
  auto action = string_field(text, "action", shape);
  if (!action) return action.errors();
  if (action.value() == "rotate") return CodeAction::rotate;
  if (action.value() == "off") return CodeAction::off;
  if (action.value() == "on") return CodeAction::on;
  return Expected<CodeAction>::failure("action", "is \"" + action.value().substr(0, 40) + "\": " + shape);
}

Expected<std::string> parse_class_join_body(std::string_view text) {
  auto code = string_field(text, "code", "send a JSON object {\"code\": \"the class's join code\"}");
  if (!code) return code.errors();
  return normalize_code(CodeKind::join, code.value());
}

Expected<PaymentRequestBody> parse_payment_request_body(std::string_view text) {
  const std::string shape =
      "send a JSON object {\"plan_id\": 3, \"operator\": \"mtn\" or \"airtel\", \"payer_phone\": \"078 123 4567\", \"transaction_id\": \"from the "
      "SMS\"}";
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return Expected<PaymentRequestBody>::failure("", shape);
  Diagnostics errors;
  PaymentRequestBody body;
  if (auto plan = json.find("plan_id"); plan != json.end() && plan->is_number_integer() && plan->get<std::int64_t>() > 0) {
    body.plan_id = plan->get<std::int64_t>();
  } else {
    errors.push_back(error("plan_id", "is missing or not a plan's id (a whole number): " + shape));
  }
  auto text_of = [&](const char* key) -> std::optional<std::string> {
    auto value = json.find(key);
    if (value != json.end() && value->is_string()) return value->get<std::string>();
    errors.push_back(error(key, "is missing or not a string: " + shape));
    return std::nullopt;
  };
  if (auto name = text_of("operator")) {
    if (is_known_operator(*name)) body.operator_name = *name;
    else errors.push_back(error("operator", "is \"" + name->substr(0, 20) + "\": the school takes \"mtn\" (MTN MoMo) or \"airtel\" (Airtel Money)"));
  }
  if (auto phone = text_of("payer_phone")) {
    auto normalized = normalize_phone(*phone);
    if (normalized) body.payer_phone = normalized.value();
    else
      for (Diagnostic problem : normalized.errors()) errors.push_back(error("payer_phone", problem.message));
  }
  if (auto id = text_of("transaction_id")) {
    auto normalized = normalize_transaction_id(*id);
    if (normalized) body.transaction_id = normalized.value();
    else errors.insert(errors.end(), normalized.errors().begin(), normalized.errors().end());
  }
  if (!errors.empty()) return errors;
  return body;
}

Expected<std::string> parse_payment_rejection_body(std::string_view text) {
  auto reason = string_field(text, "reason", "send a JSON object {\"reason\": \"what the student is told\"}");
  if (!reason) return reason.errors();
  std::string_view trimmed = reason.value();
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\n')) trimmed.remove_prefix(1);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n')) trimmed.remove_suffix(1);
  const std::size_t characters = count_code_points(trimmed);
  if (characters == 0 || characters > 300) {
    return Expected<std::string>::failure("reason", "tell the student why in 1 to 300 characters; this has " + std::to_string(characters));
  }
  return std::string(trimmed);
}

}  // namespace umuhanda
