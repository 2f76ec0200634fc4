// umuhanda-pack: validate, build, inspect, import and export question packs.
#include <CLI/CLI.hpp>

#include <iostream>

#include "pack_commands.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"umuhanda-pack: work with Umuhanda question packs (a folder with pack.json and media; see docs/pack-format.md)."};
  cli.require_subcommand(1);
  umuhanda::CommandOutput io{std::cout, std::cerr};
  int status = 0;

  std::string dir, output, format, input, media, pack_id = "imported", language = "en";
  bool strict = false;

  auto* validate = cli.add_subcommand("validate", "check a pack folder; prints every error and warning with its JSON path");
  validate->add_option("DIR", dir, "pack folder")->required();
  validate->add_flag("--strict", strict, "fail on warnings too");
  validate->callback([&] { status = umuhanda::validate_command(dir, strict, io); });

  auto* build = cli.add_subcommand("build", "validate a pack folder and pack it into a .zip for upload");
  build->add_option("DIR", dir, "pack folder")->required();
  build->add_option("-o,--output", output, "zip file to write")->required();
  build->callback([&] { status = umuhanda::build_command(dir, output, io); });

  auto* stats = cli.add_subcommand("stats", "counts per topic and language, signs per category, blueprint coverage");
  stats->add_option("DIR", dir, "pack folder")->required();
  stats->callback([&] { status = umuhanda::stats_command(dir, io); });

  auto* import = cli.add_subcommand("import", "convert CSV, GIFT, Aiken or the origin site's Django dumpdata into a pack folder");
  import->add_option("FORMAT", format, "csv, gift, aiken or django")->required();
  import->add_option("INPUT", input, "file to import")->required()->check(CLI::ExistingFile);
  import->add_option("--media", media, "folder the input's image paths are relative to")->check(CLI::ExistingDirectory);
  import->add_option("-o,--output", output, "pack folder to write")->required();
  import->add_option("--id", pack_id, "id of the new pack")->capture_default_str();
  import->add_option("--lang", language, "language of formats that do not say (GIFT, Aiken, CSV without lang)")->capture_default_str();
  import->callback([&] { status = umuhanda::import_command(format, input, media, output, pack_id, language, io); });

  auto* export_cmd = cli.add_subcommand("export", "write a pack folder as CSV, GIFT, Aiken or Django dumpdata");
  export_cmd->add_option("FORMAT", format, "csv, gift, aiken or django")->required();
  export_cmd->add_option("DIR", dir, "pack folder")->required();
  export_cmd->add_option("-o,--output", output, "file to write")->required();
  export_cmd->callback([&] { status = umuhanda::export_command(format, dir, output, io); });

  CLI11_PARSE(cli, argc, argv);
  return status;
}
