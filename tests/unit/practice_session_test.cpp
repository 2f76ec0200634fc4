// PracticeSession: answering, feedback, moving on.
#include <gtest/gtest.h>

#include "test_packs.hpp"
#include "umuhanda/practice_session.hpp"

namespace umuhanda {
namespace {

TEST(PracticeSession, StartsAtTheFirstQuestionUnanswered) {
  PracticeSession session(testing::make_valid_pack());
  EXPECT_EQ(session.position(), 0u);
  EXPECT_EQ(session.current().id, "q1");
  EXPECT_FALSE(session.answered());
  EXPECT_FALSE(session.outcome().has_value());
}

TEST(PracticeSession, TellsRightFromWrong) {
  PracticeSession session(testing::make_valid_pack());  // every test question's correct choice is 1
  ASSERT_TRUE(session.answer(1));
  EXPECT_EQ(session.outcome(), AnswerOutcome::right);
  ASSERT_TRUE(session.next());
  ASSERT_TRUE(session.answer(0));
  EXPECT_EQ(session.outcome(), AnswerOutcome::wrong);
  EXPECT_EQ(session.answered_count(), 2u);
  EXPECT_EQ(session.right_count(), 1u);
}

TEST(PracticeSession, AnAnswerCannotBeChangedOrOutOfRange) {
  PracticeSession session(testing::make_valid_pack());
  EXPECT_FALSE(session.answer(3));
  EXPECT_FALSE(session.answered());
  EXPECT_TRUE(session.answer(0));
  EXPECT_FALSE(session.answer(1));
  EXPECT_EQ(session.selected(), 0u);
}

TEST(PracticeSession, NextNeedsAnAnswerAndWraps) {
  PracticeSession session(testing::make_valid_pack());
  EXPECT_FALSE(session.next());
  session.answer(1);
  session.next();
  session.answer(1);
  EXPECT_TRUE(session.next());
  EXPECT_EQ(session.position(), 0u);
  EXPECT_FALSE(session.answered());
}

}  // namespace
}  // namespace umuhanda
