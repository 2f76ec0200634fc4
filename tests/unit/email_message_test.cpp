// Notification emails as SMTP carries them: any language in the subject and body survives the
// trip, nothing a user typed adds a header, and every line stays within SMTP's limits.
#include <gtest/gtest.h>
#include <sodium.h>

#include "delivery/email_message.hpp"
#include "delivery/notification_delivery.hpp"

namespace umuhanda {
namespace {

EmailMessage french_message() {
  return EmailMessage{"Auto-école de Kigali <no-reply@school.rw>",
                      "aline@example.rw",
                      "Votre paiement est approuvé : Hebdomadaire, du 7 décembre au 14 décembre, à l'auto-école",
                      "Bonjour Aline,\n\nVotre formule court du 2026-12-07 09:00 au 2026-12-14 09:00.\n",
                      "<notification-12.1796630400@umuhanda>",
                      1796630400};
}

std::string decode(std::string_view base64) {
  std::string out(base64.size(), '\0');
  std::size_t length = 0;
  EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), base64.data(), base64.size(), "\r\n", &length, nullptr,
                              sodium_base64_VARIANT_ORIGINAL),
            0);
  out.resize(length);
  return out;
}

TEST(EmailMessage, HeadersAndABase64BodyWithCrlfLinesNoneLongerThan78) {
  const std::string text = compose_email(french_message());
  EXPECT_EQ(text.find("Date: Mon, 07 Dec 2026 "), 0u) << text;
  EXPECT_NE(text.find("\r\nTo: aline@example.rw\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nMessage-ID: <notification-12.1796630400@umuhanda>\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"), std::string::npos);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = text.find("\r\n", at);
    ASSERT_NE(end, std::string::npos) << "every line ends with CRLF";
    EXPECT_LE(end - at, 78u) << text.substr(at, end - at);
    EXPECT_EQ(text.substr(at, end - at).find('\n'), std::string::npos) << "no bare line feed";
    at = end + 2;
  }
  const std::string body = text.substr(text.find("\r\n\r\n") + 4);
  EXPECT_EQ(decode(body), "Bonjour Aline,\r\n\r\nVotre formule court du 2026-12-07 09:00 au 2026-12-14 09:00.\r\n");
}

TEST(EmailMessage, AnAccentedSubjectAndSenderAreEncodedWordsThatDecodeBack) {
  const std::string text = compose_email(french_message());
  const std::string subject_line = text.substr(text.find("Subject: ") + 9, text.find("\r\nMessage-ID") - text.find("Subject: ") - 9);
  std::string decoded;
  for (std::size_t at = 0; (at = subject_line.find("=?UTF-8?B?", at)) != std::string::npos;) {
    const std::size_t end = subject_line.find("?=", at + 10);
    EXPECT_LE(end + 2 - at, 75u) << "an encoded word is at most 75 characters";
    decoded += decode(std::string_view(subject_line).substr(at + 10, end - at - 10));
    at = end + 2;
  }
  EXPECT_EQ(decoded, french_message().subject);
  EXPECT_NE(text.find("From: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(text.find("?= <no-reply@school.rw>\r\n"), std::string::npos);
  EXPECT_EQ(encode_header_value("Your payment is approved: Weekly"), "Your payment is approved: Weekly") << "plain ASCII stays as it is";
}

TEST(EmailMessage, LineBreaksInAHeaderValueCannotAddAHeader) {
  EmailMessage message = french_message();
  message.subject = "Weekly\r\nBcc: everyone@example.rw";
  message.to = "aline@example.rw\nBcc: x@example.rw";
  const std::string text = compose_email(message);
  EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos) << text;
  EXPECT_EQ(text.find("\nBcc:"), std::string::npos) << text;
}

TEST(EmailMessage, TheSendersAddressIsFoundOrTheTextIsRefused) {
  EXPECT_EQ(mailbox_address("Kigali Driving School <no-reply@school.rw>").value(), "no-reply@school.rw");
  EXPECT_EQ(mailbox_address("no-reply@school.rw").value(), "no-reply@school.rw");
  EXPECT_FALSE(mailbox_address("Kigali Driving School").has_value());
  EXPECT_FALSE(mailbox_address("School <no-reply@school.rw").has_value());
  EXPECT_FALSE(mailbox_address("a b@school.rw").has_value());
  EXPECT_FALSE(mailbox_address("@school.rw").has_value());
}

TEST(WebhookSignature, IsTheHmacOfTheTimestampAndBodySoAReplayWithAnotherTimeFails) {
  // The expected value is Python's: hmac.new(b"Jefe", b'1796630400.{"id":1}', hashlib.sha256).hexdigest().
  const std::string signature = webhook_signature("Jefe", 1796630400, "{\"id\":1}");
  EXPECT_EQ(signature, "sha256=66abcb952de5d6152b9c608fb9a1f1844947669158580acd0094948b3b15b75a");
  EXPECT_NE(signature, webhook_signature("Jefe", 1796630401, "{\"id\":1}"));
  EXPECT_NE(signature, webhook_signature("Jefe", 1796630400, "{\"id\":2}"));
  EXPECT_NE(signature, webhook_signature("Jeff", 1796630400, "{\"id\":1}"));
}

}  // namespace
}  // namespace umuhanda
