// How a notification reads in an email, a webhook's message and (later) the app's inbox: one
// subject and body per kind and language, filled from the facts the sender looked up. Pure.
//
// Templates exist in English, French and Kinyarwanda. A template marked `fuzzy` waits for a
// fluent reviewer (as gettext's fuzzy entries do, it is never used): the English one is sent in
// its place, so no one receives a guessed sentence about their money or their exam. Clearing the
// mark after review is the whole of publishing a translation (docs/notifications.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// What a template may name, as `{field}`. The sender fills those its kind uses; times are already
// written in the school's zone ("2026-12-10 14:20").
struct NotificationFacts {
  std::string name;           // {name}: the recipient's
  std::string plan;           // {plan}: the plan's name in the recipient's language
  std::string starts_at;      // {starts_at}
  std::string ends_at;        // {ends_at}
  std::string amount;         // {amount}: "5,000 RWF"
  std::string operator_name;  // {operator}: "MTN MoMo"
  std::string reason;         // {reason}: a rejection's, as the staff member wrote it
  std::string school;         // {school}: the school's name, the sender of every message
  std::string sender;         // {sender}: who wrote a contact message
  std::string exam;           // {exam}: a scheduled exam's name
  std::string score;          // {score}, {total}, {pass_mark}: an exam's result, as numbers
  std::string total;
  std::string pass_mark;
  std::string pack;     // {pack}: a pack's title in the recipient's language
  std::string version;  // {version}: a pack's version number
};

struct NotificationWording {
  std::string language;  // the one used: the asked one, or "en" when its template is fuzzy or missing
  std::string subject;   // one line
  std::string body;      // plain text, lines separated by '\n'
};

struct NotificationTemplate {
  std::string_view kind;
  std::string_view language;
  bool fuzzy;  // a draft waiting for review: not used
  std::string_view subject;
  std::string_view body;
};

// Every template, for the tests and the docs' table.
const std::vector<NotificationTemplate>& notification_templates();

// The kinds a notification may have that have a template ("payment.approved", ...).
bool has_notification_wording(std::string_view kind);

// The language `kind` is worded in for a reader of `language`: theirs, or "en" when that template
// is fuzzy or missing (the facts, a plan's name, are then looked up in it too).
std::string_view wording_language(std::string_view kind, std::string_view language);

// The wording of `kind` for a reader of `language` ("en", "fr" or "rw"). An unknown kind is an
// error naming it; an unknown language or a fuzzy template gives English.
Expected<NotificationWording> word_notification(std::string_view kind, std::string_view language, const NotificationFacts& facts);

// What an inbox shows under the subject: a body without its greeting and the school's name (the
// first and last paragraphs of every template).
std::string notification_summary(std::string_view body);

// "5000" -> "5,000 RWF" (en, rw) or "5 000 RWF" (fr, with a narrow no-break space), with a
// no-break space before "RWF".
std::string format_rwf(std::int64_t amount, std::string_view language);

}  // namespace umuhanda
