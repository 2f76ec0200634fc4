// SqliteClassStore on a real SQLite file (migrated as the server migrates it): classes with fresh,
// unique join codes (a collision is drawn again), listed per instructor, for admins and per
// student; renamed, codes rotated and switched off and on; joined by code, twice without harm;
// members with their last synced activity, removed.
#include <gtest/gtest.h>

#include <deque>
#include <mutex>

#include "secret_tokens.hpp"
#include "server_app.hpp"
#include "store/sqlite_account_store.hpp"
#include "store/sqlite_class_store.hpp"
#include "store/sqlite_sync_store.hpp"
#include "store_fixture.hpp"
#include "umuhanda/account_rules.hpp"

namespace umuhanda {
namespace {

class ClassStoreTest : public testing::StoreFixture {
protected:
  std::int64_t user(const std::string& name, const std::string& phone, Role role) {
    auto created = accounts->create_user(NewUser{name, phone, std::nullopt, role, "$argon2id$stand-in"});
    EXPECT_TRUE(created.ok()) << to_string(created.errors());
    return created.ok() ? created->id : 0;
  }

  Class make(const std::string& name, std::int64_t instructor, UnixSeconds now = 1765000000) {
    auto created = store->create_class(NewClass{name, instructor, now});
    EXPECT_TRUE(created.ok()) << to_string(created.errors());
    return created.ok() ? created.value() : Class{};
  }

  std::vector<std::string> names(const Expected<std::vector<Class>>& classes) {
    EXPECT_TRUE(classes.ok()) << to_string(classes.errors());
    std::vector<std::string> list;
    if (classes) {
      for (const Class& cls : classes.value()) list.push_back(cls.name);
    }
    return list;
  }

  std::deque<std::string> codes;
  int codes_drawn = 0;
  std::unique_ptr<SqliteAccountStore> accounts = make_store<SqliteAccountStore>();
  std::unique_ptr<SqliteSyncStore> sync = make_store<SqliteSyncStore>();
  // Codes come from `codes` while it holds some, then from the real source.
  std::unique_ptr<SqliteClassStore> store = make_store<SqliteClassStore>([this] {
    ++codes_drawn;
    if (codes.empty()) return new_join_code();
    std::string code = codes.front();
    codes.pop_front();
    return code;
  });
};

TEST_F(ClassStoreTest, ANewClassHasItsInstructorAFreshCodeAndIsOpenForJoining) {
  const std::int64_t teta = user("Teta", "+250791000001", Role::instructor);
  const Class made = make("Kigali evening", teta, 1765000123);
  EXPECT_GT(made.id, 0);
  EXPECT_EQ(made.name, "Kigali evening");
  EXPECT_EQ(made.instructor_id, teta);
  EXPECT_EQ(made.instructor_name, "Teta");
  EXPECT_EQ(made.created_at, 1765000123);
  EXPECT_TRUE(made.joining);
  EXPECT_EQ(made.students, 0);
  auto canonical = normalize_code(CodeKind::join, made.join_code);
  ASSERT_TRUE(canonical.ok()) << made.join_code << ": " << to_string(canonical.errors());
  EXPECT_EQ(canonical.value(), made.join_code) << "stored in canonical form";

  auto found = store->find_class(made.id);
  ASSERT_TRUE(found.ok()) << to_string(found.errors());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(*found.value(), made);
  auto missing = store->find_class(made.id + 1);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(ClassStoreTest, ACodeAnotherClassHoldsIsDrawnAgain) {
  const std::int64_t teta = user("Teta", "+250791000001", Role::instructor);
  codes = {"AAAAAAAA"};
  const Class first = make("First", teta);
  EXPECT_EQ(first.join_code, "AAAAAAAA");
  codes = {"AAAAAAAA", "AAAAAAAA", "BBBBBBBB"};
  codes_drawn = 0;
  const Class second = make("Second", teta);
  EXPECT_EQ(second.join_code, "BBBBBBBB");
  EXPECT_EQ(codes_drawn, 3);

  // Rotating onto a taken code draws again too; a source that only repeats taken codes fails.
  codes = {"BBBBBBBB", "CCCCCCCC"};
  auto rotated = store->rotate_code(first.id);
  ASSERT_TRUE(rotated.ok()) << to_string(rotated.errors());
  EXPECT_EQ(rotated.value()->join_code, "CCCCCCCC");
  codes.assign(SqliteClassStore::kCodeAttempts, "BBBBBBBB");
  auto stuck = store->create_class(NewClass{"Third", teta, 1});
  ASSERT_FALSE(stuck.ok());
  EXPECT_EQ(stuck.errors().front().path, "join_code");
  EXPECT_EQ(names(store->all_classes()), (std::vector<std::string>{"First", "Second"})) << "nothing stored by the failed attempt";
}

TEST_F(ClassStoreTest, InstructorsListTheirOwnAdminsAllAndStudentsTheirs) {
  const std::int64_t teta = user("Teta", "+250791000001", Role::instructor);
  const std::int64_t jean = user("Jean", "+250791000002", Role::instructor);
  const std::int64_t aline = user("Aline", "+250781000001", Role::student);
  const std::int64_t eric = user("Eric", "+250781000002", Role::student);
  make("Morning", teta, 100);
  const Class evening = make("Evening", teta, 200);
  const Class weekend = make("Weekend", jean, 150);
  EXPECT_EQ(names(store->classes_of_instructor(teta)), (std::vector<std::string>{"Morning", "Evening"}));
  EXPECT_EQ(names(store->classes_of_instructor(jean)), (std::vector<std::string>{"Weekend"}));
  EXPECT_EQ(names(store->all_classes()), (std::vector<std::string>{"Morning", "Weekend", "Evening"})) << "oldest first";
  ASSERT_TRUE(store->join(evening.join_code, aline, 300).ok());
  ASSERT_TRUE(store->join(weekend.join_code, aline, 300).ok());
  EXPECT_EQ(names(store->classes_of_student(aline)), (std::vector<std::string>{"Weekend", "Evening"}));
  EXPECT_TRUE(names(store->classes_of_student(eric)).empty());
}

TEST_F(ClassStoreTest, JoiningTwiceKeepsTheFirstMembershipAndAnUnknownOrSwitchedOffCodeJoinsNobody) {
  const std::int64_t teta = user("Teta", "+250791000001", Role::instructor);
  const std::int64_t aline = user("Aline", "+250781000001", Role::student);
  const Class made = make("Evening", teta);
  auto first = store->join(made.join_code, aline, 1000);
  ASSERT_TRUE(first.ok()) << to_string(first.errors());
  ASSERT_TRUE(first->has_value());
  EXPECT_TRUE(first.value()->new_member);
  EXPECT_EQ(first.value()->joined.id, made.id);
  EXPECT_EQ(first.value()->joined.students, 1);
  auto again = store->join(made.join_code, aline, 2000);
  ASSERT_TRUE(again.ok()) << to_string(again.errors());
  ASSERT_TRUE(again->has_value());
  EXPECT_FALSE(again.value()->new_member);
  EXPECT_EQ(again.value()->joined.students, 1);
  auto members = store->members(made.id);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ(members->front().joined_at, 1000) << "the first join's time";

  const std::string other = made.join_code == "ZZZZZZZZ" ? "YYYYYYYY" : "ZZZZZZZZ";
  auto unknown = store->join(other, aline, 3000);
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());

  const std::int64_t eric = user("Eric", "+250781000002", Role::student);
  auto off = store->set_joining(made.id, false);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off.value()->joining);
  auto refused = store->join(made.join_code, eric, 3000);
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->has_value()) << "a switched-off code joins nobody";
  auto on = store->set_joining(made.id, true);
  ASSERT_TRUE(on.ok());
  EXPECT_EQ(on.value()->join_code, made.join_code) << "switched on again, the same code";
  auto joined = store->join(made.join_code, eric, 3000);
  ASSERT_TRUE(joined.ok());
  EXPECT_TRUE(joined->has_value());
}

TEST_F(ClassStoreTest, RenamingAndRotatingChangeOnlyTheirClass) {
  const std::int64_t teta = user("Teta", "+250791000001", Role::instructor);
  const std::int64_t aline = user("Aline", "+250781000001", Role::student);
  const Class made = make("Evening", teta);
  const Class other = make("Morning", teta);
  auto renamed = store->rename_class(made.id, "Evening B");
  ASSERT_TRUE(renamed.ok()) << to_string(renamed.errors());
  EXPECT_EQ(renamed.value()->name, "Evening B");
  auto rotated = store->rotate_code(made.id);
  ASSERT_TRUE(rotated.ok());
  EXPECT_NE(rotated.value()->join_code, made.join_code);
  auto by_old = store->join(made.join_code, aline, 1);
  ASSERT_TRUE(by_old.ok());
  EXPECT_FALSE(by_old->has_value()) << "the old code joins nobody once rotated";
  auto by_new = store->join(rotated.value()->join_code, aline, 1);
  ASSERT_TRUE(by_new.ok());
  EXPECT_TRUE(by_new->has_value());
  auto untouched = store->find_class(other.id);
  ASSERT_TRUE(untouched.ok());
  EXPECT_EQ(*untouched.value(), other);
  for (auto missing : {store->rename_class(9999, "x"), store->rotate_code(9999), store->set_joining(9999, false)}) {
    ASSERT_TRUE(missing.ok()) << to_string(missing.errors());
    EXPECT_FALSE(missing->has_value());
  }
}

TEST_F(ClassStoreTest, MembersShowTheirLastSyncedActivityAndCanBeRemoved) {
  const std::int64_t teta = user("Teta", "+250791000001", Role::instructor);
  const std::int64_t aline = user("Aline", "+250781000001", Role::student);
  const std::int64_t eric = user("Eric", "+250781000002", Role::student);
  const Class made = make("Evening", teta);
  ASSERT_TRUE(store->join(made.join_code, eric, 10).ok());
  ASSERT_TRUE(store->join(made.join_code, aline, 20).ok());
  auto reset = [](const std::string& id, std::int64_t at_ms) {
    return SyncEvent{id, "reset", at_ms, R"({"type":"reset","id":")" + id + R"(","reset_at_ms":)" + std::to_string(at_ms) + "}"};
  };
  // Pushed out of order: the last activity is the latest time, not the last pushed.
  ASSERT_TRUE(sync->push(aline, "phone", {reset("phone:1", 5000), reset("phone:2", 9000), reset("phone:3", 7000)}).ok());

  auto members = store->members(made.id);
  ASSERT_TRUE(members.ok()) << to_string(members.errors());
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ(members.value()[0], (ClassMember{aline, "Aline", 20, 9000, 3})) << "by name";
  EXPECT_EQ(members.value()[1], (ClassMember{eric, "Eric", 10, std::nullopt, 0}));

  auto removed = store->remove_member(made.id, eric);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(removed.value());
  auto again = store->remove_member(made.id, eric);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.value()) << "no longer a member";
  auto left = store->members(made.id);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().user_id, aline);
  EXPECT_EQ(store->find_class(made.id).value()->students, 1);
}

}  // namespace
}  // namespace umuhanda
