// Expected<T>: a value or the list of diagnostics explaining why there is none; Expected<void>:
// success or those diagnostics.
// Errors are values here (see STYLE.md); the WASM build cannot catch exceptions anyway.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "umuhanda/diagnostic.hpp"

namespace umuhanda {

template <class T>
class [[nodiscard]] Expected {
public:
  Expected(T value) : m_state(std::move(value)) {}
  Expected(Diagnostics errors) : m_state(std::move(errors)) {
    assert(!std::get<Diagnostics>(m_state).empty() && "an Expected error needs at least one diagnostic");
  }
  static Expected failure(std::string path, std::string message) { return Expected(Diagnostics{error(std::move(path), std::move(message))}); }

  bool ok() const { return std::holds_alternative<T>(m_state); }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok() && "value() on a failed Expected");
    return std::get<T>(m_state);
  }
  const T& value() const& {
    assert(ok() && "value() on a failed Expected");
    return std::get<T>(m_state);
  }
  T&& value() && {
    assert(ok() && "value() on a failed Expected");
    return std::get<T>(std::move(m_state));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Diagnostics& errors() const {
    assert(!ok() && "errors() on a successful Expected");
    return std::get<Diagnostics>(m_state);
  }

private:
  std::variant<T, Diagnostics> m_state;
};

// Success, or the diagnostics explaining the failure: for steps that produce nothing (a folder
// written, a row stored). `Expected<void>{}` is success.
template <>
class [[nodiscard]] Expected<void> {
public:
  Expected() = default;
  Expected(Diagnostics errors) : m_errors(std::move(errors)) { assert(!m_errors.empty() && "an Expected error needs at least one diagnostic"); }
  static Expected failure(std::string path, std::string message) { return Expected(Diagnostics{error(std::move(path), std::move(message))}); }

  bool ok() const { return m_errors.empty(); }
  explicit operator bool() const { return ok(); }

  const Diagnostics& errors() const {
    assert(!ok() && "errors() on a successful Expected");
    return m_errors;
  }

private:
  Diagnostics m_errors;  // empty: success
};

}  // namespace umuhanda
