// The umuhanda-pack commands as functions that write to streams and return an exit code, so the
// CLI's main stays thin and tests can call them.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace umuhanda {

struct CommandOutput {
  std::ostream& out;
  std::ostream& err;
};

int validate_command(const std::filesystem::path& pack_dir, bool strict, CommandOutput io);
int build_command(const std::filesystem::path& pack_dir, const std::filesystem::path& zip_file, CommandOutput io);
int stats_command(const std::filesystem::path& pack_dir, CommandOutput io);
int import_command(const std::string& format, const std::filesystem::path& input, const std::filesystem::path& media_dir,
                   const std::filesystem::path& out_dir, const std::string& pack_id, const std::string& language, CommandOutput io);
int export_command(const std::string& format, const std::filesystem::path& pack_dir, const std::filesystem::path& output, CommandOutput io);

}  // namespace umuhanda
