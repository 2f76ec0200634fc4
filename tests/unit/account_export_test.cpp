// An account's own data on a real SQLite file (migrated as the server migrates it): the export
// holds everything stored about the person and no secret; deleting the account removes all of it
// in one transaction, and is refused while an instructor still owns classes; whom an instructor
// teaches (for reset codes).
#include <gtest/gtest.h>

#include <mutex>

#include "account_export.hpp"
#include "api_tokens.hpp"
#include "server_app.hpp"
#include "store/sqlite_account_store.hpp"
#include "store/sqlite_class_store.hpp"
#include "store/sqlite_sync_store.hpp"
#include "store_fixture.hpp"

namespace umuhanda {
namespace {

constexpr UnixSeconds kNow = 1'800'000'000;

class AccountDataStoreTest : public testing::StoreFixture {
protected:
  User user(const std::string& name, const std::string& phone, Role role) {
    auto created = accounts->create_user(NewUser{name, phone, std::nullopt, role, "$argon2id$secret-hash"});
    EXPECT_TRUE(created.ok()) << to_string(created.errors());
    return created.ok() ? created.value() : User{};
  }
  void push(const User& who, const std::string& id, std::int64_t at_ms) {
    const std::string body = nlohmann::json{{"type", "answer"}, {"id", id}, {"answered_at_ms", at_ms}}.dump();
    auto pushed = sync->push(who.id, "phone", {SyncEvent{id, "answer", at_ms, body}});
    ASSERT_TRUE(pushed.ok()) << to_string(pushed.errors());
  }
  nlohmann::json exported(const User& who) {
    auto doc = export_account(who, *accounts, *classes, *sync, readers(), kNow);
    EXPECT_TRUE(doc.ok()) << to_string(doc.errors());
    return doc.ok() ? doc.value() : nlohmann::json();
  }
  // Rows of `table` whose `column` is the user's id.
  std::int64_t rows(const std::string& table, const std::string& column, std::int64_t user_id) {
    std::lock_guard lock(writer_mutex());
    auto query = writer().prepare("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?1");
    EXPECT_TRUE(query.ok());
    if (!query) return -1;
    query->bind(1, user_id);
    EXPECT_TRUE(query->step().ok());
    return query->column_int(0);
  }
  bool sql(const std::string& statement) {
    std::lock_guard lock(writer_mutex());
    auto done = writer().exec(statement);
    EXPECT_TRUE(done.ok()) << to_string(done.errors());
    return done.ok();
  }
  TokenInfo token(const User& who, const std::string& label) {
    std::lock_guard lock(writer_mutex());
    auto created = create_token(writer(), label, who.id);
    EXPECT_TRUE(created.ok()) << to_string(created.errors());
    return created.ok() ? created->info : TokenInfo{};
  }

  std::unique_ptr<SqliteAccountStore> accounts = make_store<SqliteAccountStore>();
  std::unique_ptr<SqliteClassStore> classes = make_store<SqliteClassStore>();
  std::unique_ptr<SqliteSyncStore> sync = make_store<SqliteSyncStore>();
};

TEST_F(AccountDataStoreTest, TheExportHoldsEverythingAboutThePersonAndNoSecret) {
  const User teta = user("Teta", "+250791000001", Role::instructor);
  const User aline = user("Aline", "+250781000001", Role::student);
  const User bosco = user("Bosco", "+250781000002", Role::student);
  auto evening = classes->create_class(NewClass{"Kigali evening", teta.id, kNow - 100});
  ASSERT_TRUE(evening.ok());
  ASSERT_TRUE(classes->join(evening->join_code, aline.id, kNow - 50).ok());
  ASSERT_TRUE(accounts->create_session(NewSession{aline.id, "token-hash-aline", "Chrome on Android", kNow - 10, 3600}).ok());
  push(aline, "phone:1", 1000);
  push(aline, "phone:2", 2000);
  push(bosco, "phone:1", 3000);
  NewResetCode code;
  code.user_id = aline.id;
  code.code_hash = "reset-code-hash";
  code.issued_by = teta.id;
  code.now = kNow - 5;
  code.expires_at = kNow + 595;
  code.tries = 5;
  ASSERT_TRUE(accounts->put_reset_code(code).ok());

  const nlohmann::json doc = exported(aline);
  EXPECT_EQ(doc["exported_at"], kNow);
  EXPECT_EQ(doc["user"]["id"], aline.id);
  EXPECT_EQ(doc["user"]["name"], "Aline");
  EXPECT_EQ(doc["user"]["phone"], "+250781000001");
  EXPECT_EQ(doc["user"]["role"], "student");
  ASSERT_EQ(doc["sessions"].size(), 1u) << doc.dump();
  EXPECT_EQ(doc["sessions"][0]["device"], "Chrome on Android");
  EXPECT_EQ(doc["sessions"][0]["created_at"], kNow - 10);
  ASSERT_EQ(doc["classes"]["member_of"].size(), 1u) << doc.dump();
  EXPECT_EQ(doc["classes"]["member_of"][0]["name"], "Kigali evening");
  EXPECT_TRUE(doc["classes"]["owned"].empty());
  ASSERT_EQ(doc["progress_events"].size(), 2u) << "hers, not Bosco's: " << doc.dump();
  EXPECT_EQ(doc["progress_events"][0]["id"], "phone:1");
  EXPECT_EQ(doc["progress_events"][1]["answered_at_ms"], 2000);
  EXPECT_EQ(doc["reset_code"]["issued_by"], teta.id);
  EXPECT_EQ(doc["reset_code"]["tries_left"], 5);
  const std::string text = doc.dump();
  for (const char* secret : {"secret-hash", "token-hash-aline", "reset-code-hash", evening->join_code.c_str()}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  }

  const TokenInfo script = token(teta, "Teta's upload script");
  const nlohmann::json staff = exported(teta);
  ASSERT_EQ(staff["api_tokens"].size(), 1u) << staff.dump();
  EXPECT_EQ(staff["api_tokens"][0]["label"], "Teta's upload script");
  EXPECT_EQ(staff["api_tokens"][0]["id"], script.id);
  EXPECT_TRUE(staff["api_tokens"][0]["revoked_at"].is_null());
  ASSERT_EQ(staff["classes"]["owned"].size(), 1u);
  EXPECT_TRUE(staff["progress_events"].empty());
}

TEST_F(AccountDataStoreTest, DeletingAnAccountRemovesEverythingThatWasTheirs) {
  const User teta = user("Teta", "+250791000001", Role::instructor);
  const User aline = user("Aline", "+250781000001", Role::student);
  const User bosco = user("Bosco", "+250781000002", Role::student);
  auto evening = classes->create_class(NewClass{"Kigali evening", teta.id, kNow});
  ASSERT_TRUE(evening.ok());
  for (const User* who : {&aline, &bosco}) {
    ASSERT_TRUE(classes->join(evening->join_code, who->id, kNow).ok());
    ASSERT_TRUE(accounts->create_session(NewSession{who->id, "session-" + who->name, "", kNow, 3600}).ok());
    push(*who, "phone:1", 1000);
  }
  NewResetCode code;
  code.user_id = aline.id;
  code.code_hash = "h";
  code.issued_by = teta.id;
  code.now = kNow;
  code.expires_at = kNow + 600;
  code.tries = 5;
  ASSERT_TRUE(accounts->put_reset_code(code).ok());

  EXPECT_EQ(accounts->delete_user(aline.id).value(), AccountDeletion::deleted);
  EXPECT_FALSE(accounts->find_user(aline.id).value());
  for (const auto& [table, column] : std::vector<std::pair<std::string, std::string>>{
           {"sessions", "user_id"}, {"progress_events", "user_id"}, {"class_members", "user_id"}, {"reset_codes", "user_id"}}) {
    EXPECT_EQ(rows(table, column, aline.id), 0) << table;
    EXPECT_EQ(rows(table, column, bosco.id), table == "reset_codes" ? 0 : 1) << table << ": Bosco's stay";
  }
  EXPECT_EQ(classes->find_class(evening->id).value()->students, 1);
  EXPECT_EQ(accounts->delete_user(aline.id).value(), AccountDeletion::no_such_user);
  EXPECT_TRUE(accounts->create_user(NewUser{"Aline again", "+250781000001", std::nullopt, Role::student, "h"}).ok())
      << "the phone number is free again";
}

TEST_F(AccountDataStoreTest, AnInstructorWhoOwnsClassesIsNotDeletedAndTheirTokensGoWithThem) {
  const User teta = user("Teta", "+250791000001", Role::instructor);
  const User aline = user("Aline", "+250781000001", Role::student);
  auto evening = classes->create_class(NewClass{"Kigali evening", teta.id, kNow});
  ASSERT_TRUE(evening.ok());
  ASSERT_TRUE(classes->join(evening->join_code, aline.id, kNow).ok());
  token(teta, "script");
  NewResetCode code;
  code.user_id = aline.id;
  code.code_hash = "h";
  code.issued_by = teta.id;
  code.now = kNow;
  code.expires_at = kNow + 600;
  code.tries = 5;
  ASSERT_TRUE(accounts->put_reset_code(code).ok());

  EXPECT_TRUE(classes->teaches(teta.id, aline.id).value());
  EXPECT_FALSE(classes->teaches(aline.id, teta.id).value());
  EXPECT_EQ(accounts->delete_user(teta.id).value(), AccountDeletion::owns_classes);
  EXPECT_TRUE(accounts->find_user(teta.id).value()) << "nothing was deleted";
  EXPECT_EQ(classes->find_class(evening->id).value()->students, 1);

  // Once the class is gone (here by SQL: the API has no route for it yet), the account goes, with
  // its tokens; a code it issued stays, without its issuer.
  ASSERT_TRUE(sql("DELETE FROM classes WHERE id = " + std::to_string(evening->id)));
  EXPECT_EQ(accounts->delete_user(teta.id).value(), AccountDeletion::deleted);
  EXPECT_EQ(rows("api_tokens", "user_id", teta.id), 0);
  auto kept = accounts->find_reset_code(aline.id, kNow + 1);
  ASSERT_TRUE(kept.ok() && kept.value());
  EXPECT_FALSE(kept.value()->issued_by.has_value());
}

}  // namespace
}  // namespace umuhanda
