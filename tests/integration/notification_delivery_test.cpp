// Notifications leave the server by email and webhook (docs/notifications.md), against real
// services on loopback: an SMTP server (Debian's python3-aiosmtpd, smtp_sink.py) that requires
// STARTTLS and a login and refuses the first message, and a webhook receiver in this process that
// answers 500 before it answers 200. Each message arrives once, in its reader's language, the
// webhook's signed; a channel that worked is not used again when the other is retried; nothing
// private reaches the server's log.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sodium.h>
#include <sys/wait.h>

#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "nginx_proxy.hpp"  // free_loopback_port, read_text
#include "signed_in_test_support.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::CommandRun;
using testing::eventually;
using testing::RawResponse;
using testing::run_command;

const std::string kSecret = "webhook-secret-for-tests";
const std::string kSmtpPassword = "mail-password-for-tests";

std::string base64_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), "\r\n ", &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return "<not base64>";
  out.resize(length);
  return out;
}

// An email as the sink stored it: headers (encoded words decoded, folded lines joined) and body.
struct ReceivedEmail {
  std::map<std::string, std::string> headers;
  std::string body;
};

std::string decode_words(const std::string& value) {
  std::string out;
  std::size_t at = 0;
  while (at < value.size()) {
    const auto start = value.find("=?UTF-8?B?", at);
    if (start == std::string::npos) {
      out += value.substr(at);
      break;
    }
    std::string between = value.substr(at, start - at);
    if (between.find_first_not_of(" \t\r\n") != std::string::npos) out += between;  // space between words is not text
    const auto end = value.find("?=", start + 10);
    out += base64_decode(std::string_view(value).substr(start + 10, end - start - 10));
    at = end + 2;
  }
  return out;
}

ReceivedEmail parse_email(const std::string& text) {
  ReceivedEmail email;
  const auto split = text.find("\n\n");
  std::istringstream head(text.substr(0, split));
  std::string line, name;
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      email.headers[name] += line;
      continue;
    }
    const auto colon = line.find(':');
    name = line.substr(0, colon);
    email.headers[name] = line.substr(colon + 2);
  }
  for (auto& [key, value] : email.headers) value = decode_words(value);
  email.body = base64_decode(text.substr(split + 2));
  return email;
}

// The webhook receiver: answers 500 to the first `failures` messages, then 200; keeps every one.
struct WebhookReceiver {
  struct Received {
    std::string body, timestamp, signature, delivery;
    int answered = 0;
  };
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::mutex mutex;
  std::vector<Received> received;
  int failures = 0;

  explicit WebhookReceiver(int fail_first) : failures(fail_first) {
    server.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      Received one{req.body, req.get_header_value("X-Umuhanda-Timestamp"), req.get_header_value("X-Umuhanda-Signature"),
                   req.get_header_value("X-Umuhanda-Delivery")};
      one.answered = failures > 0 ? 500 : 200;
      if (failures > 0) --failures;
      res.status = one.answered;
      received.push_back(std::move(one));
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~WebhookReceiver() {
    server.stop();
    thread.join();
  }
  std::vector<Received> accepted() {
    std::lock_guard lock(mutex);
    std::vector<Received> ok;
    for (const auto& one : received)
      if (one.answered == 200) ok.push_back(one);
    return ok;
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return received.size();
  }
};

// smtp_sink.py in a process of its own.
struct SmtpSink {
  pid_t pid = -1;
  int port = 0;
  std::filesystem::path maildir;

  SmtpSink(const std::filesystem::path& folder, const std::vector<std::string>& options, int fixed_port = 0) : maildir(folder / "maildir") {
    std::vector<std::string> args = {"/usr/bin/python3", std::string(UMUHANDA_SOURCE_DIR) + "/tests/integration/smtp_sink.py",
                                     "--maildir",        maildir.string(),
                                     "--port",           std::to_string(fixed_port)};
    args.insert(args.end(), options.begin(), options.end());
    int out = -1;
    pid = testing::spawn_process(args, folder / "sink.log", &out);
    if (pid < 0) return;
    // The sink prints its port once it listens: the test reads it rather than guessing a delay.
    std::string text;
    char buffer[64];
    for (ssize_t n; (n = ::read(out, buffer, sizeof buffer)) > 0;) {
      text.append(buffer, static_cast<std::size_t>(n));
      if (text.find('\n') != std::string::npos) break;
    }
    ::close(out);
    port = std::atoi(text.c_str());
  }
  ~SmtpSink() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      testing::wait_for_exit(pid);
    }
  }
  std::vector<ReceivedEmail> messages() const {
    std::vector<ReceivedEmail> out;
    if (!std::filesystem::exists(maildir / "new")) return out;
    for (const auto& entry : std::filesystem::directory_iterator(maildir / "new")) out.push_back(parse_email(testing::read_text(entry.path())));
    return out;
  }
};

class NotificationDelivery : public testing::SignedInTest {
protected:
  void SetUp() override {
    m_folder = std::filesystem::temp_directory_path() /
               ("umuhanda-delivery-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_folder);
    std::filesystem::create_directories(m_folder);
    std::ofstream(m_folder / "pay.json") << R"({"operators": [{"id": "mtn", "name": "MTN MoMo", "payee": "Auto-Ecole Umuhanda",
                                                "merchant_code": "123456", "ussd": "*182*8*1*123456#"}]})";
    std::ofstream(m_folder / "plans.json") << R"({"plans": [
        {"slug": "weekly", "names": {"en": "Weekly", "fr": "Hebdomadaire", "rw": "Icyumweru"}, "duration_seconds": 604800, "price_rwf": 3000}]})";
    std::ofstream(m_folder / "webhook.secret") << kSecret << "\n";
    std::ofstream(m_folder / "smtp.password") << kSmtpPassword << "\n";
    const CommandRun made = run_command({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                         "-keyout", (m_folder / "key.pem").string(), "-out", (m_folder / "cert.pem").string(), "-days", "2", "-subj",
                                         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
                                        m_folder / "openssl.log");
    ASSERT_EQ(made.status, 0) << testing::read_text(m_folder / "openssl.log");
    prepare_services();
    if (HasFatalFailure()) return;
    SignedInTest::SetUp();
    if (HasFatalFailure()) return;
    const CommandRun imported =
        run_command({UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "plans", "import", (m_folder / "plans.json").string()});
    ASSERT_EQ(imported.status, 0) << imported.output;
  }
  void TearDown() override {
    SignedInTest::TearDown();
    m_sink.reset();
    m_webhook.reset();
    std::filesystem::remove_all(m_folder);
  }
  // The sink (STARTTLS, a login, the first message refused) and the webhook (two 500s first).
  virtual void prepare_services() {
    m_sink = std::make_unique<SmtpSink>(
        m_folder, std::vector<std::string>{"--cert", (m_folder / "cert.pem").string(), "--key", (m_folder / "key.pem").string(), "--user", "school",
                                           "--password", kSmtpPassword, "--refuse-first", "1"});
    ASSERT_GT(m_sink->port, 0) << testing::read_text(m_folder / "sink.log");
    m_smtp_port = m_sink->port;
    m_webhook = std::make_unique<WebhookReceiver>(2);
    ASSERT_GT(m_webhook->port, 0);
  }
  std::vector<std::string> extra_arguments() override {
    return {"--payment-instructions",
            (m_folder / "pay.json").string(),
            "--school-name",
            "Kigali Driving School",
            "--smtp-url",
            "smtp://127.0.0.1:" + std::to_string(m_smtp_port),
            "--smtp-user",
            "school",
            "--smtp-password-file",
            (m_folder / "smtp.password").string(),
            "--smtp-ca-file",
            (m_folder / "cert.pem").string(),
            "--mail-from",
            "Kigali Driving School <no-reply@school.test>",
            "--webhook-url",
            "http://127.0.0.1:" + std::to_string(m_webhook->port) + "/hook",
            "--webhook-secret-file",
            (m_folder / "webhook.secret").string(),
            "--job-retry-scale",
            "0.001",
            "--job-poll-ms",
            "20"};
  }

  std::int64_t plan_id() {
    auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
    auto query = db->prepare("SELECT id FROM plans WHERE slug = 'weekly'");
    EXPECT_TRUE(query->step().value());
    return query->column_int(0);
  }
  std::int64_t pay(const Account& who, const std::string& transaction_id) {
    RawResponse paid = post(who, "/api/v1/payments",
                            {{"plan_id", plan_id()}, {"operator", "mtn"}, {"payer_phone", "078 100 0001"}, {"transaction_id", transaction_id}});
    EXPECT_EQ(paid.status, 201) << paid.describe();
    return body_of(paid)["payment"]["id"].get<std::int64_t>();
  }
  // Delivery jobs by state.
  std::map<std::string, std::int64_t> delivery_jobs() {
    std::map<std::string, std::int64_t> states;
    auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
    auto query = db->prepare("SELECT state, COUNT(*) FROM jobs WHERE kind = 'notifications.deliver' GROUP BY state");
    while (query->step().value()) states[query->column_text(0)] = query->column_int(1);
    return states;
  }
  std::int64_t deliveries(const std::string& channel) {
    auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
    auto query = db->prepare("SELECT COUNT(*) FROM deliveries WHERE channel = ?1");
    query->bind(1, channel);
    EXPECT_TRUE(query->step().value());
    return query->column_int(0);
  }
  bool all_delivered(std::int64_t jobs) {
    const auto states = delivery_jobs();
    return states.size() == 1 && states.begin()->first == "done" && states.begin()->second == jobs;
  }

  std::filesystem::path m_folder;
  std::unique_ptr<SmtpSink> m_sink;
  std::unique_ptr<WebhookReceiver> m_webhook;
  int m_smtp_port = 0;
};

TEST_F(NotificationDelivery, EachDecisionArrivesOnceByEmailAndWebhookInTheReadersLanguageThroughRefusalsAndErrors) {
  const Account aline = student("Aline", "aline@example.rw");
  const Account eric = student("Eric", "eric@example.rw");
  const Account teta = staff("Teta", "0791000001");  // staff without an address: the webhook only
  ASSERT_EQ(post(aline, "/api/v1/me/language", {{"language", "fr"}}).status, 200);
  ASSERT_EQ(post(eric, "/api/v1/me/language", {{"language", "rw"}}).status, 200);
  EXPECT_EQ(body_of(get(aline, "/api/v1/sessions/current"))["user"]["language"], "fr");

  const std::int64_t approved = pay(aline, "MP261207.1111.A00001");
  const std::int64_t rejected = pay(eric, "MP261207.2222.B00002");
  ASSERT_EQ(post_empty(teta, "/api/v1/payments/" + std::to_string(approved) + "/approve").status, 200);
  ASSERT_EQ(post(teta, "/api/v1/payments/" + std::to_string(rejected) + "/reject", {{"reason", "No such id on our MTN statement"}}).status, 200);

  // Two requests told to Teta, an approval to Aline, a rejection to Eric: four jobs, all done.
  ASSERT_TRUE(eventually([&] { return all_delivered(4); }, std::chrono::seconds(30))) << "jobs: " << nlohmann::json(delivery_jobs()).dump() << "\n"
                                                                                      << server->log();

  // Email: one each to Aline and Eric (Teta has no address), though the sink refused the first.
  const auto emails = m_sink->messages();
  ASSERT_EQ(emails.size(), 2u);
  EXPECT_EQ(deliveries("email"), 2);
  std::map<std::string, ReceivedEmail> by_recipient;
  for (const auto& email : emails) by_recipient[email.headers.at("X-RcptTo")] = email;
  ASSERT_EQ(by_recipient.count("aline@example.rw"), 1u);
  ASSERT_EQ(by_recipient.count("eric@example.rw"), 1u);
  const ReceivedEmail& to_aline = by_recipient["aline@example.rw"];
  EXPECT_EQ(to_aline.headers.at("Subject"), "Votre paiement est approuvé : Hebdomadaire");
  EXPECT_EQ(to_aline.headers.at("X-MailFrom"), "no-reply@school.test");
  EXPECT_EQ(to_aline.headers.at("From"), "\"Kigali Driving School\" <no-reply@school.test>");
  EXPECT_EQ(to_aline.headers.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_NE(to_aline.headers.at("Message-ID").find("<notification-"), std::string::npos);
  EXPECT_NE(to_aline.body.find("Bonjour Aline,\r\n\r\nVotre paiement est approuvé. Votre formule Hebdomadaire court du "), std::string::npos)
      << to_aline.body;
  EXPECT_NE(to_aline.body.find("Kigali Driving School"), std::string::npos);
  // Eric reads Kinyarwanda: its drafts wait for review, so he gets the English wording.
  const ReceivedEmail& to_eric = by_recipient["eric@example.rw"];
  EXPECT_EQ(to_eric.headers.at("Subject"), "Your payment request was not approved");
  EXPECT_NE(to_eric.body.find("The reason given: No such id on our MTN statement"), std::string::npos) << to_eric.body;

  // Webhook: two 500s, then each of the four once, signed.
  const auto hooks = m_webhook->accepted();
  ASSERT_EQ(hooks.size(), 4u);
  EXPECT_EQ(m_webhook->count(), 6u) << "two answered 500 and were sent again";
  EXPECT_EQ(deliveries("webhook"), 4);
  std::map<std::string, nlohmann::json> by_kind;
  std::set<std::string> ids;
  for (const auto& hook : hooks) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    const std::string signed_text = hook.timestamp + "." + hook.body;
    // HMAC-SHA256 with a key of any length, as a receiver's library computes it.
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(kSecret.data()), kSecret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size());
    crypto_auth_hmacsha256_final(&state, mac);
    char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    EXPECT_EQ(hook.signature, "sha256=" + std::string(hex));
    const auto message = nlohmann::json::parse(hook.body);
    EXPECT_EQ(std::to_string(message["id"].get<std::int64_t>()), hook.delivery);
    ids.insert(hook.delivery);
    by_kind[message["kind"].get<std::string>() + ":" + message["to"]["name"].get<std::string>()] = message;
  }
  EXPECT_EQ(ids.size(), 4u) << "each notification once";
  ASSERT_EQ(by_kind.count("payment.approved:Aline"), 1u);
  const auto& approval = by_kind["payment.approved:Aline"];
  EXPECT_EQ(approval["to"]["email"], "aline@example.rw");
  EXPECT_EQ(approval["to"]["language"], "fr");
  EXPECT_EQ(approval["text"]["subject"], "Votre paiement est approuvé : Hebdomadaire");
  EXPECT_EQ(approval["data"]["plan"], "weekly");
  ASSERT_EQ(by_kind.count("payment.rejected:Eric"), 1u);
  EXPECT_EQ(by_kind["payment.rejected:Eric"]["text"]["language"], "en");
  EXPECT_EQ(by_kind["payment.rejected:Eric"]["to"]["language"], "rw");
  ASSERT_EQ(by_kind.count("payment.requested:Teta"), 1u);
  EXPECT_EQ(by_kind["payment.requested:Teta"]["to"]["phone"], "+250791000001");
  EXPECT_EQ(by_kind["payment.requested:Teta"]["text"]["subject"], "New payment request: 3,000\u00a0RWF by MTN MoMo");

  // What the log says of it names neither an address nor a word of a message.
  const std::string log = server->log();
  for (const char* secret : {"aline@example.rw", "Hebdomadaire", "No such id", kSmtpPassword.c_str(), kSecret.c_str()})
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in the log:\n" << log;
}

TEST_F(NotificationDelivery, LanguagesTheServerDoesNotWriteAreRefused) {
  const Account aline = student("Aline", "aline@example.rw");
  RawResponse refused = post(aline, "/api/v1/me/language", {{"language", "de"}});
  EXPECT_EQ(refused.status, 400) << refused.describe();
  EXPECT_EQ(testing::error_code_of(refused), "bad_request");
  EXPECT_EQ(body_of(get(aline, "/api/v1/sessions/current"))["user"]["language"], "en");
  EXPECT_EQ(post_json("/api/v1/me/language", {{"language", "fr"}}).status, 401) << "a session's own";
}

// The mail server is down at first: the webhook goes out once, and stays once while the email is
// retried until the mail server is back.
class NotificationDeliveryMailDown : public NotificationDelivery {
protected:
  void prepare_services() override {
    m_smtp_port = testing::free_loopback_port();  // nothing listens there yet
    ASSERT_GT(m_smtp_port, 0);
    m_webhook = std::make_unique<WebhookReceiver>(0);
    ASSERT_GT(m_webhook->port, 0);
  }
};

TEST_F(NotificationDeliveryMailDown, AWebhookDeliveredIsNotSentAgainWhileTheEmailIsRetried) {
  const Account aline = student("Aline", "aline@example.rw");
  const Account teta = staff("Teta", "0791000001");
  const std::int64_t payment = pay(aline, "MP261207.3333.C00003");
  ASSERT_EQ(post_empty(teta, "/api/v1/payments/" + std::to_string(payment) + "/approve").status, 200);
  // Both webhook messages arrive; Aline's job keeps failing on the email.
  ASSERT_TRUE(eventually([&] { return m_webhook->accepted().size() == 2; }, std::chrono::seconds(20))) << server->log();
  ASSERT_TRUE(eventually(
      [&] {
        auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
        auto query =
            db->prepare("SELECT attempts, last_error FROM jobs WHERE kind = 'notifications.deliver' AND state = 'available' AND attempts >= 2");
        return query->step().value() && query->column_text(1).find("could not reach it") != std::string::npos;
      },
      std::chrono::seconds(20)))
      << server->log();
  EXPECT_EQ(m_webhook->count(), 2u) << "a retry for the email sends no second webhook message";

  m_sink = std::make_unique<SmtpSink>(m_folder,
                                      std::vector<std::string>{"--cert", (m_folder / "cert.pem").string(), "--key", (m_folder / "key.pem").string(),
                                                               "--user", "school", "--password", kSmtpPassword},
                                      m_smtp_port);
  ASSERT_EQ(m_sink->port, m_smtp_port) << testing::read_text(m_folder / "sink.log");
  ASSERT_TRUE(eventually([&] { return all_delivered(2); }, std::chrono::seconds(60))) << nlohmann::json(delivery_jobs()).dump() << server->log();
  EXPECT_EQ(m_sink->messages().size(), 1u);
  EXPECT_EQ(m_webhook->count(), 2u);
  EXPECT_EQ(deliveries("webhook"), 2);
  EXPECT_EQ(deliveries("email"), 1);
}

TEST_F(NotificationDeliveryMailDown, AfterAKillNineWhatWasAlreadySentIsNotSentAgain) {
  const Account aline = student("Aline", "aline@example.rw");
  const Account teta = staff("Teta", "0791000001");
  const std::int64_t payment = pay(aline, "MP261207.4444.D00004");
  ASSERT_EQ(post_empty(teta, "/api/v1/payments/" + std::to_string(payment) + "/approve").status, 200);
  // Both webhook messages are out and recorded; Aline's email keeps failing: her job is not done.
  ASSERT_TRUE(eventually([&] { return m_webhook->accepted().size() == 2 && deliveries("webhook") == 2; }, std::chrono::seconds(20))) << server->log();
  ASSERT_FALSE(all_delivered(2));
  // The server dies mid-retry; the mail server comes up; a new server runs on the same data.
  server->kill_hard();
  m_sink = std::make_unique<SmtpSink>(m_folder,
                                      std::vector<std::string>{"--cert", (m_folder / "cert.pem").string(), "--key", (m_folder / "key.pem").string(),
                                                               "--user", "school", "--password", kSmtpPassword},
                                      m_smtp_port);
  ASSERT_EQ(m_sink->port, m_smtp_port) << testing::read_text(m_folder / "sink.log");
  testing::SeededServer again(extra_arguments(), server->data_dir());
  ASSERT_TRUE(again.started()) << again.log();
  ASSERT_TRUE(eventually([&] { return all_delivered(2); }, std::chrono::seconds(60))) << nlohmann::json(delivery_jobs()).dump() << again.log();
  EXPECT_EQ(m_sink->messages().size(), 1u) << "the email, once";
  EXPECT_EQ(m_webhook->count(), 2u) << "no webhook message sent again after the restart";
  EXPECT_EQ(deliveries("email"), 1);
}

TEST(NotificationSettings, AMailServerWithoutASenderOrAWrongAddressStopsTheStartWithTheReason) {
  const auto data = std::filesystem::temp_directory_path() / ("umuhanda-delivery-settings-" + std::to_string(::getpid()));
  std::filesystem::create_directories(data);
  const CommandRun no_sender = run_command(
      {UMUHANDA_SERVER_BINARY, "--data", data.string(), "--port", "0", "--web", "", "--seed-packs", "", "--smtp-url", "smtp://127.0.0.1:25"});
  EXPECT_NE(no_sender.status, 0);
  EXPECT_NE(no_sender.output.find("--mail-from"), std::string::npos) << no_sender.output;
  const CommandRun wrong = run_command(
      {UMUHANDA_SERVER_BINARY, "--data", data.string(), "--port", "0", "--web", "", "--seed-packs", "", "--webhook-url", "ftp://gateway.test/hook"});
  EXPECT_NE(wrong.status, 0);
  EXPECT_NE(wrong.output.find("not an http:// or https:// address"), std::string::npos) << wrong.output;
  std::filesystem::remove_all(data);
}

}  // namespace
}  // namespace umuhanda
