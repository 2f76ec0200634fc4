// The scripted HttpClient: picks a reply for each request, then turns it into the progress events
// and the HttpResponse the browser's emscripten_fetch client would produce for the same exchange.
#include "platform/memory/memory_http_client.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <utility>

#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

// The raw block XMLHttpRequest.getAllResponseHeaders() gives, so headers are read by the same code.
std::string raw_headers(const HttpHeaders& headers) {
  std::string raw;
  for (const auto& [name, value] : headers) raw += name + ": " + value + "\r\n";
  return raw;
}

// If-None-Match holds one ETag, a comma-separated list of them, or "*".
bool names_etag(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const std::size_t comma = if_none_match.find(',');
    std::string_view candidate = if_none_match.substr(0, comma);
    if_none_match = comma == std::string_view::npos ? std::string_view() : if_none_match.substr(comma + 1);
    while (!candidate.empty() && candidate.front() == ' ') candidate.remove_prefix(1);
    while (!candidate.empty() && candidate.back() == ' ') candidate.remove_suffix(1);
    if (candidate == "*" || candidate == etag) return true;
  }
  return false;
}

}  // namespace

// [SECTION] Replies

MemoryHttpReply MemoryHttpReply::ok(std::string body, std::string etag) {
  MemoryHttpReply reply;
  reply.headers.emplace_back("Content-Length", std::to_string(body.size()));
  if (!etag.empty()) reply.headers.emplace_back("ETag", std::move(etag));
  reply.body = std::move(body);
  return reply;
}

MemoryHttpReply MemoryHttpReply::not_modified(std::string etag) {
  MemoryHttpReply reply;
  reply.status = 304;
  reply.headers.emplace_back("ETag", std::move(etag));
  return reply;
}

MemoryHttpReply MemoryHttpReply::error(int status, std::string body) {
  MemoryHttpReply reply;
  reply.status = status;
  reply.headers.emplace_back("Content-Length", std::to_string(body.size()));
  reply.body = std::move(body);
  return reply;
}

MemoryHttpReply MemoryHttpReply::offline() {
  MemoryHttpReply reply;
  reply.status = 0;
  reply.no_connection = true;
  return reply;
}

std::optional<std::string> MemoryHttpClient::RecordedRequest::header(std::string_view name) const {
  return find_response_header(raw_headers(headers), name);
}

// [SECTION] The seam

void MemoryHttpClient::send(HttpRequest request, std::function<void(HttpResponse)> on_done) {
  m_requests.push_back(RecordedRequest{request.url, request.headers, request.method, request.body, false});
  m_queue.push_back(Pending{m_requests.size() - 1, std::move(request), std::move(on_done)});
}

void MemoryHttpClient::serve(const std::string& url, std::string body, std::string etag) {
  m_resources[url] = Resource{std::move(body), std::move(etag)};
}

void MemoryHttpClient::reply(const std::string& url, MemoryHttpReply reply) { m_replies[url] = std::move(reply); }

MemoryHttpReply MemoryHttpClient::reply_for(const HttpRequest& request) const {
  if (m_offline) return MemoryHttpReply::offline();
  if (m_handler) {
    if (auto reply = m_handler(request)) return *reply;
  }
  if (auto fixed = m_replies.find(request.url); fixed != m_replies.end()) return fixed->second;
  auto resource = m_resources.find(request.url);
  if (resource == m_resources.end()) return MemoryHttpReply::error(404, "not found");
  const auto if_none_match = find_response_header(raw_headers(request.headers), "If-None-Match");
  if (if_none_match && !resource->second.etag.empty() && names_etag(*if_none_match, resource->second.etag)) {
    return MemoryHttpReply::not_modified(resource->second.etag);
  }
  return MemoryHttpReply::ok(resource->second.body, resource->second.etag);
}

// [SECTION] Driving it

std::size_t MemoryHttpClient::run_pending() {
  std::size_t ran = 0;
  while (run_next()) ++ran;
  return ran;
}

bool MemoryHttpClient::run_next() {
  if (m_queue.empty()) return false;
  Pending pending = std::move(m_queue.front());
  m_queue.pop_front();
  m_requests[pending.index].answered = true;
  // XHR's upload.onprogress: the body goes out in two halves before any answer.
  if (pending.request.on_upload_progress && !pending.request.body.empty()) {
    const std::uint64_t total = pending.request.body.size();
    pending.request.on_upload_progress(total / 2, total);
    pending.request.on_upload_progress(total, total);
  }
  const MemoryHttpReply reply = reply_for(pending.request);

  HttpResponse response;
  if (reply.no_connection) {
    response.error = "no connection to the server";
    pending.on_done(std::move(response));
    request_redraw();
    return true;
  }
  const std::string headers = raw_headers(reply.headers);
  const bool cut = reply.cut_after && *reply.cut_after < reply.body.size();
  const std::string body = cut ? reply.body.substr(0, *reply.cut_after) : reply.body;

  // XHR's progress events: bytes so far, and a total only for an identity body with a length.
  if (pending.request.on_progress && !body.empty() && reply.progress_events > 0) {
    const auto encoding = find_response_header(headers, "Content-Encoding");
    const bool identity = !encoding || encoding->empty() || *encoding == "identity";
    std::uint64_t total = 0;
    if (const auto length = find_response_header(headers, "Content-Length"); identity && length) total = std::strtoull(length->c_str(), nullptr, 10);
    for (std::size_t step = 1; step <= reply.progress_events; ++step) {
      pending.request.on_progress(HttpProgress{reply.status, body.size() * step / reply.progress_events, total});
      request_redraw();
    }
  }

  // As fetch_http_client.cpp: 2xx ends in `load` unless cut; a 304 ends in `error` with no bytes.
  const bool succeeded = reply.status >= 200 && reply.status < 300 && !cut;
  response.status = reply.status;
  if (reply.status != 304) response.body = body;
  if (auto etag = find_response_header(headers, "ETag")) response.etag = std::move(*etag);
  if (!succeeded && reply.status != 304) response.error = "the server answered " + std::to_string(reply.status);
  response.complete = succeeded && response.ok() && response_body_is_complete(headers, response.body.size());
  pending.on_done(std::move(response));
  request_redraw();
  return true;
}

// [SECTION] Inspection

std::size_t MemoryHttpClient::count(std::string_view url) const {
  return static_cast<std::size_t>(std::count_if(m_requests.begin(), m_requests.end(), [&](const RecordedRequest& r) { return r.url == url; }));
}

std::size_t MemoryHttpClient::answered() const {
  return static_cast<std::size_t>(std::count_if(m_requests.begin(), m_requests.end(), [](const RecordedRequest& r) { return r.answered; }));
}

// Natively there is no network to reach: every request fails as offline until a test scripts it.
std::unique_ptr<HttpClient> make_http_client() {
  auto client = std::make_unique<MemoryHttpClient>();
  client->set_offline(true);
  return client;
}

}  // namespace umuhanda
