// Writing answers: JSON errors in one shape, cached resources in the encoding the client takes
// (or 304), and the headers every answer carries. Used by every route of the server.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "content_store.hpp"
#include "umuhanda/diagnostic.hpp"

namespace umuhanda {

// Diagnostics as the "details" array of an error body: [{path, message, severity}].
nlohmann::json details_json(const Diagnostics& diagnostics);

// A JSON body sent as it is (cpp-httplib would compress set_content bodies itself, badly).
// `then_close`: the connection closes once the body is written.
void set_json_body(httplib::Response& res, const nlohmann::json& body, bool then_close = false);

// While one lives on this thread, JSON bodies are set as plain bodies instead of content providers:
// for the answers cpp-httplib writes without calling providers (a refused "Expect: 100-continue").
// cpp-httplib does not compress those.
class PlainBodies {
public:
  PlainBodies();
  ~PlainBodies();
  PlainBodies(const PlainBodies&) = delete;
  PlainBodies& operator=(const PlainBodies&) = delete;
};

// {"error": {"code", "message", "details"}}: the one shape of every error the server sends,
// whether from a route (send_error) or refused before routing (HttpServer::set_error_body).
nlohmann::json error_json(std::string_view code, std::string_view message, const Diagnostics& details = {});
// error_json as text; bytes that are not UTF-8 become U+FFFD.
std::string error_body(std::string_view code, std::string_view message);

// error_json, never cached.
void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message, const Diagnostics& details = {},
                bool then_close = false);

void send_json(httplib::Response& res, int status, const nlohmann::json& body, const char* cache_control);

// A failure that is not the client's (the database, a file): the details (SQL, file paths) go to
// `log` as one line naming the request, the client gets a 500 that says only that.
// A browser sends the session cookie with any request, also one another site's page makes: a
// request that changes something must come from this server's own pages (Origin matches Host).
// Writes the 403 and returns true when it does not.
bool refuse_cross_origin(const httplib::Request& req, httplib::Response& res);

void send_internal_error(const std::function<void(const std::string&)>& log, const httplib::Request& req, httplib::Response& res,
                         const Diagnostics& errors);

// The client's page: its Content-Security-Policy and Referrer-Policy.
void add_html_security_headers(httplib::Response& res);

// Whether the request's validators say the client already holds `etag`.
bool not_modified(const httplib::Request& req, const std::string& etag, const std::string& last_modified);

// Sends `resource` in the encoding the client prefers, or 304 when it already holds it; the bytes
// are shared with the cache, never copied or compressed here. `cache_control` overrides the resource's.
void send_resource(const httplib::Request& req, httplib::Response& res, const ResourcePtr& resource, const char* cache_control = nullptr);

// The whole HTTP/1.1 response `res` stands for (status, headers, body, Content-Length, and
// "Connection: close"), for an answer written outside cpp-httplib: an event stream's refusal.
std::string whole_response(const httplib::Response& res);

// The Date header value, formatted once a second per thread rather than on every answer.
const std::string& current_http_date();

// Reads the whole body (its length was checked against the limit before), or false when the
// client stopped sending: then nothing is answered but the close (send_body_too_slow).
bool read_whole_body(const httplib::Request& req, const httplib::ContentReader& read_body, std::string& body);
// 408 body_too_slow, closing the connection.
void send_body_too_slow(httplib::Response& res);

}  // namespace umuhanda
