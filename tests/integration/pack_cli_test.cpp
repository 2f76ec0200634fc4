// umuhanda-pack as a user runs it: validate, stats, build, import and export on real folders.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "server_process.hpp"

namespace {

const std::string kPackTool = UMUHANDA_PACK_BINARY;
const std::string kSource = UMUHANDA_SOURCE_DIR;

using umuhanda::testing::CommandRun;

// umuhanda-pack with these arguments; its stdout and stderr together in `output`.
CommandRun run(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), kPackTool);
  return umuhanda::testing::run_command(arguments);
}

class PackCli : public ::testing::Test {
protected:
  void SetUp() override {
    temp = std::filesystem::temp_directory_path() /
           ("umuhanda-pack-cli-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(temp);
  }
  void TearDown() override { std::filesystem::remove_all(temp); }
  std::filesystem::path temp;
  const std::string default_pack = kSource + "/assets/packs/umuhanda-default";
};

TEST_F(PackCli, ValidatesTheDefaultPackWithNoError) {
  CommandRun result = run({"validate", default_pack});
  EXPECT_EQ(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("valid: pack \"umuhanda-default\""), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("0 errors"), std::string::npos) << result.output;
}

TEST_F(PackCli, ReportsEveryErrorOfABrokenPackWithItsPath) {
  std::filesystem::copy(default_pack, temp / "pack", std::filesystem::copy_options::recursive);
  std::string text;
  {
    std::ifstream in(temp / "pack" / "pack.json");
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Break two things far apart: the first question's right answer, and a sign picture.
  auto correct = text.find("\"correct\": ");
  ASSERT_NE(correct, std::string::npos);
  text.replace(correct, 12, "\"correct\": 9");
  std::ofstream(temp / "pack" / "pack.json") << text;
  std::filesystem::remove(temp / "pack" / "media" / "signs" / "256" / "p-stop.png");

  CommandRun result = run({"validate", (temp / "pack").string()});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.output.find("questions[0].correct: refers to choice 9"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("media/signs/256/p-stop.png: is referred to by the pack but the file is missing"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("invalid: 2 error(s)"), std::string::npos) << result.output;
}

TEST_F(PackCli, StatsShowCountsPerTopicAndBlueprintCoverage) {
  CommandRun result = run({"stats", default_pack});
  ASSERT_EQ(result.status, 0) << result.output;
  for (const char* words :
       {"questions per topic", "signs: ", "officer_gesture", "lessons: ", "provisional-licence: 20 questions, 20 minutes, pass at 12", "covered"}) {
    EXPECT_NE(result.output.find(words), std::string::npos) << "missing \"" << words << "\" in:\n" << result.output;
  }
  EXPECT_EQ(result.output.find("NOT COVERED"), std::string::npos) << result.output;
}

TEST_F(PackCli, BuildsAZipThatValidatesAgain) {
  CommandRun built = run({"build", default_pack, "-o", (temp / "pack.zip").string()});
  ASSERT_EQ(built.status, 0) << built.output;
  EXPECT_GT(std::filesystem::file_size(temp / "pack.zip"), 100000u);
  const CommandRun unzipped =
      umuhanda::testing::run_command({"/usr/bin/python3", "-m", "zipfile", "-e", (temp / "pack.zip").string(), (temp / "unzipped").string()});
  ASSERT_EQ(unzipped.status, 0) << unzipped.output;
  CommandRun validated = run({"validate", (temp / "unzipped").string()});
  EXPECT_EQ(validated.status, 0) << validated.output;
}

TEST_F(PackCli, ExportsAndImportsCsv) {
  CommandRun exported = run({"export", "csv", default_pack, "-o", (temp / "questions.csv").string()});
  ASSERT_EQ(exported.status, 0) << exported.output;
  CommandRun imported = run({"import", "csv", (temp / "questions.csv").string(), "-o", (temp / "from-csv").string()});
  ASSERT_EQ(imported.status, 0) << imported.output;
  CommandRun validated = run({"validate", (temp / "from-csv").string()});
  EXPECT_EQ(validated.status, 0) << validated.output;
}

TEST_F(PackCli, RefusesAnUnknownFormatClearly) {
  CommandRun result = run({"export", "xlsx", default_pack, "-o", (temp / "x.xlsx").string()});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.output.find("unknown format \"xlsx\": use csv, gift, aiken or django"), std::string::npos) << result.output;
}

}  // namespace
