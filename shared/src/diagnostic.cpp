// Building and printing diagnostics.
#include "umuhanda/diagnostic.hpp"

#include <algorithm>

namespace umuhanda {

Diagnostic error(std::string path, std::string message) {
  return {Severity::error, std::move(path), std::move(message)};
}

Diagnostic warning(std::string path, std::string message) {
  return {Severity::warning, std::move(path), std::move(message)};
}

std::string to_string(const Diagnostic& diagnostic) {
  std::string text = diagnostic.severity == Severity::warning ? "warning: " : "";
  text += diagnostic.path.empty() ? std::string("(pack)") : diagnostic.path;
  text += ": ";
  text += diagnostic.message;
  return text;
}

std::string to_string(const Diagnostics& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    text += to_string(diagnostic);
    text += '\n';
  }
  return text;
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace umuhanda
