// libcurl for SMTP and webhooks (see curl_transport.hpp).
#include "delivery/curl_transport.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace umuhanda {
namespace {

struct EasyCloser {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListCloser {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Easy = std::unique_ptr<CURL, EasyCloser>;
using List = std::unique_ptr<curl_slist, ListCloser>;

// Feeds the message to libcurl's upload.
struct Upload {
  const std::string& text;
  std::size_t at = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->text.size() - upload->at);
  std::memcpy(buffer, upload->text.data() + upload->at, n);
  upload->at += n;
  return n;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

List append(List list, const std::string& item) {
  curl_slist* grown = curl_slist_append(list.get(), item.c_str());
  if (grown) {
    (void)list.release();
    return List(grown);
  }
  return list;
}

// "smtp://host:port: STARTTLS failed (...)" without the query or a password in the URL.
std::string failure(CURLcode code, const char* detail) {
  std::string text = curl_easy_strerror(code);
  if (detail && *detail) text += " (" + std::string(detail) + ")";
  return text;
}

// Whether the server was not reached at all (so the next message need not wait for it too).
bool unreachable(CURLcode code) { return code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_OPERATION_TIMEDOUT; }

std::string without_credentials(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  return url.substr(0, scheme + 3) + url.substr(at + 1);
}

}  // namespace

void init_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Expected<void> send_mail(const SmtpSettings& smtp, const std::string& sender, const std::string& recipient, const std::string& message) {
  const std::string where = "SMTP " + without_credentials(smtp.url);
  Easy curl(curl_easy_init());
  if (!curl) return Expected<void>::failure(where, "libcurl could not start a transfer");
  char error[CURL_ERROR_SIZE] = "";
  List recipients = append(List(), "<" + recipient + ">");
  Upload upload{message};
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_URL, smtp.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(smtp.require_tls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  if (!smtp.ca_file.empty()) curl_easy_setopt(curl.get(), CURLOPT_CAINFO, smtp.ca_file.c_str());
  if (!smtp.user.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_USERNAME, smtp.user.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, smtp.password.c_str());
  }
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, ("<" + sender + ">").c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl.get(), CURLOPT_INFILESIZE, static_cast<long>(message.size()));
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, smtp.timeout_seconds);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, std::min(smtp.timeout_seconds, 10L));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  const CURLcode sent = curl_easy_perform(curl.get());
  if (sent != CURLE_OK)
    return Expected<void>::failure(where, (unreachable(sent) ? "could not reach it: " : "the email was not accepted: ") + failure(sent, error));
  return {};
}

Expected<long> post_json(const WebhookSettings& webhook, const std::string& body, const std::vector<std::string>& headers) {
  const std::string where = "webhook " + without_credentials(webhook.url);
  Easy curl(curl_easy_init());
  if (!curl) return Expected<long>::failure(where, "libcurl could not start a transfer");
  char error[CURL_ERROR_SIZE] = "";
  List list = append(List(), "Content-Type: application/json");
  list = append(std::move(list), "Expect:");  // no 100-continue round trip for a small body
  for (const auto& header : headers) list = append(std::move(list), header);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_URL, webhook.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  if (!webhook.ca_file.empty()) curl_easy_setopt(curl.get(), CURLOPT_CAINFO, webhook.ca_file.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, webhook.timeout_seconds);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, std::min(webhook.timeout_seconds, 10L));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  const CURLcode posted = curl_easy_perform(curl.get());
  if (posted != CURLE_OK)
    return Expected<long>::failure(where,
                                   (unreachable(posted) ? "could not reach it: " : "the message was not delivered: ") + failure(posted, error));
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  return status;
}

}  // namespace umuhanda
