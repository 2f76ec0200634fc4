// The authorization table: every API route the server registers, with who may call it and the
// ownership rule its handler applies. install_routes registers API routes only through this table
// (a route missing from it, or declared and not registered, stops the server at start), and
// tests/integration/authorization_test.cpp calls every route with every kind of caller and checks
// the status against it.
#pragma once

#include <span>
#include <string_view>

namespace umuhanda {

enum class Access {
  anyone,     // no sign-in (content, sign-up, sign-in)
  signed_in,  // any account, by session cookie or API token
  session,    // any account, by session cookie only (the routes about sessions)
  student,    // students, by session cookie only (joining a class)
  staff,      // instructors and admins
  admin,      // admins
};
std::string_view to_string(Access access);

struct ApiRoute {
  std::string_view method;   // "GET" (HEAD with it), "POST", "DELETE"
  std::string_view pattern;  // as registered with cpp-httplib (a regex)
  Access access;
  std::string_view owner_rule;  // what the handler also checks about the resource, or ""
  // A concrete path for tests; {own_session} stands for a session of the caller, {own_class} for a
  // class the matrix's instructor owns and {student} for a student of that class.
  std::string_view example;
};

std::span<const ApiRoute> api_routes();
const ApiRoute* find_api_route(std::string_view method, std::string_view pattern);

}  // namespace umuhanda
