// Format names map to formats.
#include <gtest/gtest.h>

#include "formats.hpp"

namespace umuhanda {
namespace {

TEST(ExchangeFormat, KnowsItsNames) {
  EXPECT_EQ(exchange_format_from("csv"), ExchangeFormat::csv);
  EXPECT_EQ(exchange_format_from("django"), ExchangeFormat::django);
  EXPECT_FALSE(exchange_format_from("xlsx").has_value());
}

}  // namespace
}  // namespace umuhanda
