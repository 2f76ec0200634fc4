// Writing answers (see responses.hpp).
#include "responses.hpp"

#include <ctime>

#include "http_caching.hpp"
#include "session_cookies.hpp"

namespace umuhanda {
namespace {
thread_local int t_plain_bodies = 0;
}  // namespace

PlainBodies::PlainBodies() { ++t_plain_bodies; }
PlainBodies::~PlainBodies() { --t_plain_bodies; }

nlohmann::json details_json(const Diagnostics& diagnostics) {
  nlohmann::json details = nlohmann::json::array();
  for (const auto& d : diagnostics) {
    details.push_back({{"path", d.path}, {"message", d.message}, {"severity", d.severity == Severity::error ? "error" : "warning"}});
  }
  return details;
}

// cpp-httplib compresses a body given to set_content on its own: brotli even for "br;q=0", and
// without Vary. A content provider with a known length is sent as it is.
// `then_close`: cpp-httplib keeps a connection open whatever the response says, and closes it only
// when writing fails, so the provider reports a failure once every byte is written.
void set_json_body(httplib::Response& res, const nlohmann::json& body, bool then_close) {
  auto bytes = std::make_shared<const std::string>(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (then_close) res.set_header("Connection", "close");
  if (t_plain_bodies > 0) {
    res.set_content(*bytes, "application/json");
    // cpp-httplib adds Content-Length only on its path for routed answers.
    res.set_header("Content-Length", std::to_string(bytes->size()));
    return;
  }
  res.set_content_provider(bytes->size(), "application/json", [bytes, then_close](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    return sink.write(bytes->data() + offset, length) && !then_close;
  });
}

nlohmann::json error_json(std::string_view code, std::string_view message, const Diagnostics& details) {
  return {{"error", {{"code", code}, {"message", message}, {"details", details_json(details)}}}};
}

std::string error_body(std::string_view code, std::string_view message) {
  return error_json(code, message).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message, const Diagnostics& details, bool then_close) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  set_json_body(res, error_json(code, message, details), then_close);
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body, const char* cache_control) {
  res.status = status;
  res.set_header("Cache-Control", cache_control);
  set_json_body(res, body);
}

void add_html_security_headers(httplib::Response& res) {
  // wasm-unsafe-eval: Chromium needs it to compile WebAssembly under a CSP without 'unsafe-eval'.
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
                 "frame-ancestors 'none'");
  res.set_header("Referrer-Policy", "no-referrer");
}

// Whether the request's validators say the client already holds `etag` (RFC 9110 §13.2.2:
// If-None-Match, when present, decides alone; If-Modified-Since only counts without it).
bool not_modified(const httplib::Request& req, const std::string& etag, const std::string& last_modified) {
  if (req.method != "GET" && req.method != "HEAD") return false;
  if (req.has_header("If-None-Match")) return if_none_match_matches(req.get_header_value("If-None-Match"), etag);
  if (req.has_header("If-Modified-Since") && !last_modified.empty()) {
    auto since = parse_http_date(req.get_header_value("If-Modified-Since"));
    auto modified = parse_http_date(last_modified);
    return since && modified && *modified <= *since;
  }
  return false;
}

// Sends `resource` in the encoding the client prefers, or 304 when it already holds it. The bytes
// are shared with the cache through a content provider, never copied or compressed here.
void send_resource(const httplib::Request& req, httplib::Response& res, const ResourcePtr& resource, const char* cache_control) {
  const ContentEncoding encoding =
      resource->compressible() ? choose_encoding(req.get_header_value("Accept-Encoding"), resource->gzip.has_value(), resource->br.has_value())
                               : ContentEncoding::identity;
  const Representation& representation = resource->in(encoding);
  res.set_header("ETag", representation.etag);
  res.set_header("Cache-Control", cache_control ? cache_control : resource->cache_control.c_str());
  if (resource->compressible()) res.set_header("Vary", "Accept-Encoding");
  if (!resource->last_modified.empty()) res.set_header("Last-Modified", resource->last_modified);
  if (resource->content_type.rfind("text/html", 0) == 0) add_html_security_headers(res);
  if (not_modified(req, representation.etag, resource->last_modified)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  if (encoding != ContentEncoding::identity) res.set_header("Content-Encoding", std::string(to_string(encoding)));
  const std::string* bytes = &representation.bytes;
  res.set_content_provider(bytes->size(), resource->content_type, [resource, bytes](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    constexpr std::size_t kChunk = 256 * 1024;
    return sink.write(bytes->data() + offset, std::min(length, kChunk));
  });
}

const std::string& current_http_date() {
  thread_local std::time_t formatted_at = -1;
  thread_local std::string formatted;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    formatted = http_date(now);
    formatted_at = now;
  }
  return formatted;
}

// Reads the whole body (its length was checked against the limit before), or false when the
// client stopped sending: then nothing is answered but the close.
bool read_whole_body(const httplib::Request& req, const httplib::ContentReader& read_body, std::string& body) {
  body.reserve(req.get_header_value<std::uint64_t>("Content-Length"));
  return read_body([&body](const char* data, std::size_t length) {
    body.append(data, length);
    return true;
  });
}

// The body stopped, or fell below the minimum rate (or the client went away, and reads nothing).
void send_body_too_slow(httplib::Response& res) {
  send_error(res, 408, "body_too_slow", "the request body stopped, or arrived slower than this server accepts (docs/api.md: Connections and threads)",
             {}, true);
}

void send_internal_error(const std::function<void(const std::string&)>& log, const httplib::Request& req, httplib::Response& res,
                         const Diagnostics& errors) {
  // Details (SQL, file paths) go to the log only; the client learns that it was not its fault.
  std::string details = to_string(errors);
  while (!details.empty() && details.back() == '\n') details.pop_back();
  for (char& c : details) {
    if (c == '\n') c = ';';  // one log line per event
  }
  log("error: " + req.method + " " + req.path + ": " + details);
  send_error(res, 500, "internal", "the server failed to answer this request");
}

bool refuse_cross_origin(const httplib::Request& req, httplib::Response& res) {
  if (same_origin(req.get_header_value("Origin"), req.get_header_value("Host"))) return false;
  send_error(res, 403, "cross_origin", "this request must come from a page of this server (its Origin header does not match)");
  return true;
}

}  // namespace umuhanda

namespace umuhanda {

std::string whole_response(const httplib::Response& res) {
  // The phrases of the statuses a refused stream gets (RFC 9110 §15); clients read the code.
  const char* phrase = res.status == 401   ? "Unauthorized"
                       : res.status == 403 ? "Forbidden"
                       : res.status == 404 ? "Not Found"
                       : res.status == 429 ? "Too Many Requests"
                       : res.status == 500 ? "Internal Server Error"
                                           : "Error";
  std::string text = "HTTP/1.1 " + std::to_string(res.status) + " " + phrase + "\r\n";
  for (const auto& [name, value] : res.headers) text += name + ": " + value + "\r\n";
  text += "X-Content-Type-Options: nosniff\r\nDate: " + current_http_date() +
          "\r\nConnection: close\r\nContent-Length: " + std::to_string(res.body.size()) + "\r\n\r\n";
  return text + res.body;
}

}  // namespace umuhanda
