// PasswordDictionary: the words of a list (8 characters and more, any ASCII case) and runs of the
// same or consecutive characters are refused; other passwords are not.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "password_dictionary.hpp"

namespace umuhanda {
namespace {

TEST(PasswordDictionary, RefusesListedWordsInAnyCaseAndRunsButNotOthers) {
  const auto list = std::filesystem::temp_directory_path() / ("umuhanda-words-" + std::to_string(::getpid()));
  std::ofstream(list) << "football\nshort\nIloveYou\r\nmotdepasse\n";
  auto dictionary = PasswordDictionary::load(list);
  std::filesystem::remove(list);
  ASSERT_TRUE(dictionary.ok()) << to_string(dictionary.errors());
  EXPECT_EQ(dictionary->size(), 3u) << "\"short\" is under 8 characters: refused by length anyway";
  for (const char* weak : {"football", "FootBall", "iloveyou", "MOTDEPASSE", "aaaaaaaa", "12345678", "87654321", "abcdefghij", "zyxwvuts"}) {
    EXPECT_FALSE(dictionary->refusal(weak).empty()) << weak;
  }
  for (const char* fine : {"football!", "amahoro y'umuhanda", "12345679", "abcdefgi", "ééééééé", "correct horse battery staple"}) {
    EXPECT_EQ(dictionary->refusal(fine), "") << fine;
  }
}

TEST(PasswordDictionary, AMissingListSaysWhatToInstall) {
  auto missing = PasswordDictionary::load("/nonexistent/words");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.errors().front().message.find("cracklib-runtime"), std::string::npos);
}

// The list tools/setup.sh installs: present, and holding the classics.
TEST(PasswordDictionary, DebiansListRefusesCommonPasswords) {
  auto dictionary = PasswordDictionary::load(kDefaultPasswordDictionary);
  ASSERT_TRUE(dictionary.ok()) << to_string(dictionary.errors());
  EXPECT_GT(dictionary->size(), 20000u);
  for (const char* common : {"password", "Password", "football", "iloveyou"}) EXPECT_FALSE(dictionary->refusal(common).empty()) << common;
}

}  // namespace
}  // namespace umuhanda
