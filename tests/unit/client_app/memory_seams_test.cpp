// The in-memory seams keep the browser implementations' promises: callbacks only on run_pending(),
// in request order; all-or-nothing writes; quota and unavailable storage as values; and responses
// shaped like emscripten_fetch's (304 without body or error, offline as status 0, cut bodies).
#include <gtest/gtest.h>

#include "platform/http_client.hpp"
#include "platform/memory/memory_http_client.hpp"
#include "platform/memory/memory_key_value_store.hpp"

namespace umuhanda {
namespace {

std::optional<StorageError> open_now(MemoryKeyValueStore& storage) {
  std::optional<StorageError> result = StorageError{};
  storage.open([&](std::optional<StorageError> error) { result = std::move(error); });
  storage.run_pending();
  return result;
}

std::optional<StorageError> write_now(MemoryKeyValueStore& storage, std::vector<KeyValueWrite> writes) {
  std::optional<StorageError> result = StorageError{StorageErrorKind::failed, "callback never ran"};
  storage.write(std::move(writes), WriteDurability::strict, [&](std::optional<StorageError> error) { result = std::move(error); });
  storage.run_pending();
  return result;
}

HttpResponse get_now(MemoryHttpClient& http, HttpRequest request, std::vector<HttpProgress>* progress = nullptr) {
  HttpResponse result;
  result.error = "callback never ran";
  if (progress) request.on_progress = [progress](const HttpProgress& p) { progress->push_back(p); };
  http.send(std::move(request), [&](HttpResponse response) { result = std::move(response); });
  http.run_pending();
  return result;
}

// [SECTION] KeyValueStore

TEST(MemoryKeyValueStore, CallbacksRunOnlyOnRunPendingInRequestOrder) {
  MemoryKeyValueStore storage;
  ASSERT_FALSE(open_now(storage).has_value());
  std::vector<std::string> events;
  storage.put(stores::kMeta, "k", "one", WriteDurability::strict,
              [&](std::optional<StorageError> error) { events.push_back(error ? "write failed" : "written"); });
  storage.get(stores::kMeta, "k", [&](StorageResult<std::optional<std::string>> got) { events.push_back("read " + got.value.value_or("<none>")); });
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(storage.pending(), 2u);
  EXPECT_EQ(storage.run_pending(), 2u);
  EXPECT_EQ(events, (std::vector<std::string>{"written", "read one"}));  // the read sees the write made before it
}

TEST(MemoryKeyValueStore, ReadsListAndDeleteByStore) {
  MemoryKeyValueStore storage;
  ASSERT_FALSE(open_now(storage).has_value());
  ASSERT_FALSE(write_now(storage, {{stores::kMedia, "b", "2"}, {stores::kMedia, "a", "1"}, {stores::kMeta, "x", "meta"}}).has_value());
  std::vector<KeyValue> all;
  std::vector<std::string> keys;
  storage.get_all(stores::kMedia, [&](StorageResult<std::vector<KeyValue>> got) { all = got.value; });
  storage.keys(stores::kMedia, [&](StorageResult<std::vector<std::string>> got) { keys = got.value; });
  storage.run_pending();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].key, "a");
  EXPECT_EQ(all[0].value, "1");
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b"}));
  ASSERT_FALSE(write_now(storage, {{stores::kMedia, "a", std::nullopt}}).has_value());
  EXPECT_EQ(storage.stored_keys(stores::kMedia), std::vector<std::string>{"b"});
  EXPECT_EQ(storage.value(stores::kMeta, "x"), "meta");
}

TEST(MemoryKeyValueStore, AWriteOverQuotaStoresNothingOfIt) {
  MemoryKeyValueStore storage;
  ASSERT_FALSE(open_now(storage).has_value());
  storage.set_quota(10);
  const auto error = write_now(storage, {{stores::kMedia, "small", "1234"}, {stores::kMedia, "large", "12345678"}});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, StorageErrorKind::quota_exceeded);
  EXPECT_NE(error->message.find("media/large"), std::string::npos) << error->message;
  EXPECT_EQ(storage.count(stores::kMedia), 0u);  // "small" alone would have fitted
  EXPECT_FALSE(write_now(storage, {{stores::kMedia, "small", "1234"}}).has_value());
  EXPECT_EQ(storage.bytes_stored(), 4u);
  ASSERT_EQ(storage.write_log().size(), 2u);
  EXPECT_EQ(storage.write_log()[0].error->kind, StorageErrorKind::quota_exceeded);
  EXPECT_EQ(storage.write_log()[0].keys, (std::vector<std::string>{"media/small", "media/large"}));
}

TEST(MemoryKeyValueStore, InjectedFailuresAreValuesAndLeaveNoTrace) {
  MemoryKeyValueStore storage;
  storage.seed(stores::kMeta, "device", "kept");
  ASSERT_FALSE(open_now(storage).has_value());
  EXPECT_EQ(storage.value(stores::kMeta, "device"), "kept");  // opening keeps what an earlier visit stored

  storage.fail_next_writes(StorageError{StorageErrorKind::failed, "disk error"});
  const auto failed = write_now(storage, {{stores::kMeta, "device", "new"}, {stores::kProgress, "d:1", "{}"}});
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->kind, StorageErrorKind::failed);
  EXPECT_EQ(storage.value(stores::kMeta, "device"), "kept");
  EXPECT_EQ(storage.count(stores::kProgress), 0u);
  EXPECT_FALSE(write_now(storage, {{stores::kMeta, "device", "new"}}).has_value());  // only the next one failed

  const auto unknown = write_now(storage, {{stores::kMeta, "device", "newer"}, {"no-such-store", "k", "v"}});
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(storage.value(stores::kMeta, "device"), "new");

  storage.fail_next_reads(StorageError{StorageErrorKind::failed, "read error"});
  StorageResult<std::optional<std::string>> got;
  storage.get(stores::kMeta, "device", [&](StorageResult<std::optional<std::string>> result) { got = std::move(result); });
  storage.run_pending();
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error->message.find("get meta/device"), std::string::npos) << got.error->message;

  storage.close();
  const auto closed = write_now(storage, {{stores::kMeta, "device", "newest"}});
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->kind, StorageErrorKind::unavailable);
}

TEST(MemoryKeyValueStore, UnavailableStorageFailsToOpenAndToServe) {
  MemoryKeyValueStore storage;
  const auto before_open = write_now(storage, {{stores::kMeta, "k", "v"}});
  ASSERT_TRUE(before_open.has_value());
  EXPECT_EQ(before_open->kind, StorageErrorKind::unavailable);
  storage.fail_open("private browsing");
  const auto opened = open_now(storage);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->kind, StorageErrorKind::unavailable);
  EXPECT_NE(opened->message.find("private browsing"), std::string::npos);
}

TEST(MemoryKeyValueStore, DiscardedRequestsNeverComplete) {
  MemoryKeyValueStore storage;
  ASSERT_FALSE(open_now(storage).has_value());
  bool called = false;
  storage.put(stores::kMeta, "k", "v", WriteDurability::strict, [&](std::optional<StorageError>) { called = true; });
  storage.discard_pending();
  EXPECT_EQ(storage.run_pending(), 0u);
  EXPECT_FALSE(called);
  EXPECT_EQ(storage.count(stores::kMeta), 0u);
}

// [SECTION] HttpClient

TEST(MemoryHttpClient, ServesWithEtagAndAnswers304LikeTheBrowser) {
  MemoryHttpClient http;
  http.serve("/a", "hello", "\"e1\"");
  bool answered = false;
  http.get("/a", {}, [&](HttpResponse) { answered = true; });
  EXPECT_FALSE(answered);  // never during send()
  http.run_pending();
  EXPECT_TRUE(answered);

  const HttpResponse fresh = get_now(http, HttpRequest::to("/a"));
  EXPECT_EQ(fresh.status, 200);
  EXPECT_EQ(fresh.body, "hello");
  EXPECT_EQ(fresh.etag, "\"e1\"");
  EXPECT_TRUE(fresh.complete);
  EXPECT_TRUE(fresh.error.empty());

  const HttpResponse same = get_now(http, HttpRequest::to("/a", {{"if-none-match", "\"e0\", \"e1\""}}));
  EXPECT_TRUE(same.not_modified());
  EXPECT_TRUE(same.body.empty());
  EXPECT_TRUE(same.error.empty());  // emscripten_fetch reports it through onerror, but it is no error
  EXPECT_EQ(same.etag, "\"e1\"");
  EXPECT_FALSE(same.complete);

  EXPECT_EQ(get_now(http, HttpRequest::to("/a", {{"If-None-Match", "\"e0\""}})).status, 200);
  EXPECT_EQ(get_now(http, HttpRequest::to("/missing")).status, 404);
  ASSERT_EQ(http.count("/a"), 4u);
  EXPECT_EQ(http.requests()[2].header("If-None-Match"), "\"e0\", \"e1\"");
  EXPECT_EQ(http.answered(), 5u);
}

TEST(MemoryHttpClient, OfflineHasNoStatusAndSaysWhy) {
  MemoryHttpClient http;
  http.serve("/a", "hello", "\"e1\"");
  http.set_offline(true);
  const HttpResponse response = get_now(http, HttpRequest::to("/a"));
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.ok());
  EXPECT_FALSE(response.complete);
  EXPECT_TRUE(response.etag.empty());
  EXPECT_EQ(response.error, "no connection to the server");
}

TEST(MemoryHttpClient, IncompleteBodiesAreNotComplete) {
  MemoryHttpClient http;
  MemoryHttpReply cut = MemoryHttpReply::ok("0123456789", "\"e\"");
  cut.cut_after = 4;
  http.reply("/cut", cut);
  MemoryHttpReply short_body = MemoryHttpReply::ok("0123");
  short_body.headers = {{"Content-Length", "10"}};
  http.reply("/short", short_body);
  MemoryHttpReply gzip = MemoryHttpReply::ok("0123456789");
  gzip.headers = {{"Content-Length", "3"}, {"Content-Encoding", "gzip"}};
  gzip.progress_events = 2;
  http.reply("/gzip", gzip);

  const HttpResponse cut_response = get_now(http, HttpRequest::to("/cut"));
  EXPECT_EQ(cut_response.status, 200);  // XHR fires `error` with the status it had
  EXPECT_EQ(cut_response.body, "0123");
  EXPECT_FALSE(cut_response.complete);
  EXPECT_FALSE(cut_response.error.empty());

  const HttpResponse short_response = get_now(http, HttpRequest::to("/short"));
  EXPECT_FALSE(short_response.complete);  // ended normally, but Content-Length says 10 bytes
  EXPECT_TRUE(short_response.error.empty());

  std::vector<HttpProgress> progress;
  const HttpResponse gzip_response = get_now(http, HttpRequest::to("/gzip"), &progress);
  EXPECT_TRUE(gzip_response.complete);  // the length counts compressed bytes: nothing to compare
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_EQ(progress[0].bytes_received, 5u);
  EXPECT_EQ(progress[1].bytes_received, 10u);
  EXPECT_EQ(progress[1].bytes_total, 0u);  // browsers report no total for an encoded body
}

TEST(MemoryHttpClient, AHandlerAnswersFirstAndSeesTheRequest) {
  MemoryHttpClient http;
  http.serve("/a", "served");
  http.set_handler([](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url != "/a") return std::nullopt;
    return MemoryHttpReply::error(503, "busy");
  });
  const HttpResponse response = get_now(http, HttpRequest::to("/a"));
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.error, "the server answered 503");
  EXPECT_FALSE(response.complete);
}

TEST(HttpHeaders, FindsTrimmedCaseInsensitiveValuesAndJudgesCompleteness) {
  const std::string headers = "content-type: application/json\r\nETag:  \"abc\"\r\ncontent-length: 12\r\n";
  EXPECT_EQ(find_response_header(headers, "etag"), "\"abc\"");
  EXPECT_EQ(find_response_header(headers, "Content-Length"), "12");
  EXPECT_FALSE(find_response_header(headers, "Content-Encoding").has_value());
  EXPECT_TRUE(response_body_is_complete(headers, 12));
  EXPECT_FALSE(response_body_is_complete(headers, 11));
  EXPECT_TRUE(response_body_is_complete("Content-Encoding: br\r\nContent-Length: 3\r\n", 40));
  EXPECT_TRUE(response_body_is_complete("", 40));
}

}  // namespace
}  // namespace umuhanda
