// SqliteAccountStore on a real SQLite file (migrated as the server migrates it): users, sessions,
// idle expiry, ownership of sessions, and disabling.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "server_app.hpp"
#include "store/sqlite_account_store.hpp"
#include "store_fixture.hpp"

namespace umuhanda {
namespace {

constexpr UnixSeconds kNow = 1'800'000'000;
constexpr std::int64_t kDay = 24 * 3600;

class AccountStoreTest : public testing::StoreFixture {
protected:
  User student(const std::string& phone) {
    auto created = store->create_user(NewUser{"Aline", phone, std::nullopt, Role::student, "$argon2id$stand-in"});
    EXPECT_TRUE(created.ok()) << to_string(created.errors());
    return created.ok() ? created.value() : User{};
  }

  Session session_of(const User& user, const std::string& token_hash, UnixSeconds now = kNow, std::int64_t idle = 30 * kDay) {
    auto created = store->create_session(NewSession{user.id, token_hash, "Chrome on Android", now, idle});
    EXPECT_TRUE(created.ok()) << to_string(created.errors());
    return created.ok() ? created.value() : Session{};
  }

  std::unique_ptr<SqliteAccountStore> store = make_store<SqliteAccountStore>();
};

TEST_F(AccountStoreTest, AUserIsFoundByIdPhoneAndEmail) {
  auto created = store->create_user(NewUser{"Jean", "+250781234567", "jean@example.rw", Role::instructor, "$argon2id$x"});
  ASSERT_TRUE(created.ok()) << to_string(created.errors());
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->role, Role::instructor);
  EXPECT_GT(created->created_at, 1'700'000'000);
  EXPECT_FALSE(created->disabled());
  for (const std::string login : {"+250781234567", "jean@example.rw"}) {
    auto found = store->find_user_by_login(login);
    ASSERT_TRUE(found.ok() && found.value()) << login;
    EXPECT_EQ(found.value()->id, created->id);
    EXPECT_EQ(found.value()->name, "Jean");
    EXPECT_EQ(found.value()->email, "jean@example.rw");
    EXPECT_EQ(found.value()->password_hash, "$argon2id$x");
  }
  auto other_case = store->find_user_by_login("JEAN@example.rw");
  ASSERT_TRUE(other_case.ok() && other_case.value()) << "an email matches whatever its case";
  EXPECT_EQ(other_case.value()->id, created->id);
  auto same_mail = store->create_user(NewUser{"Jean 2", std::nullopt, "Jean@Example.rw", Role::student, "h"});
  ASSERT_FALSE(same_mail.ok());
  EXPECT_EQ(same_mail.errors().front().path, "email");
  auto by_id = store->find_user(created->id);
  ASSERT_TRUE(by_id.ok() && by_id.value());
  EXPECT_EQ(by_id.value()->phone, "+250781234567");
  auto nobody = store->find_user_by_login("+250780000000");
  ASSERT_TRUE(nobody.ok());
  EXPECT_FALSE(nobody.value());
}

TEST_F(AccountStoreTest, APhoneOrEmailBelongsToOneAccountAndOneIsNeeded) {
  student("+250781234567");
  auto again = store->create_user(NewUser{"Other", "+250781234567", std::nullopt, Role::student, "h"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.errors().front().path, "phone");
  ASSERT_TRUE(store->create_user(NewUser{"Mail", std::nullopt, "a@b.rw", Role::student, "h"}).ok());
  auto same_mail = store->create_user(NewUser{"Mail 2", "+250791234567", "a@b.rw", Role::student, "h"});
  ASSERT_FALSE(same_mail.ok());
  EXPECT_EQ(same_mail.errors().front().path, "email");
  EXPECT_FALSE(store->find_user_by_login("+250791234567").value()) << "nothing is stored when a create fails";
  auto neither = store->create_user(NewUser{"Nobody", std::nullopt, std::nullopt, Role::student, "h"});
  ASSERT_FALSE(neither.ok());
  EXPECT_EQ(neither.errors().front().path, "phone");
}

TEST_F(AccountStoreTest, ASessionIsFoundByItsTokenHashUntilItIsIdleTooLong) {
  const User user = student("+250781234567");
  const Session session = session_of(user, "hash-1", kNow, 12 * 3600);
  EXPECT_EQ(session.expires_at(), kNow + 12 * 3600);
  auto found = store->find_session("hash-1", kNow + 60);
  ASSERT_TRUE(found.ok() && found.value()) << (found.ok() ? "" : to_string(found.errors()));
  EXPECT_EQ(found.value()->session.id, session.id);
  EXPECT_EQ(found.value()->user.id, user.id);
  EXPECT_EQ(found.value()->session.device, "Chrome on Android");
  EXPECT_FALSE(store->find_session("hash-2", kNow).value());
  EXPECT_FALSE(store->find_session("hash-1", kNow + 12 * 3600).value()) << "idle for exactly the limit: ended";
}

TEST_F(AccountStoreTest, EndedSessionsOfAnyUserAreDeletedAtTheNextSignIn) {
  const User aline = student("+250781234567");
  const User bosco = student("+250791234567");
  session_of(aline, "a-ended", kNow, 60);
  session_of(aline, "a-live", kNow, kDay);
  EXPECT_TRUE(store->find_session("a-ended", kNow + 30).value()) << "still live before the sign-in";
  session_of(bosco, "b-new", kNow + 61, kDay);
  // Asked at a time it was live: its row is gone, not merely filtered out.
  EXPECT_FALSE(store->find_session("a-ended", kNow + 30).value());
  EXPECT_TRUE(store->find_session("a-live", kNow + 61).value());
  EXPECT_TRUE(store->find_session("b-new", kNow + 61).value());
}

TEST_F(AccountStoreTest, UseKeepsASessionAliveButWritesAtMostOncePerGranularity) {
  const User user = student("+250781234567");
  const Session session = session_of(user, "hash-1", kNow, kDay);
  EXPECT_FALSE(store->touch_session(session.id, kNow + 30, 60).value());
  EXPECT_EQ(store->find_session("hash-1", kNow + 31).value()->session.last_seen_at, kNow) << "within the granularity: not written";
  EXPECT_TRUE(store->touch_session(session.id, kNow + kDay - 10, 60).value());
  EXPECT_EQ(store->find_session("hash-1", kNow + kDay + 10).value()->session.last_seen_at, kNow + kDay - 10);
}

TEST_F(AccountStoreTest, AUserEndsTheirOwnSessionsOnly) {
  const User aline = student("+250781234567");
  const User bosco = student("+250791234567");
  const Session phone = session_of(aline, "a-phone", kNow);
  const Session laptop = session_of(aline, "a-laptop", kNow + 5);
  const Session tablet = session_of(aline, "a-tablet", kNow + 9);
  const Session theirs = session_of(bosco, "b-phone", kNow);
  auto listed = store->sessions_of(aline.id, kNow + 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ(listed.value()[0].id, tablet.id) << "most recently used first";
  EXPECT_EQ(listed.value()[2].id, phone.id);

  EXPECT_FALSE(store->end_session(aline.id, theirs.id).value()) << "another user's session";
  EXPECT_TRUE(store->find_session("b-phone", kNow).value());
  EXPECT_TRUE(store->end_session(aline.id, laptop.id).value());
  EXPECT_FALSE(store->find_session("a-laptop", kNow).value());

  EXPECT_EQ(store->end_sessions_of(aline.id, phone.id).value(), 1) << "sign out everywhere else";
  EXPECT_TRUE(store->find_session("a-phone", kNow + 10).value());
  EXPECT_FALSE(store->find_session("a-tablet", kNow + 10).value());
  EXPECT_TRUE(store->find_session("b-phone", kNow + 10).value());
}

TEST_F(AccountStoreTest, DisablingAnAccountEndsItsSessions) {
  const User user = student("+250781234567");
  session_of(user, "hash-1");
  ASSERT_TRUE(store->disable_user(user.id, kNow + 1).ok());
  EXPECT_FALSE(store->find_session("hash-1", kNow + 2).value());
  EXPECT_TRUE(store->sessions_of(user.id, kNow + 2)->empty());
  auto found = store->find_user(user.id);
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->disabled_at, kNow + 1);
}

TEST_F(AccountStoreTest, FailedSignInsAreCountedInARowUntilCleared) {
  const User user = student("+250781234567");
  EXPECT_EQ(store->record_failed_sign_in(user.id).value(), 1);
  EXPECT_EQ(store->record_failed_sign_in(user.id).value(), 2);
  EXPECT_EQ(store->find_user(user.id).value()->failed_sign_ins, 2);
  ASSERT_TRUE(store->clear_failed_sign_ins(user.id).ok());
  EXPECT_EQ(store->find_user(user.id).value()->failed_sign_ins, 0);
  EXPECT_EQ(store->record_failed_sign_in(user.id).value(), 1);
  EXPECT_FALSE(store->record_failed_sign_in(user.id + 100).ok());
}

TEST_F(AccountStoreTest, APasswordHashIsReplaced) {
  const User user = student("+250781234567");
  ASSERT_TRUE(store->set_password_hash(user.id, "$argon2id$new").ok());
  EXPECT_EQ(store->find_user(user.id).value()->password_hash, "$argon2id$new");
  EXPECT_FALSE(store->set_password_hash(user.id + 100, "x").ok());
}

// [SECTION] Reset codes

class ResetCodeStoreTest : public AccountStoreTest {
protected:
  NewResetCode code_for(const User& user, const std::string& hash, std::int64_t issued_by, UnixSeconds now = kNow) {
    NewResetCode code;
    code.user_id = user.id;
    code.code_hash = hash;
    code.issued_by = issued_by;
    code.now = now;
    code.expires_at = now + 600;
    code.tries = 5;
    return code;
  }
  ResetCodeCheck check(const User& user, const std::string& hash, UnixSeconds now = kNow + 1) {
    auto checked = store->check_reset_code(user.id, hash, now);
    EXPECT_TRUE(checked.ok()) << to_string(checked.errors());
    return checked.ok() ? checked.value() : ResetCodeCheck{};
  }
  static constexpr auto kRight = ResetCodeCheck::Verdict::right;
  static constexpr auto kWrong = ResetCodeCheck::Verdict::wrong;
  static constexpr auto kNone = ResetCodeCheck::Verdict::none;
};

TEST_F(ResetCodeStoreTest, ACodeIsLiveUntilItExpiresAndANewOneReplacesIt) {
  const User aline = student("+250781234567");
  const User teta = student("+250791234567");
  ASSERT_TRUE(store->put_reset_code(code_for(aline, "hash-1", teta.id)).ok());
  auto found = store->find_reset_code(aline.id, kNow + 599);
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value().value(), (ResetCode{aline.id, teta.id, kNow, kNow + 600, 5}));
  EXPECT_FALSE(store->find_reset_code(aline.id, kNow + 600).value()) << "dead from its expiry second on";
  EXPECT_EQ(check(aline, "hash-1", kNow + 599).verdict, kRight);
  EXPECT_EQ(check(aline, "hash-1", kNow + 600).verdict, kNone) << "expired";
  EXPECT_FALSE(store->find_reset_code(teta.id, kNow).value()) << "codes are per account";

  ASSERT_TRUE(store->put_reset_code(code_for(aline, "hash-2", teta.id, kNow + 700)).ok());
  EXPECT_EQ(check(aline, "hash-1", kNow + 701).verdict, kWrong) << "the old code died with the new one";
  EXPECT_EQ(check(aline, "hash-2", kNow + 702).verdict, kRight);
}

TEST_F(ResetCodeStoreTest, TheFifthWrongTryKillsTheCode) {
  const User aline = student("+250781234567");
  ASSERT_TRUE(store->put_reset_code(code_for(aline, "right", aline.id)).ok());
  for (std::int64_t left = 4; left >= 1; --left) {
    const ResetCodeCheck wrong = check(aline, "wrong");
    EXPECT_EQ(wrong.verdict, kWrong);
    EXPECT_EQ(wrong.tries_left, left);
  }
  EXPECT_EQ(check(aline, "right").verdict, kRight) << "a right code costs no try";
  EXPECT_EQ(check(aline, "right").tries_left, 1);
  const ResetCodeCheck last = check(aline, "wrong");
  EXPECT_EQ(last.verdict, kWrong);
  EXPECT_EQ(last.tries_left, 0);
  EXPECT_EQ(check(aline, "right").verdict, kNone) << "killed by the fifth wrong try";
  EXPECT_FALSE(store->find_reset_code(aline.id, kNow + 1).value());
  EXPECT_FALSE(store->reset_password(aline.id, "right", "$argon2id$new", kNow + 1).value());
  EXPECT_EQ(store->find_user(aline.id).value()->password_hash, "$argon2id$stand-in");
}

TEST_F(ResetCodeStoreTest, AResetSetsThePasswordUnlocksEndsSessionsAndUsesTheCodeUp) {
  const User aline = student("+250781234567");
  const User bosco = student("+250791234567");
  session_of(aline, "a-phone");
  session_of(bosco, "b-phone");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->record_failed_sign_in(aline.id).ok());
  ASSERT_TRUE(store->put_reset_code(code_for(aline, "right", bosco.id)).ok());
  EXPECT_FALSE(store->reset_password(aline.id, "wrong", "$argon2id$new", kNow + 1).value()) << "another code's hash resets nothing";
  EXPECT_FALSE(store->reset_password(aline.id, "right", "$argon2id$new", kNow + 600).value()) << "expired";
  EXPECT_EQ(store->find_user(aline.id).value()->password_hash, "$argon2id$stand-in");
  EXPECT_TRUE(store->find_session("a-phone", kNow + 1).value());

  ASSERT_TRUE(store->reset_password(aline.id, "right", "$argon2id$new", kNow + 1).value());
  const User after = store->find_user(aline.id).value().value();
  EXPECT_EQ(after.password_hash, "$argon2id$new");
  EXPECT_EQ(after.failed_sign_ins, 0);
  EXPECT_FALSE(store->find_session("a-phone", kNow + 2).value()) << "every session of hers ended";
  EXPECT_TRUE(store->find_session("b-phone", kNow + 2).value()) << "nobody else's";
  EXPECT_FALSE(store->reset_password(aline.id, "right", "$argon2id$again", kNow + 2).value()) << "used once";
  EXPECT_EQ(check(aline, "right").verdict, kNone);
}

TEST_F(AccountStoreTest, PeopleAreFoundByEveryWordOfANameAPhoneTypedLocallyOrARole) {
  auto make = [&](const std::string& name, std::optional<std::string> phone, std::optional<std::string> email, Role role) {
    auto created = store->create_user(NewUser{name, std::move(phone), std::move(email), role, "h"});
    EXPECT_TRUE(created.ok()) << to_string(created.errors());
    return created.ok() ? created->id : 0;
  };
  const std::int64_t aline = make("Aline Uwase", "+250781000001", std::nullopt, Role::student);
  const std::int64_t eric = make("Eric Mugisha", "+250781000002", std::nullopt, Role::student);
  const std::int64_t teta = make("Teta 100%_ Ingabire", std::nullopt, "teta@school.rw", Role::instructor);
  auto ids = [&](const std::string& text, std::optional<Role> role = std::nullopt) {
    auto found = store->find_users(UserSearch{text, role, 50});
    EXPECT_TRUE(found.ok()) << to_string(found.errors());
    std::vector<std::int64_t> result;
    if (found.ok()) {
      for (const User& user : found.value()) result.push_back(user.id);
    }
    return result;
  };
  EXPECT_EQ(ids(""), (std::vector<std::int64_t>{aline, eric, teta})) << "by name";
  EXPECT_EQ(ids("UWASE"), (std::vector<std::int64_t>{aline})) << "any case";
  EXPECT_EQ(ids("0781000002"), (std::vector<std::int64_t>{eric})) << "a local number finds the stored +250 form";
  EXPECT_EQ(ids("+250781"), (std::vector<std::int64_t>{aline, eric}));
  EXPECT_EQ(ids("mugisha  eric"), (std::vector<std::int64_t>{eric})) << "every word, any order";
  EXPECT_EQ(ids("aline mugisha"), (std::vector<std::int64_t>{})) << "every word must match";
  EXPECT_EQ(ids("100%_"), (std::vector<std::int64_t>{teta})) << "LIKE's wildcards are plain characters";
  EXPECT_EQ(ids("%"), (std::vector<std::int64_t>{teta}));
  EXPECT_EQ(ids("school.rw"), (std::vector<std::int64_t>{teta})) << "by email";
  EXPECT_EQ(ids("", Role::instructor), (std::vector<std::int64_t>{teta}));
  EXPECT_EQ(ids("a", Role::student), (std::vector<std::int64_t>{aline, eric}));
  auto limited = store->find_users(UserSearch{"", std::nullopt, 2});
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 2u);
}

TEST_F(AccountStoreTest, ARoleChangeIsAuditedInItsTransactionAndASameRoleWritesNothing) {
  const User aline = student("+250781000001");
  const std::int64_t admin = store->create_user(NewUser{"Kalisa", "+250721000009", std::nullopt, Role::admin, "h"}).value().id;
  auto changed = store->set_role(aline.id, Role::instructor, admin, kNow);
  ASSERT_TRUE(changed.ok()) << to_string(changed.errors());
  EXPECT_EQ(changed.value(), RoleChange::changed);
  EXPECT_EQ(store->find_user(aline.id).value()->role, Role::instructor);
  EXPECT_EQ(store->set_role(aline.id, Role::instructor, admin, kNow).value(), RoleChange::unchanged);
  EXPECT_EQ(store->set_role(aline.id + 100, Role::admin, admin, kNow).value(), RoleChange::no_such_user);
  auto query = writer().prepare("SELECT at, actor_id, action, subject, details FROM audit_log");
  ASSERT_TRUE(query.ok());
  ASSERT_TRUE(query->step().value());
  EXPECT_EQ(query->column_int(0), kNow);
  EXPECT_EQ(query->column_int(1), admin);
  EXPECT_EQ(query->column_text(2), "user.role_changed");
  EXPECT_EQ(query->column_text(3), "user:" + std::to_string(aline.id));
  EXPECT_EQ(nlohmann::json::parse(query->column_text(4)), (nlohmann::json{{"from", "student"}, {"to", "instructor"}, {"name", "Aline"}}));
  EXPECT_FALSE(query->step().value()) << "one entry: the unchanged role wrote none";
}

}  // namespace
}  // namespace umuhanda
