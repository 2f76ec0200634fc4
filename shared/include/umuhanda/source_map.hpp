// Locations in a text a person wrote (a CSV file, a GIFT file): byte offsets turned into
// "FILE:LINE:COLUMN", as editors and compilers print them. Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace umuhanda {

// Turns byte offsets of one input text into "FILE:LINE:COLUMN" (1-based; columns count characters,
// not bytes, so they match what an editor shows for Kinyarwanda or French text). Keeps a view of
// the text: the text outlives the map.
class SourceMap {
public:
  SourceMap(std::string name, std::string_view text);

  std::string locate(std::size_t offset) const;
  std::string locate_line(std::size_t line, std::size_t column = 1) const;
  std::size_t line_of(std::size_t offset) const;  // 1-based
  const std::string& name() const { return m_name; }

private:
  std::string m_name;
  std::string_view m_text;
  std::vector<std::size_t> m_line_starts;
};

}  // namespace umuhanda
