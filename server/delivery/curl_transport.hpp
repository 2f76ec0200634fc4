// The two ways a notification leaves the server, over libcurl: an email handed to an SMTP server
// and a JSON message POSTed to a webhook. Each call blocks for at most its timeout; it runs on the
// job runner's thread, never on a request's.
//
// Errors say what failed and where, in libcurl's and the server's words, never with the message's
// recipient or text (they may be logged and are kept with a failed job). A server not reached at
// all (no connection, no such host, timeout) is said as "could not reach it: ...".
#pragma once

#include <string>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// Once per process, before any other thread uses libcurl.
void init_curl();

struct SmtpSettings {
  std::string url;   // "smtp://mail.example.rw:587" (STARTTLS) or "smtps://mail.example.rw:465"
  std::string user;  // empty: no login
  std::string password;
  bool require_tls = true;  // with smtp://: STARTTLS or fail; false only for a server on this machine
  std::string ca_file;      // PEM bundle to trust instead of the system's (a school's own CA)
  long timeout_seconds = 20;
};

// Sends `message` (compose_email's text) from `sender` to `recipient` (bare addresses).
Expected<void> send_mail(const SmtpSettings& smtp, const std::string& sender, const std::string& recipient, const std::string& message);

struct WebhookSettings {
  std::string url;  // http:// or https://
  std::string ca_file;
  long timeout_seconds = 10;
};

// POSTs `body` as application/json with `headers` ("Name: value"); returns the answer's status
// (any: the caller decides what counts as delivered). A connection that fails is an error.
Expected<long> post_json(const WebhookSettings& webhook, const std::string& body, const std::vector<std::string>& headers);

}  // namespace umuhanda
