// Instructors' packs in the client (web/app/pack_check.cpp, pack_manager.cpp), natively over the
// memory HTTP client: a picked file checked before anything is sent (errors located at their line),
// a question file made the next version of the chosen pack, the comparison with the version
// students have, the upload with its progress and the server's refusal, and a rollback.
#include <gtest/gtest.h>

#include "app/pack_check.hpp"
#include "app/pack_manager.hpp"
#include "formats.hpp"
#include "platform/memory/memory_http_client.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/zip_archive.hpp"

namespace umuhanda {
namespace {

constexpr const char* kHeader = "id,lang,topic,question,choice1,choice2,choice3,correct,explanation\n";
constexpr const char* kStopRow = "stop-sign,en,Road signs,What does a red octagonal sign mean?,Stop,Give way,No entry,A,Stop completely.\n";
constexpr const char* kAmberRow =
    "amber-light,en,Traffic lights,What does a steady amber light mean?,Stop if you safely can,Speed up,Turn right,A,It comes before red.\n";

std::string csv(std::initializer_list<const char*> rows) {
  std::string text = kHeader;
  for (const char* row : rows) text += row;
  return text;
}

// The pack the server would hold as version `version` of `pack_id`: the CSV imported as the client would.
Pack imported(const std::string& text, const std::string& pack_id, int version) {
  ImportOptions options;
  options.source_name = "questions.csv";
  options.pack_id = pack_id;
  auto result = import_pack(ExchangeFormat::csv, text, options);
  EXPECT_TRUE(result.ok());
  Pack pack = std::move(result).value().pack;
  pack.version = version;
  return pack;
}

KnownPacks school_pack_at(int version) {
  KnownPacks known;
  LocalizedText title;
  title.by_language["en"] = "Our school's questions";
  known["school-pack"] = KnownPack{version, title};
  return known;
}

TEST(PackCheck, AWrongAnswerKeyIsLocatedAtItsLineAndNothingIsReadyToSend) {
  const std::string text =
      csv({kStopRow, "amber-light,en,Traffic lights,What does a steady amber light mean?,Stop,Speed up,Turn right,Z,It comes before red.\n"});
  const CheckedPackFile checked = check_pack_file("questions.csv", text, PackTarget{"school-pack", "en"}, school_pack_at(2));
  EXPECT_FALSE(checked.ok());
  ASSERT_FALSE(checked.errors.empty());
  EXPECT_EQ(checked.errors[0].path.rfind("questions.csv:3:", 0), 0u) << checked.errors[0].path << ": " << checked.errors[0].message;
  EXPECT_NE(checked.errors[0].message.find("Z"), std::string::npos) << checked.errors[0].message;
  EXPECT_TRUE(checked.upload_zip.empty());
  EXPECT_FALSE(checked.pack);
}

TEST(PackCheck, AQuestionFileBecomesTheNextVersionOfTheChosenPackKeepingItsTitle) {
  const CheckedPackFile checked = check_pack_file("questions.csv", csv({kStopRow, kAmberRow}), PackTarget{"school-pack", "en"}, school_pack_at(2));
  ASSERT_TRUE(checked.ok()) << to_string(checked.errors);
  EXPECT_EQ(checked.kind, PackFileKind::csv);
  EXPECT_EQ(checked.pack->id, "school-pack");
  EXPECT_EQ(checked.pack->version, 3);
  EXPECT_EQ(checked.pack->title.in("en"), "Our school's questions");
  EXPECT_EQ(checked.pack->questions.size(), 2u);

  // What is sent is a .zip whose pack.json is that pack.
  auto files = read_pack_zip_archive(checked.upload_zip);
  ASSERT_TRUE(files.ok());
  ASSERT_TRUE(files->contains("pack.json"));
  auto sent = parse_pack_json(files->at("pack.json"));
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent.value(), *checked.pack);
}

TEST(PackCheck, APackFileWhoseVersionIsNotAboveTheServersIsRefusedBeforeSending) {
  const Pack pack = imported(csv({kStopRow}), "school-pack", 2);
  const CheckedPackFile checked = check_pack_file("pack.json", to_json(pack), PackTarget{"other", "en"}, school_pack_at(2));
  EXPECT_FALSE(checked.ok());
  ASSERT_EQ(checked.errors.size(), 1u);
  EXPECT_EQ(checked.errors[0].path, "version");
  EXPECT_NE(checked.errors[0].message.find("raise it to 3"), std::string::npos) << checked.errors[0].message;

  // The same pack as version 3, zipped: accepted, and the zip is sent as it is.
  Pack newer = pack;
  newer.version = 3;
  const std::string zip = write_zip_archive(PackFiles{{"pack.json", to_json(newer)}});
  const CheckedPackFile zipped = check_pack_file("school-pack.zip", zip, PackTarget{"other", "en"}, school_pack_at(2));
  ASSERT_TRUE(zipped.ok()) << to_string(zipped.errors);
  EXPECT_EQ(zipped.pack->id, "school-pack") << "a pack file names its own pack, whatever is chosen";
  EXPECT_EQ(zipped.upload_zip, zip);
}

TEST(PackCheck, AZipWithoutItsPicturesOrAnUnknownFileSaysWhatIsWrong) {
  Pack pack = imported(csv({kStopRow}), "school-pack", 3);
  pack.media.push_back(MediaItem{"media/stop.png", std::string(64, 'a'), "image/png", 10, 10, 100});
  pack.questions[0].image = "media/stop.png";
  const CheckedPackFile missing =
      check_pack_file("p.zip", write_zip_archive(PackFiles{{"pack.json", to_json(pack)}}), PackTarget{}, school_pack_at(2));
  EXPECT_FALSE(missing.ok());
  bool named = false;
  for (const auto& problem : missing.errors)
    named = named || (problem.path == "media/stop.png" && problem.message.find("not in p.zip") != std::string::npos);
  EXPECT_TRUE(named) << to_string(missing.errors);

  const CheckedPackFile unknown = check_pack_file("notes.docx", "PK...", PackTarget{}, {});
  ASSERT_EQ(unknown.errors.size(), 1u);
  EXPECT_EQ(unknown.errors[0].path, "notes.docx");
  EXPECT_NE(unknown.errors[0].message.find(".csv"), std::string::npos);

  const CheckedPackFile broken = check_pack_file("broken.zip", "not a zip at all", PackTarget{}, {});
  EXPECT_FALSE(broken.ok());
  ASSERT_FALSE(broken.errors.empty());
  EXPECT_EQ(broken.errors[0].path.rfind("broken.zip", 0), 0u) << broken.errors[0].path << ": " << broken.errors[0].message;
}

TEST(PackCheck, TheKindComesFromTheNameAndForTxtAndJsonFromTheText) {
  EXPECT_EQ(pack_file_kind("a.ZIP", ""), PackFileKind::pack_zip);
  EXPECT_EQ(pack_file_kind("a.csv", ""), PackFileKind::csv);
  EXPECT_EQ(pack_file_kind("a.tsv", ""), PackFileKind::csv);
  EXPECT_EQ(pack_file_kind("a.gift", ""), PackFileKind::gift);
  EXPECT_EQ(pack_file_kind("a.txt", "Q?\n{=yes ~no}\n"), PackFileKind::gift);
  EXPECT_EQ(pack_file_kind("a.txt", "Q?\nA. yes\nB. no\nANSWER: A\n"), PackFileKind::aiken);
  EXPECT_EQ(pack_file_kind("a.json", "  [{\"model\": \"x\"}]"), PackFileKind::django);
  EXPECT_EQ(pack_file_kind("a.json", "\xEF\xBB\xBF{\"format\": 1}"), PackFileKind::pack_json);
  EXPECT_EQ(pack_file_kind("a.pdf", ""), std::nullopt);
  EXPECT_EQ(pack_id_from_file_name("Questions 2026.csv"), "questions-2026");
  EXPECT_EQ(pack_id_from_file_name("C:\\Users\\me\\Écoles.csv"), "ecoles");
  EXPECT_EQ(pack_id_from_file_name("___.csv"), "imported");
}

// The scripted server: a catalog with school-pack at version 1, its versions, and version 1 itself.
void serve_school(MemoryHttpClient& http, const Pack& version1) {
  http.reply("/api/v1/packs", MemoryHttpReply::ok(R"({"packs": [{"id": "school-pack", "version": 1, "title": {"en": "Our school's questions"},)"
                                                  R"( "languages": ["en"], "access": "public", "counts": {"questions": 1}}]})"));
  http.reply(
      "/api/v1/packs/school-pack/versions",
      MemoryHttpReply::ok(
          R"({"pack": "school-pack", "versions": [{"version": 1, "sha256": "ab", "bytes": 900, "imported_at": "2026-12-01T08:00:00Z", "current": true}]})"));
  http.reply("/api/v1/packs/school-pack/v/1", MemoryHttpReply::ok(to_json(version1)));
}

TEST(PackManager, AFileIsComparedWithTheCurrentVersionThenSentWithItsProgress) {
  MemoryHttpClient http;
  serve_school(http, imported(csv({kStopRow}), "school-pack", 1));
  PackManager packs(http);
  packs.load();
  http.run_pending();
  ASSERT_TRUE(packs.loaded());
  EXPECT_EQ(packs.selected(), "school-pack");
  ASSERT_EQ(packs.versions().size(), 1u);
  EXPECT_TRUE(packs.versions()[0].current);

  packs.check_file("questions.csv", csv({kStopRow, kAmberRow}), "en");
  ASSERT_TRUE(packs.checked() && packs.checked()->ok());
  EXPECT_EQ(packs.checked()->pack->version, 2);
  http.run_pending();
  const PackComparison& comparison = packs.comparison();
  EXPECT_EQ(comparison.from_version, 1);
  EXPECT_EQ(comparison.to_version, 0);
  ASSERT_TRUE(comparison.diff) << comparison.problem;
  EXPECT_EQ(comparison.diff->questions.added, (std::vector<std::string>{"amber-light"}));
  EXPECT_TRUE(comparison.diff->questions.removed.empty());
  EXPECT_EQ(http.count("/api/v1/packs/school-pack/v/1"), 1u);

  std::vector<std::uint64_t> seen;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.method != "POST" || request.url != "/api/v1/packs") return std::nullopt;
    EXPECT_EQ(request.body, packs.checked()->upload_zip);
    seen.push_back(packs.upload_state().sent);
    return MemoryHttpReply{201, R"({"id": "school-pack", "version": 2, "url": "/api/v1/packs/school-pack"})", {}, false, std::nullopt, 1};
  });
  packs.upload();
  EXPECT_EQ(packs.upload_state().stage, PackUpload::Stage::sending);
  http.run_next();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], packs.checked()->upload_zip.size()) << "the progress reached the whole body before the answer";
  EXPECT_EQ(packs.upload_state().stage, PackUpload::Stage::done);
  EXPECT_EQ(packs.upload_state().version, 2);
  http.run_pending();
  std::size_t catalogs = 0;
  for (const auto& request : http.requests()) catalogs += request.url == "/api/v1/packs" && request.method == "GET" ? 1 : 0;
  EXPECT_EQ(catalogs, 2u) << "the catalog is asked again after publishing";

  // Comparing the new version with the old one costs no download: the uploaded pack is that version.
  packs.compare("school-pack", 1, 2);
  http.run_pending();
  ASSERT_TRUE(packs.comparison().diff);
  EXPECT_EQ(packs.comparison().diff->questions.added.size(), 1u);
  EXPECT_EQ(http.count("/api/v1/packs/school-pack/v/2"), 0u);
  EXPECT_EQ(http.count("/api/v1/packs/school-pack/v/1"), 1u);
}

TEST(PackManager, TheServersRefusalIsListedAndARollbackNamesTheVersion) {
  MemoryHttpClient http;
  serve_school(http, imported(csv({kStopRow}), "school-pack", 1));
  PackManager packs(http);
  packs.load();
  http.run_pending();
  packs.check_file("questions.csv", csv({kStopRow, kAmberRow}), "en");
  http.run_pending();
  http.reply("/api/v1/packs",
             MemoryHttpReply::error(422, R"({"error": {"code": "invalid_pack", "message": "the pack has 1 error(s); nothing was changed",)"
                                         R"( "details": [{"path": "version", "message": "must be above 2"}]}})"));
  packs.upload();
  http.run_pending();
  EXPECT_EQ(packs.upload_state().stage, PackUpload::Stage::failed);
  ASSERT_EQ(packs.upload_state().server_errors.size(), 1u);
  EXPECT_EQ(packs.upload_state().server_errors[0].path, "version");
  EXPECT_EQ(packs.upload_state().server_errors[0].message, "must be above 2");

  std::optional<std::optional<AccountProblem>> result;
  http.reply("/api/v1/packs/school-pack/rollback", MemoryHttpReply::ok(R"({"id": "school-pack", "version": 1})"));
  packs.rollback(1, [&](std::optional<AccountProblem> problem) { result = problem; });
  http.run_pending();
  ASSERT_TRUE(result);
  EXPECT_FALSE(*result);
  const auto& sent = http.requests();
  bool posted = false;
  for (const auto& request : sent) posted = posted || (request.url == "/api/v1/packs/school-pack/rollback" && request.body == R"({"version":1})");
  EXPECT_TRUE(posted);
}

}  // namespace
}  // namespace umuhanda
