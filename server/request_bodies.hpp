// The JSON bodies the server accepts, parsed into values (errors as located values, never an
// exception): one function per body, fuzzed by tests/fuzz/rollback_body_fuzz.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/class_store.hpp"  // NewStudent
#include "store/sync_store.hpp"
#include "umuhanda/account_rules.hpp"
#include "umuhanda/expected.hpp"

namespace umuhanda {

// POST /api/v1/packs/{id}/rollback: {"version": N}, N a pack version (1 to 2^31-1). Other keys are
// ignored.
Expected<int> parse_rollback_body(std::string_view body);

// POST /api/v1/sessions: {"login": phone or email, "password": "...", "device": "..."}; device
// optional (what the client calls itself, for the session list, cut to 100 bytes).
struct SignInBody {
  LoginIdentifier login;
  std::string password;
  std::string device;
};
Expected<SignInBody> parse_sign_in_body(std::string_view body);

// POST /api/v1/accounts: the sign-in fields plus "name". The password's length is checked here
// (account_rules.hpp); the common-password check is the server's.
struct SignUpBody {
  std::string name;
  SignInBody sign_in;
};
Expected<SignUpBody> parse_sign_up_body(std::string_view body);

// POST /api/v1/password-resets: {"login", "code", "password", "device"}: the code as typed, returned
// in canonical form (normalize_code); device optional, as at sign-in. The new password's rules are
// checked only once the code is known to be right (the server's, with its dictionary).
struct PasswordResetBody {
  LoginIdentifier login;
  std::string code;
  std::string password;
  std::string device;
};
Expected<PasswordResetBody> parse_password_reset_body(std::string_view body);

// POST /api/v1/me/delete: {"password": "..."}, the account's current password.
Expected<std::string> parse_account_deletion_body(std::string_view body);

// POST /api/v1/sync/push: {"device": "<device id>", "events": [record, ...]}, the records being
// lines of the progress log (progress_log.hpp), at most kMaxPushEvents. A record the server cannot
// read is rejected alone, with its index and reason, and the others are kept: one bad record must
// not stop a device's sync for ever. The body as a whole is refused when it is not such an object.
inline constexpr std::size_t kMaxPushEvents = 500;
inline constexpr std::size_t kMaxEventIdBytes = 100;
inline constexpr std::size_t kMaxDeviceIdBytes = 64;

struct RejectedEvent {
  std::size_t index = 0;
  std::string id;  // as sent, when it was a string
  std::string reason;
};

struct SyncPushBody {
  std::string device;
  std::vector<SyncEvent> events;  // each in its canonical JSON line
  std::vector<RejectedEvent> rejected;
};
Expected<SyncPushBody> parse_sync_push_body(std::string_view body);
// Its two readers. The scanner takes the push a client writes (no escapes, every event right) with
// no JSON document built, about 3 times faster (tools/bench/sync_ingest.sh), and gives nullopt for
// anything else; the document reader (nlohmann and JsonReader) reads any JSON and locates every
// problem. Where the scanner accepts, both give the same push (the sync_push fuzz target checks).
std::optional<SyncPushBody> scan_sync_push_body(std::string_view body);
Expected<SyncPushBody> read_sync_push_document(std::string_view body);

// POST /api/v1/classes and POST /api/v1/classes/{id}: {"name": "..."}, a display name
// (normalize_display_name: trimmed, 1 to 80 characters).
Expected<std::string> parse_class_name_body(std::string_view body);

// POST /api/v1/classes/{id}/students: {"students": [{"name": "...", "login": "078 123 4567"}, ...]},
// 1 to kMaxRosterStudents of them (student_roster.hpp); each name a display name, each login a
// Rwandan mobile number (normalised to E.164), no login twice. Every problem is reported, at
// "students[3].login".
Expected<std::vector<NewStudent>> parse_class_students_body(std::string_view body);

// POST /api/v1/classes/{id}/code: {"action": "rotate" | "off" | "on"}.
enum class CodeAction { rotate, off, on };
Expected<CodeAction> parse_class_code_body(std::string_view body);

// POST /api/v1/classes/join: {"code": "..."} as typed, returned in canonical form (normalize_code:
// any case, dashes and spaces, O for 0, I or L for 1).
Expected<std::string> parse_class_join_body(std::string_view body);

// POST /api/v1/payments: {"plan_id": N, "operator": "mtn" | "airtel", "payer_phone": "078...",
// "transaction_id": "..."}, each field checked by the shared rules (every mistake reported, each
// at its field), the phone and the id normalised.
struct PaymentRequestBody {
  std::int64_t plan_id = 0;
  std::string operator_name;
  std::string payer_phone;     // E.164
  std::string transaction_id;  // normalize_transaction_id
};
Expected<PaymentRequestBody> parse_payment_request_body(std::string_view body);

// POST /api/v1/payments/{id}/reject: {"reason": "..."}, what the student is told: trimmed, 1 to
// 300 characters.
Expected<std::string> parse_payment_rejection_body(std::string_view body);

}  // namespace umuhanda
