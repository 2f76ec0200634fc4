// [SECTION] validate, build, stats
// [SECTION] import, export
#include "pack_commands.hpp"

#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "formats.hpp"
#include "pack_files.hpp"
#include "pack_zip.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

// Messages name the file: "assets/packs/x/pack.json: questions[3].correct: ...".
void print_diagnostics(std::ostream& stream, const std::filesystem::path& where, const Diagnostics& diagnostics) {
  for (const auto& diagnostic : diagnostics) stream << where.string() << ": " << to_string(diagnostic) << "\n";
}

Expected<LoadedPack> load_folder(const std::filesystem::path& pack_dir) {
  auto files = read_pack_folder(pack_dir);
  if (!files) return files.errors();
  return load_pack_files(files.value());
}

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool write_text_file(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

// [SECTION] validate, build, stats

int validate_command(const std::filesystem::path& pack_dir, bool strict, CommandOutput io) {
  const auto manifest = pack_dir / "pack.json";
  auto loaded = load_folder(pack_dir);
  if (!loaded) {
    print_diagnostics(io.err, manifest, loaded.errors());
    io.err << "invalid: " << loaded.errors().size() << " error(s)\n";
    return 1;
  }
  print_diagnostics(io.err, manifest, loaded->warnings);
  const Pack& pack = loaded->pack;
  io.out << "valid: pack \"" << pack.id << "\" version " << pack.version << ": " << pack.questions.size() << " questions, "
         << pack.signs.size() << " signs, " << pack.lessons.size() << " lessons, " << pack.media.size() << " media files; 0 errors, "
         << loaded->warnings.size() << " warning(s)\n";
  return strict && !loaded->warnings.empty() ? 1 : 0;
}

int build_command(const std::filesystem::path& pack_dir, const std::filesystem::path& zip_file, CommandOutput io) {
  auto loaded = load_folder(pack_dir);
  if (!loaded) {
    print_diagnostics(io.err, pack_dir / "pack.json", loaded.errors());
    io.err << "not built: the pack has " << loaded.errors().size() << " error(s)\n";
    return 1;
  }
  auto zip = build_pack_zip(loaded->pack, loaded->media);
  if (!zip) {
    print_diagnostics(io.err, zip_file, zip.errors());
    return 1;
  }
  if (!write_text_file(zip_file, zip.value())) {
    io.err << zip_file.string() << ": cannot be written\n";
    return 1;
  }
  io.out << "built " << zip_file.string() << " (" << zip->size() << " bytes): pack \"" << loaded->pack.id << "\" version "
         << loaded->pack.version << ", " << loaded->media.size() << " media files\n";
  return 0;
}

int stats_command(const std::filesystem::path& pack_dir, CommandOutput io) {
  auto loaded = load_folder(pack_dir);
  if (!loaded) {
    print_diagnostics(io.err, pack_dir / "pack.json", loaded.errors());
    return 1;
  }
  const Pack& pack = loaded->pack;
  std::map<std::string, int> per_topic, with_pictures, with_explanation;
  std::map<std::string, std::map<std::string, int>> per_topic_language;
  std::set<std::string> languages(pack.languages.begin(), pack.languages.end());
  for (const auto& question : pack.questions) {
    ++per_topic[question.topic];
    bool picture = !question.sign.empty() || !question.image.empty();
    for (const auto& choice : question.choices) picture = picture || !choice.sign.empty() || !choice.image.empty();
    if (picture) ++with_pictures[question.topic];
    if (!question.explanation.empty()) ++with_explanation[question.topic];
    for (const auto& [language, text] : question.prompt.by_language) {
      ++per_topic_language[question.topic][language];
      languages.insert(language);
    }
  }
  auto& out = io.out;
  out << "pack \"" << pack.id << "\" version " << pack.version << " (languages: ";
  for (std::size_t i = 0; i < pack.languages.size(); ++i) out << (i ? ", " : "") << pack.languages[i];
  out << ")\n\nquestions per topic\n";
  out << std::left << std::setw(14) << "topic" << std::right << std::setw(6) << "total" << std::setw(10) << "pictures" << std::setw(13)
      << "explanation";
  for (const auto& language : languages) out << std::setw(6) << language;
  out << "\n";
  std::vector<const Topic*> topics;
  for (const auto& topic : pack.topics) topics.push_back(&topic);
  std::sort(topics.begin(), topics.end(), [](const Topic* a, const Topic* b) { return a->order < b->order; });
  int total = 0, total_pictures = 0, total_explained = 0;
  for (const Topic* topic : topics) {
    out << std::left << std::setw(14) << topic->id << std::right << std::setw(6) << per_topic[topic->id] << std::setw(10)
        << with_pictures[topic->id] << std::setw(13) << with_explanation[topic->id];
    for (const auto& language : languages) out << std::setw(6) << per_topic_language[topic->id][language];
    out << "\n";
    total += per_topic[topic->id];
    total_pictures += with_pictures[topic->id];
    total_explained += with_explanation[topic->id];
  }
  out << std::left << std::setw(14) << "all" << std::right << std::setw(6) << total << std::setw(10) << total_pictures << std::setw(13)
      << total_explained << "\n";

  std::map<std::string, int> per_category;
  for (const auto& sign : pack.signs) ++per_category[std::string(to_string(sign.category))];
  out << "\nsigns: " << pack.signs.size() << "\n";
  for (auto category : kSignCategoryNames) out << "  " << std::left << std::setw(20) << category << std::right << per_category[std::string(category)] << "\n";

  std::map<std::string, int> lessons_per_topic;
  for (const auto& lesson : pack.lessons) ++lessons_per_topic[lesson.topic];
  out << "\nlessons: " << pack.lessons.size() << " (";
  for (std::size_t i = 0; i < topics.size(); ++i) out << (i ? ", " : "") << topics[i]->id << " " << lessons_per_topic[topics[i]->id];
  out << ")\n";

  out << "\nexam blueprints\n";
  for (const auto& blueprint : pack.blueprints) {
    out << "  " << blueprint.id << ": " << blueprint.question_count << " questions, " << blueprint.time_limit_minutes << " minutes, pass at "
        << blueprint.pass_mark << "\n";
    for (const auto& quota : blueprint.quotas) {
      const int available = per_topic[quota.topic];
      out << "    " << std::left << std::setw(12) << quota.topic << std::right << " quota " << std::setw(3) << quota.count << ", available "
          << std::setw(4) << available << (available >= quota.count ? "  covered" : "  NOT COVERED") << "\n";
    }
  }
  out << "\nexam sets: " << pack.exam_sets.size() << "\nmedia: " << pack.media.size() << " files, ";
  std::uint64_t bytes = 0;
  for (const auto& item : pack.media) bytes += item.bytes;
  out << bytes << " bytes\n";
  return 0;
}

// [SECTION] import, export

int import_command(const std::string& format_name, const std::filesystem::path& input, const std::filesystem::path& media_dir,
                   const std::filesystem::path& out_dir, const std::string& pack_id, const std::string& language, CommandOutput io) {
  auto format = exchange_format_from(format_name);
  if (!format) {
    io.err << "unknown format \"" << format_name << "\": use csv, gift, aiken or django\n";
    return 2;
  }
  auto text = read_text_file(input);
  if (!text) {
    io.err << input.string() << ": cannot be read\n";
    return 1;
  }
  ImportOptions options;
  options.source_name = input.filename().string();
  options.pack_id = pack_id;
  options.language = language;
  if (!media_dir.empty()) {
    options.read_media = [media_dir](std::string_view relative) -> std::optional<std::string> {
      std::filesystem::path path = media_dir / std::filesystem::path(std::string(relative)).lexically_normal();
      auto relative_to_media = path.lexically_relative(media_dir);
      if (relative_to_media.empty() || *relative_to_media.begin() == "..") return std::nullopt;
      return read_text_file(path);
    };
  }
  auto imported = import_pack(*format, text.value(), options);
  if (!imported) {
    for (const auto& diagnostic : imported.errors()) io.err << to_string(diagnostic) << "\n";
    io.err << "not imported: " << imported.errors().size() << " error(s)\n";
    return 1;
  }
  for (const auto& diagnostic : imported->warnings) io.err << to_string(diagnostic) << "\n";
  // The media list comes from the files: load the result as the server would before writing it.
  PackFiles files = imported->media;
  files["pack.json"] = to_json(imported->pack);
  auto loaded = load_pack_files(files);
  if (!loaded) {
    print_diagnostics(io.err, out_dir / "pack.json", loaded.errors());
    return 1;
  }
  if (auto written = write_pack_folder(out_dir, loaded->pack, loaded->media); !written) {
    for (const auto& diagnostic : written.errors()) io.err << to_string(diagnostic) << "\n";
    return 1;
  }
  io.out << "imported " << loaded->pack.questions.size() << " questions, " << loaded->pack.signs.size() << " signs, " << loaded->pack.exam_sets.size()
         << " exam sets into " << out_dir.string() << " (" << imported->warnings.size() << " warning(s))\n";
  return 0;
}

int export_command(const std::string& format_name, const std::filesystem::path& pack_dir, const std::filesystem::path& output, CommandOutput io) {
  auto format = exchange_format_from(format_name);
  if (!format) {
    io.err << "unknown format \"" << format_name << "\": use csv, gift, aiken or django\n";
    return 2;
  }
  auto loaded = load_folder(pack_dir);
  if (!loaded) {
    print_diagnostics(io.err, pack_dir / "pack.json", loaded.errors());
    return 1;
  }
  ExportResult exported = export_pack(*format, loaded->pack);
  for (const auto& diagnostic : exported.lost) io.err << "not exported: " << to_string(diagnostic) << "\n";
  if (!write_text_file(output, exported.text)) {
    io.err << output.string() << ": cannot be written\n";
    return 1;
  }
  io.out << "exported " << loaded->pack.questions.size() << " questions to " << output.string() << " (" << exported.lost.size()
         << " item(s) not representable in " << format_name << ")\n";
  return 0;
}

}  // namespace umuhanda
