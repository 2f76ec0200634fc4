// Line and column locations (see source_map.hpp).
#include "umuhanda/source_map.hpp"

#include <algorithm>

#include "umuhanda/utf8.hpp"

namespace umuhanda {

SourceMap::SourceMap(std::string name, std::string_view text) : m_name(std::move(name)), m_text(text) {
  m_line_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    // CRLF, LF and a lone CR (old Mac spreadsheets) each end a line.
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (text[i] == '\n' || text[i] == '\r') m_line_starts.push_back(i + 1);
  }
}

std::size_t SourceMap::line_of(std::size_t offset) const {
  auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  return static_cast<std::size_t>(it - m_line_starts.begin());
}

std::string SourceMap::locate(std::size_t offset) const {
  offset = std::min(offset, m_text.size());
  const std::size_t line = line_of(offset);
  const std::size_t start = m_line_starts[line - 1];
  return locate_line(line, 1 + count_code_points(m_text.substr(start, offset - start)));
}

std::string SourceMap::locate_line(std::size_t line, std::size_t column) const {
  return m_name + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace umuhanda
