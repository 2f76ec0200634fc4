// Diagnostic: one problem found in input (a pack, a request, a file), with where and why.
#pragma once

#include <string>
#include <vector>

namespace umuhanda {

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string path;     // JSON path such as "questions[12].choices[3].text.fr", or "" for the whole input
  std::string message;  // why it is wrong, in words a pack author understands

  bool operator==(const Diagnostic&) const = default;
};

using Diagnostics = std::vector<Diagnostic>;

Diagnostic error(std::string path, std::string message);
Diagnostic warning(std::string path, std::string message);

// "questions[12].correct: refers to choice 5, the question has 4" (prefixed by "warning: " for warnings).
std::string to_string(const Diagnostic& diagnostic);
std::string to_string(const Diagnostics& diagnostics);  // one per line
bool has_errors(const Diagnostics& diagnostics);

}  // namespace umuhanda
