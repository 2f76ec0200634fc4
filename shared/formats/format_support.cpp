// What the exchange formats share: ids from text, locations, media reading, and finishing an import.
// [SECTION] Text
// [SECTION] Ids
// [SECTION] Locations
// [SECTION] Media
// [SECTION] Finishing an import
// [SECTION] Exporting
#include "format_support.hpp"

#include <algorithm>
#include <cstdint>

#include "umuhanda/image_info.hpp"
#include "umuhanda/pack_validation.hpp"
#include "umuhanda/utf8.hpp"

namespace umuhanda {

// [SECTION] Text

std::string_view strip_utf8_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

bool is_blank_char(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_blank_char(text[begin])) ++begin;
  while (end > begin && is_blank_char(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool is_blank(std::string_view text) { return std::all_of(text.begin(), text.end(), is_blank_char); }

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

// [SECTION] Ids

std::string slugify(std::string_view text, std::size_t max_length) {
  std::string slug;
  bool pending_dash = false;
  auto append = [&](std::string_view part) {
    if (part.empty()) {
      pending_dash = !slug.empty();
      return;
    }
    if (pending_dash) slug += '-';
    pending_dash = false;
    slug += part;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const DecodedCodePoint decoded = decode_utf8(text, i);
    i += decoded.length;
    // Apostrophes join words ("by'amabwiriza", "l'école") rather than splitting them.
    if (decoded.code == '\'' || decoded.code == 0x2019) continue;
    append(fold_to_ascii(decoded.code));  // "" (anything but a letter or digit) separates
  }
  if (slug.size() > max_length) slug.resize(max_length);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string id_from_text(std::string_view text) {
  std::string trimmed = trim(text);
  if (is_identifier(trimmed)) return trimmed;
  return slugify(trimmed);
}

std::string short_hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(8, '0');
  for (std::size_t k = 0; k < 8; ++k) hex[7 - k] = kHex[(hash >> (4 * k)) & 0xFu];
  return hex;
}

std::string derived_question_id(std::string_view topic, std::string_view prompt) {
  std::string base = slugify(topic, 55);
  if (base.empty()) base = "q";
  return base + "-" + short_hash(trim(prompt));
}

std::string unique_id(const std::string& base, std::set<std::string>& taken) {
  std::string candidate = base;
  for (int n = 2; taken.count(candidate); ++n) {
    std::string suffix = "-" + std::to_string(n);
    candidate = base.substr(0, 64 - suffix.size()) + suffix;
  }
  taken.insert(candidate);
  return candidate;
}

Topic general_topic(const LanguageCode& language) {
  // "Rusange" is Kinyarwanda for "general"; the name is for the pack author, who may rename it.
  std::string name = language == "rw" ? "Rusange" : language == "fr" ? "Général" : "General";
  return Topic{"general", LocalizedText{{{language, name}}}, 1};
}

std::string true_word(const LanguageCode& language) { return language == "rw" ? "Ni byo" : language == "fr" ? "Vrai" : "True"; }
std::string false_word(const LanguageCode& language) { return language == "rw" ? "Si byo" : language == "fr" ? "Faux" : "False"; }

// [SECTION] Locations

std::string SourceLocations::locate(std::string_view json_path) const {
  const auto bracket = json_path.find('[');
  const auto close = json_path.find(']');
  if (bracket == std::string_view::npos || close == std::string_view::npos || close < bracket) return whole;
  auto collection = by_collection.find(json_path.substr(0, bracket));
  if (collection == by_collection.end()) return whole;
  std::size_t index = 0;
  for (char c : json_path.substr(bracket + 1, close - bracket - 1)) {
    if (c < '0' || c > '9') return whole;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  if (index >= collection->second.size() || collection->second[index].empty()) return whole;
  return collection->second[index];
}

// [SECTION] Media

std::optional<std::string> normalize_media_path(std::string_view raw) {
  std::string path = trim(raw);
  std::replace(path.begin(), path.end(), '\\', '/');
  while (path.substr(0, 2) == "./") path.erase(0, 2);
  if (path.empty() || path.front() == '/' || path.find(':') != std::string::npos) return std::nullopt;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view part = std::string_view(path).substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return std::nullopt;
    start = end + 1;
  }
  return path;
}

namespace {
std::optional<ImageFormat> image_format_from_extension(std::string_view path) {
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string extension = lower_ascii(path.substr(dot + 1));
  if (extension == "png") return ImageFormat::png;
  if (extension == "jpg" || extension == "jpeg") return ImageFormat::jpeg;
  if (extension == "webp") return ImageFormat::webp;
  return std::nullopt;
}
}  // namespace

bool read_media_file(const ImportOptions& options, const std::string& relative, const std::string& pack_path, const std::string& where,
                     std::string_view consequence, ImportResult& result) {
  if (result.media.count(pack_path)) return true;
  const std::string then = "; " + std::string(consequence);
  const auto claimed = image_format_from_extension(relative);
  if (!claimed) {
    result.warnings.push_back(warning(where, in_quotes(relative) + " is not a .png, .jpg, .jpeg or .webp file" + then));
    return false;
  }
  std::optional<std::string> bytes;
  if (options.read_media) bytes = options.read_media(relative);
  if (!bytes) {
    result.warnings.push_back(warning(where, in_quotes(relative) + " is not in the media folder" + then));
    return false;
  }
  auto info = sniff_image(*bytes);
  if (!info) {
    result.warnings.push_back(warning(where, in_quotes(relative) + ": " + info.errors().front().message + then));
    return false;
  }
  if (info->format != *claimed) {
    result.warnings.push_back(warning(where, in_quotes(relative) + " is named as " + std::string(mime_type(*claimed)) + " but holds " +
                                                 std::string(mime_type(info->format)) + then));
    return false;
  }
  result.media.emplace(pack_path, std::move(*bytes));
  return true;
}

// [SECTION] Finishing an import

Diagnostics validate_with_media_present(const Pack& pack) {
  Pack checked = pack;
  checked.media.clear();
  for (const auto& path : referenced_media_paths(pack)) {
    checked.media.push_back(MediaItem{path, std::string(64, '0'), "image/png", 1, 1, 1});
  }
  return validate_pack(checked);
}

Expected<ImportResult> finish_import(ImportResult result, const ImportOptions& options, const std::vector<LanguageCode>& language_order,
                                     const SourceLocations& where) {
  Pack& pack = result.pack;
  if (pack.questions.empty()) return Expected<ImportResult>::failure(where.whole, "holds no question to import");

  // Declared languages are those of every question: a required text may not be missing in any of them.
  std::vector<LanguageCode> candidates = language_order;
  for (const auto& question : pack.questions) {
    for (const auto& [language, text] : question.prompt.by_language) {
      if (std::find(candidates.begin(), candidates.end(), language) == candidates.end()) candidates.push_back(language);
    }
  }
  pack.languages.clear();
  for (const auto& language : candidates) {
    std::size_t missing = 0;
    std::size_t first_missing = 0;
    for (std::size_t i = 0; i < pack.questions.size(); ++i) {
      if (pack.questions[i].prompt.has(language)) continue;
      if (missing++ == 0) first_missing = i;
    }
    if (missing == 0) {
      pack.languages.push_back(language);
    } else {
      result.warnings.push_back(warning(where.locate("questions[" + std::to_string(first_missing) + "]"),
                                        in_quotes(language) + " is not one of the pack's languages: " + std::to_string(missing) +
                                            " question(s) have no text in it, starting here"));
    }
  }
  if (pack.languages.empty()) {
    return Expected<ImportResult>::failure(where.whole,
                                           "no language is shared by every question: give each question all its translations "
                                           "(rows with the same id in each language)");
  }

  pack.format = kPackFormat;
  pack.id = options.pack_id;
  pack.version = 1;
  pack.title = LocalizedText{};
  for (const auto& language : pack.languages) pack.title.by_language[language] = "Imported from " + options.source_name;

  Diagnostics errors;
  for (auto& diagnostic : validate_with_media_present(pack)) {
    if (diagnostic.severity != Severity::error) continue;
    errors.push_back(error(where.locate(diagnostic.path), diagnostic.message + " (" + diagnostic.path + ")"));
  }
  if (!errors.empty()) return errors;
  return result;
}

// [SECTION] Exporting

std::optional<std::string> media_relative_path(std::string_view pack_path) {
  constexpr std::string_view kPrefix = "media/";
  if (pack_path.substr(0, kPrefix.size()) != kPrefix || pack_path.size() == kPrefix.size()) return std::nullopt;
  return std::string(pack_path.substr(kPrefix.size()));
}

LanguageCode export_language(const Pack& pack) {
  if (!pack.languages.empty()) return pack.languages.front();
  for (const auto& question : pack.questions) {
    if (!question.prompt.empty()) return question.prompt.by_language.begin()->first;
  }
  return "en";
}

bool exportable_in(const Question& q, const LanguageCode& language, const std::string& path, Diagnostics& lost) {
  const bool has_texts =
      q.prompt.has(language) && std::all_of(q.choices.begin(), q.choices.end(), [&](const Choice& c) { return c.text.has(language); });
  if (!has_texts) {
    lost.push_back(warning(path, "question " + in_quotes(q.id) + " has a prompt or choice without " + in_quotes(language) + " text; it is left out"));
  }
  return has_texts;
}

void report_unexported_collections(const Pack& pack, std::string_view format_name, Diagnostics& lost, bool keeps_signs, bool keeps_exams) {
  const std::string format(format_name);
  if (!keeps_signs && !pack.signs.empty()) {
    lost.push_back(warning("signs", std::to_string(pack.signs.size()) + " road sign(s): " + format + " has no place for signs"));
  }
  if (!pack.lessons.empty()) {
    lost.push_back(warning("lessons", std::to_string(pack.lessons.size()) + " lesson(s): " + format + " has no place for lessons"));
  }
  if (!keeps_exams && !pack.blueprints.empty()) {
    lost.push_back(warning("exam_blueprints", std::to_string(pack.blueprints.size()) + " exam blueprint(s): " + format + " has no place for them"));
  }
  if (!keeps_exams && !pack.exam_sets.empty()) {
    lost.push_back(warning("exam_sets", std::to_string(pack.exam_sets.size()) + " exam set(s): " + format + " has no place for them"));
  }
}

}  // namespace umuhanda
