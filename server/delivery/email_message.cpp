// RFC 5322 and MIME for notification emails (see email_message.hpp).
#include "delivery/email_message.hpp"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdio>

namespace umuhanda {
namespace {

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string one_line(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

bool plain_ascii(std::string_view value) {
  for (unsigned char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return value.find("=?") == std::string_view::npos;  // would read as an encoded word
}

// Where a chunk of at most `limit` bytes starting at `from` may end without cutting a character.
std::size_t chunk_end(std::string_view text, std::size_t from, std::size_t limit) {
  std::size_t end = std::min(text.size(), from + limit);
  while (end > from && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return end;
}

}  // namespace

std::string encode_header_value(std::string_view raw) {
  const std::string value = one_line(raw);
  if (plain_ascii(value)) return value;
  // 39 bytes make 52 base64 characters; with "=?UTF-8?B?" and "?=" a word is 64, under RFC 2047's
  // 75, and "Subject: " before the first keeps the line under RFC 5322's 78.
  std::string out;
  for (std::size_t at = 0; at < value.size();) {
    const std::size_t end = chunk_end(value, at, 39);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(value).substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::optional<std::string> mailbox_address(std::string_view text) {
  std::string_view address = text;
  if (const auto open = text.rfind('<'); open != std::string_view::npos) {
    const auto close = text.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    address = text.substr(open + 1, close - open - 1);
  }
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return std::nullopt;
  for (char c : address) {
    if (c == ' ' || c == '<' || c == '>' || c == '\r' || c == '\n' || c == '\t' || c == ',') return std::nullopt;
  }
  return std::string(address);
}

std::string rfc5322_date(std::int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds instant{seconds{unix_seconds}};
  const auto day = floor<days>(instant);
  const year_month_day date{day};
  const hh_mm_ss time{instant - day};
  static constexpr std::array<const char*, 7> kWeekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[48];
  std::snprintf(text, sizeof text, "%s, %02u %s %04d %02d:%02d:%02d +0000", kWeekdays[weekday{day}.c_encoding()], static_cast<unsigned>(date.day()),
                kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return text;
}

std::string compose_email(const EmailMessage& message) {
  // The display name of From may be any language; the address part stays as it is.
  std::string from = one_line(message.from);
  if (const auto open = from.rfind('<'); open != std::string::npos && open > 0) {
    std::string name = from.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    const bool quotable = plain_ascii(name) && name.find_first_of("\"\\") == std::string::npos;
    from = (quotable ? "\"" + name + "\"" : encode_header_value(name)) + " " + from.substr(open);
  }
  std::string text;
  text += "Date: " + rfc5322_date(message.date) + "\r\n";
  text += "From: " + from + "\r\n";
  text += "To: " + one_line(message.to) + "\r\n";
  text += "Subject: " + encode_header_value(message.subject) + "\r\n";
  text += "Message-ID: " + one_line(message.message_id) + "\r\n";
  text += "MIME-Version: 1.0\r\n";
  text += "Content-Type: text/plain; charset=UTF-8\r\n";
  text += "Content-Transfer-Encoding: base64\r\n";
  text += "\r\n";
  // The body's own line ends become CRLF before encoding, as text/plain wants.
  std::string body;
  for (char c : message.body) {
    if (c == '\n') body += "\r\n";
    else if (c != '\r') body += c;
  }
  const std::string encoded = base64(body);
  for (std::size_t at = 0; at < encoded.size(); at += 76) text += encoded.substr(at, 76) + "\r\n";
  return text;
}

}  // namespace umuhanda
