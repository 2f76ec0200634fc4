// Live events against the real server on loopback (docs/api.md, "Live events"): a signed-in
// person's stream receives their notifications as they are recorded (a payment request reaches
// the staff, its approval the student), never anyone else's; a stream that comes back with
// Last-Event-ID gets what it missed, in order, and nothing before; a silent stream gets a comment
// line at the heartbeat; no sign-in is a 401; and open streams cost no thread each.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nginx_proxy.hpp"
#include "signed_in_test_support.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::CommandRun;
using testing::RawConnection;
using testing::RawResponse;
using testing::run_command;

constexpr auto kEventWait = std::chrono::seconds(10);

struct Event {
  std::int64_t id = 0;
  std::string kind;
  nlohmann::json data;
};

// One "id: ...\nevent: notification\ndata: {...}\n\n" block.
Event parse_event(const std::string& block) {
  Event event;
  const auto data = block.find("data: ");
  if (data == std::string::npos) return event;
  const auto json = nlohmann::json::parse(block.substr(data + 6, block.find('\n', data) - data - 6), nullptr, false);
  if (!json.is_object()) return event;
  event.id = json["id"].get<std::int64_t>();
  event.kind = json["kind"].get<std::string>();
  event.data = json["data"];
  return event;
}

class LiveEvents : public testing::SignedInTest {
protected:
  void SetUp() override {
    m_config = std::filesystem::temp_directory_path() /
               ("umuhanda-live-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_config);
    std::ofstream(m_config / "plans.json")
        << R"({"plans": [{"slug": "weekly", "names": {"en": "Weekly"}, "duration_seconds": 604800, "price_rwf": 3000}]})";
    SignedInTest::SetUp();
    if (HasFatalFailure()) return;
    CommandRun imported =
        run_command({UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "plans", "import", (m_config / "plans.json").string()});
    ASSERT_EQ(imported.status, 0) << imported.output;
    auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
    ASSERT_TRUE(db.ok());
    auto query = db->prepare("SELECT id FROM plans WHERE slug = 'weekly'");
    ASSERT_TRUE(query->step().value());
    weekly = query->column_int(0);
    aline = student("Aline", "0781000001");
    eric = student("Eric", "0781000002");
    teta = staff("Teta", "0791000001");
  }
  void TearDown() override {
    SignedInTest::TearDown();
    std::filesystem::remove_all(m_config);
  }
  std::vector<std::string> extra_arguments() override { return {"--sse-heartbeat-ms", "300"}; }

  // A stream of `who`'s events, its head read.
  std::unique_ptr<RawConnection> open_stream(const Account& who, std::vector<std::string> headers = {}, const std::string& query = "") {
    auto connection = std::make_unique<RawConnection>(port);
    headers.push_back("Cookie: " + who.cookie);
    EXPECT_TRUE(connection->send(testing::request_text("GET", "/api/v1/me/events" + query, headers)));
    RawResponse head = connection->read_stream_head();
    EXPECT_EQ(head.status, 200) << head.describe();
    EXPECT_EQ(head.header("Content-Type"), "text/event-stream");
    EXPECT_EQ(head.header("Cache-Control"), "private, no-store");
    EXPECT_EQ(head.header("X-Accel-Buffering"), "no");
    EXPECT_FALSE(head.has("Content-Length"));
    EXPECT_TRUE(connection->read_through("retry: 3000\n\n").has_value()) << connection->buffered();
    return connection;
  }
  // The next notification on `stream`, heartbeats skipped.
  std::optional<Event> next_event(RawConnection& stream) {
    const auto deadline = std::chrono::steady_clock::now() + kEventWait;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto block = stream.read_through("\n\n", left);
      if (!block) return std::nullopt;
      if (block->rfind(":", 0) == 0) continue;  // a heartbeat
      return parse_event(*block);
    }
  }
  std::int64_t pay(const Account& who, const std::string& transaction) {
    RawResponse paid =
        post(who, "/api/v1/payments", {{"plan_id", weekly}, {"operator", "mtn"}, {"payer_phone", "078 100 0001"}, {"transaction_id", transaction}});
    EXPECT_EQ(paid.status, 201) << paid.describe();
    return body_of(paid)["payment"]["id"].get<std::int64_t>();
  }

  std::filesystem::path m_config;
  std::int64_t weekly = 0;
  Account aline, eric, teta;
};

TEST_F(LiveEvents, ARequestReachesTheStaffAndItsApprovalTheStudentAndNoOneElse) {
  auto staff_stream = open_stream(teta);
  auto aline_stream = open_stream(aline);
  auto eric_stream = open_stream(eric);

  const std::int64_t payment = pay(aline, "MP240101.1234.A00001");
  auto requested = next_event(*staff_stream);
  ASSERT_TRUE(requested) << "staff stream: " << staff_stream->buffered();
  EXPECT_EQ(requested->kind, "payment.requested");
  EXPECT_EQ(requested->data["payment"], payment);

  ASSERT_EQ(post_empty(teta, "/api/v1/payments/" + std::to_string(payment) + "/approve").status, 200);
  auto approved = next_event(*aline_stream);
  ASSERT_TRUE(approved) << "student stream: " << aline_stream->buffered();
  EXPECT_EQ(approved->kind, "payment.approved");
  EXPECT_EQ(approved->data["payment"], payment);
  // The id is the inbox's: the same notification GET /api/v1/me/notifications lists.
  const nlohmann::json inbox = body_of(get(aline, "/api/v1/me/notifications"))["notifications"];
  ASSERT_FALSE(inbox.empty());
  EXPECT_EQ(inbox[0]["id"], approved->id);

  // Eric's stream carried only heartbeats.
  auto beat = eric_stream->read_through("\n\n", kEventWait);
  ASSERT_TRUE(beat);
  EXPECT_EQ(*beat, ":\n\n");
  EXPECT_EQ(eric_stream->buffered().find("payment"), std::string::npos);
}

TEST_F(LiveEvents, AStreamThatComesBackGetsWhatItMissedInOrderAndNothingBefore) {
  auto staff_stream = open_stream(teta);
  const std::int64_t first = pay(aline, "MP240101.1234.A00011");
  auto seen = next_event(*staff_stream);
  ASSERT_TRUE(seen);
  staff_stream->close();

  // While the staff member is away, two more requests.
  const std::int64_t second = pay(eric, "MP240101.1234.A00012");
  const std::int64_t third = pay(aline, "MP240101.1234.A00013");
  auto resumed = open_stream(teta, {"Last-Event-ID: " + std::to_string(seen->id)});
  auto a = next_event(*resumed);
  auto b = next_event(*resumed);
  ASSERT_TRUE(a && b) << resumed->buffered();
  EXPECT_EQ(a->data["payment"], second);
  EXPECT_EQ(b->data["payment"], third);
  EXPECT_LT(a->id, b->id);
  EXPECT_NE(a->data["payment"], first);

  // ?after= does the same for a page that has just read its inbox.
  auto from_inbox = open_stream(teta, {}, "?after=" + std::to_string(a->id));
  auto c = next_event(*from_inbox);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->id, b->id);
}

TEST_F(LiveEvents, NoSignInIsA401AndStreamsCostNoThreadEach) {
  RawResponse anonymous = testing::round_trip(port, testing::request_text("GET", "/api/v1/me/events"));
  EXPECT_EQ(anonymous.status, 401) << anonymous.describe();
  EXPECT_EQ(testing::error_code_of(anonymous), "not_signed_in");

  const long threads_before = testing::proc_status(server->pid(), "Threads");
  std::vector<std::unique_ptr<RawConnection>> streams;
  for (int i = 0; i < 100; ++i) streams.push_back(open_stream(i % 2 ? aline : eric));
  // Each got its heartbeat: they are open and served.
  for (auto& stream : streams) EXPECT_TRUE(stream->read_through(":\n\n", kEventWait).has_value());
  const long threads_after = testing::proc_status(server->pid(), "Threads");
  EXPECT_LE(threads_after, threads_before + 4) << "100 open streams took " << threads_after - threads_before << " threads";
}

// Through nginx as a school runs it (buffering proxied answers by default): X-Accel-Buffering: no
// makes it pass each event on at once.
class LiveEventsThroughNginx : public LiveEvents {
protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(testing::kNginx)) << testing::kNginx << " is missing: tools/setup.sh installs Debian's nginx";
    LiveEvents::SetUp();
    if (HasFatalFailure()) return;
    proxy = std::make_unique<testing::NginxProxy>(port);
    ASSERT_TRUE(proxy->started()) << proxy->failure_context();
  }
  void TearDown() override {
    if (HasFailure() && proxy) std::cerr << proxy->failure_context();
    proxy.reset();
    LiveEvents::TearDown();
  }
  std::unique_ptr<testing::NginxProxy> proxy;
};

TEST_F(LiveEventsThroughNginx, EventsPassThroughAtOnce) {
  RawConnection stream(proxy->port());
  ASSERT_TRUE(stream.send(testing::request_text("GET", "/api/v1/me/events", {"Cookie: " + teta.cookie})));
  RawResponse head = stream.read_stream_head();
  ASSERT_EQ(head.status, 200) << head.describe();
  EXPECT_EQ(head.header("Content-Type"), "text/event-stream");
  // nginx answers HTTP/1.1 clients with chunked framing; the events inside are the same.
  const std::int64_t payment = pay(aline, "MP240101.1234.A00021");
  auto arrived = stream.read_through("event: notification", kEventWait);
  ASSERT_TRUE(arrived) << "through nginx: " << stream.buffered();
  auto data = stream.read_through("\n\n", kEventWait);
  ASSERT_TRUE(data);
  EXPECT_NE(data->find("\"payment\":" + std::to_string(payment)), std::string::npos) << *data;
}

}  // namespace
}  // namespace umuhanda
