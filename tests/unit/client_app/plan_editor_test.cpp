// The admins' plans editor (web/app/plan_editor.cpp) over the memory HTTP client: numbers read as
// an admin types them, a plan's duration shown in days or hours and kept when untouched, a save
// that sends the plan and reloads the list, and the server's 400 details placed next to their fields.
#include <gtest/gtest.h>

#include "app/plan_editor.hpp"
#include "platform/memory/memory_http_client.hpp"

namespace umuhanda {
namespace {

constexpr const char* kPlans =
    R"({"plans": [{"id": 1, "slug": "weekly", "names": {"en": "Weekly", "fr": "Une semaine"}, "duration_seconds": 604800, "price_rwf": 3000,)"
    R"( "packs": null, "active": true},)"
    R"( {"id": 2, "slug": "old", "names": {"en": "Old"}, "duration_seconds": 5400, "price_rwf": 100, "packs": ["kigali-premium"], "active": false},)"
    R"( {"id": 3, "slug": "hourly", "names": {"en": "Hourly"}, "duration_seconds": 7200, "price_rwf": 200, "packs": null, "active": true}]})";
constexpr const char* kCatalog = R"({"packs": [{"id": "umuhanda-default", "title": {"en": "Umuhanda"}, "access": "public"},)"
                                 R"( {"id": "kigali-premium", "title": {"en": "Kigali premium"}, "access": "restricted"}]})";

std::size_t lists_asked(const MemoryHttpClient& http) {
  std::size_t asked = 0;
  for (const auto& request : http.requests()) asked += request.url == "/api/v1/admin/plans" && request.method == "GET" ? 1 : 0;
  return asked;
}

PlanOffer offer(std::int64_t seconds) {
  PlanOffer plan;
  plan.id = 4;
  plan.slug = "p";
  plan.duration_seconds = seconds;
  plan.price_rwf = 1500;
  return plan;
}

TEST(PlanEditor, NumbersAreReadAsAnAdminTypesThem) {
  EXPECT_EQ(parse_whole_number("5000"), 5000);
  EXPECT_EQ(parse_whole_number("5,000"), 5000);
  EXPECT_EQ(parse_whole_number(" 5 000 "), 5000);
  EXPECT_EQ(parse_whole_number("0"), 0);
  EXPECT_FALSE(parse_whole_number(""));
  EXPECT_FALSE(parse_whole_number(" , "));
  EXPECT_FALSE(parse_whole_number("-5"));
  EXPECT_FALSE(parse_whole_number("5.5"));
  EXPECT_FALSE(parse_whole_number("5000 RWF"));
  EXPECT_FALSE(parse_whole_number("1234567890123456")) << "16 digits: a slip, not a price";
}

TEST(PlanEditor, ADurationIsShownInDaysOrHoursAndKeptWhenUntouched) {
  PlanDraft week = draft_of(offer(604800));
  EXPECT_EQ(week.duration, "7");
  EXPECT_EQ(week.unit, DurationUnit::days);
  PlanDraft two_hours = draft_of(offer(7200));
  EXPECT_EQ(two_hours.duration, "2");
  EXPECT_EQ(two_hours.unit, DurationUnit::hours);

  // 90 minutes reads "2 hours" but is sent back as 5400 s until the admin changes it.
  PlanDraft odd = draft_of(offer(5400));
  EXPECT_EQ(odd.duration, "2");
  EXPECT_EQ(plan_body(odd).json["duration_seconds"], 5400);
  odd.unit = DurationUnit::days;
  EXPECT_EQ(plan_body(odd).json["duration_seconds"], 2 * 86400);
  odd.unit = DurationUnit::hours;
  odd.duration = "3";
  EXPECT_EQ(plan_body(odd).json["duration_seconds"], 3 * 3600);

  PlanDraft fresh;
  fresh.slug = "new";
  fresh.names = {{"en", "New"}, {"fr", ""}};
  fresh.duration = "30";
  fresh.price = "12,500";
  const PlanBody body = plan_body(fresh);
  EXPECT_TRUE(body.errors.empty());
  EXPECT_EQ(body.json["duration_seconds"], 30 * 86400);
  EXPECT_EQ(body.json["price_rwf"], 12500);
  EXPECT_TRUE(body.json["packs"].is_null()) << "every restricted pack";
  EXPECT_EQ(body.json["names"], nlohmann::json({{"en", "New"}})) << "an empty name is not sent";
}

TEST(PlanEditor, AnEditedPriceIsSentWithTheRestOfThePlanAndTheListIsAskedAgain) {
  MemoryHttpClient http;
  http.reply("/api/v1/admin/plans", MemoryHttpReply::ok(kPlans));
  http.reply("/api/v1/packs", MemoryHttpReply::ok(kCatalog));
  nlohmann::json sent;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.method != "POST") return std::nullopt;
    EXPECT_EQ(request.url, "/api/v1/admin/plans");
    sent = nlohmann::json::parse(request.body);
    return MemoryHttpReply::ok(R"({"plan": {"id": 1, "slug": "weekly"}})");
  });
  PlanEditor editor(http);
  editor.load();
  http.run_pending();
  ASSERT_TRUE(editor.loaded());
  ASSERT_EQ(editor.plans().size(), 3u);
  EXPECT_EQ(editor.plans()[0].slug, "hourly") << "offered first, shortest first";
  EXPECT_EQ(editor.plans()[2].slug, "old") << "the plan not offered last";
  ASSERT_EQ(editor.packs().size(), 2u);
  EXPECT_EQ(editor.packs()[0].id, "kigali-premium") << "restricted packs first";

  editor.edit("weekly");
  ASSERT_NE(editor.draft(), nullptr);
  EXPECT_EQ(editor.draft()->price, "3000");
  EXPECT_EQ(editor.draft()->names.at("fr"), "Une semaine");
  editor.draft()->price = "3,500";
  editor.draft()->active = false;
  EXPECT_EQ(lists_asked(http), 1u);
  editor.save();
  EXPECT_TRUE(editor.busy());
  http.run_pending();
  EXPECT_EQ(sent["slug"], "weekly");
  EXPECT_EQ(sent["price_rwf"], 3500);
  EXPECT_EQ(sent["duration_seconds"], 604800);
  EXPECT_EQ(sent["active"], false);
  EXPECT_EQ(sent["names"]["fr"], "Une semaine");
  EXPECT_TRUE(sent["packs"].is_null());
  EXPECT_EQ(editor.draft(), nullptr) << "saved: the form closes";
  EXPECT_EQ(editor.saved_slug(), "weekly");
  EXPECT_EQ(lists_asked(http), 2u) << "the list asked again";
}

TEST(PlanEditor, TheServersReasonsLandNextToTheirFieldsAndTheFormStaysOpen) {
  MemoryHttpClient http;
  http.reply("/api/v1/admin/plans", MemoryHttpReply::ok(kPlans));
  http.reply("/api/v1/packs", MemoryHttpReply::ok(kCatalog));
  std::size_t posts = 0;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.method != "POST") return std::nullopt;
    ++posts;
    return MemoryHttpReply::error(400, R"({"error": {"code": "bad_request", "message": "the plan was not saved: see details", "details": [)"
                                       R"({"path": "names.en", "message": "is missing: the English name is required", "severity": "error"},)"
                                       R"({"path": "packs[1]", "message": "is \"nope\": no pack has this id", "severity": "error"},)"
                                       R"({"path": "slug", "message": "is \"Bad Slug\": 1 to 40 lower-case letters", "severity": "error"}]}})");
  });
  PlanEditor editor(http);
  editor.load();
  http.run_pending();

  editor.create();
  ASSERT_NE(editor.draft(), nullptr);
  EXPECT_EQ(editor.draft()->id, 0);
  editor.draft()->slug = "Bad Slug";
  editor.draft()->duration = "two";
  editor.draft()->price = "5000";
  editor.save();
  http.run_pending();
  EXPECT_EQ(posts, 0u) << "a duration that is not a number is caught here";
  EXPECT_NE(editor.error_of("duration_seconds").find("\"two\""), std::string::npos) << editor.error_of("duration_seconds");

  editor.draft()->duration = "3";
  editor.draft()->every_pack = false;
  editor.draft()->packs = {"kigali-premium", "nope"};
  editor.save();
  http.run_pending();
  EXPECT_EQ(posts, 1u);
  ASSERT_NE(editor.draft(), nullptr) << "refused: the form stays with what was typed";
  EXPECT_EQ(editor.draft()->slug, "Bad Slug");
  EXPECT_EQ(editor.error_of("names.en"), "is missing: the English name is required");
  EXPECT_EQ(editor.error_of("packs"), "packs[1]: is \"nope\": no pack has this id");
  EXPECT_EQ(editor.error_of("slug"), "is \"Bad Slug\": 1 to 40 lower-case letters");
  EXPECT_EQ(editor.error_of("duration_seconds"), "") << "the earlier mistake, fixed, is gone";
  EXPECT_EQ(editor.problem(), "");
  EXPECT_EQ(editor.saved_slug(), "");

  editor.close();
  EXPECT_EQ(editor.draft(), nullptr);
  EXPECT_TRUE(editor.errors().empty());
}

TEST(PlanEditor, AnswersToAnEarlierAccountAreDropped) {
  MemoryHttpClient http;
  http.reply("/api/v1/admin/plans", MemoryHttpReply::ok(kPlans));
  http.reply("/api/v1/packs", MemoryHttpReply::ok(kCatalog));
  PlanEditor editor(http);
  editor.load();
  editor.forget();
  http.run_pending();
  EXPECT_FALSE(editor.loaded());
  EXPECT_TRUE(editor.plans().empty());
}

}  // namespace
}  // namespace umuhanda
