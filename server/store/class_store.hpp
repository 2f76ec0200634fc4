// Classes as the server stores them: an instructor's groups of students, each with a join code
// students type (or follow in a link) to become members. Behind an interface free of SQLite types,
// like the account store; every method is one transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/account_store.hpp"  // UnixSeconds
#include "umuhanda/expected.hpp"

namespace umuhanda {

struct NewClass {
  std::string name;  // already normalised (normalize_display_name)
  std::int64_t instructor_id = 0;
  UnixSeconds now = 0;
};

struct Class {
  std::int64_t id = 0;
  std::string name;
  std::int64_t instructor_id = 0;
  std::string instructor_name;
  std::string join_code;  // canonical (account_rules.hpp: normalize_code); display_code for people
  bool joining = true;    // false: the code is switched off and joins nobody
  UnixSeconds created_at = 0;
  std::int64_t students = 0;  // members now

  bool operator==(const Class&) const = default;
};

// A student of a class, with what their synced progress says about their activity.
struct ClassMember {
  std::int64_t user_id = 0;
  std::string name;
  UnixSeconds joined_at = 0;
  std::optional<std::int64_t> last_activity_ms;  // the latest at_ms of their synced events; none yet: nullopt
  std::int64_t events = 0;                       // synced events of any type
  bool disabled = false;                         // the account is disabled (staff, or `user disable`)

  bool operator==(const ClassMember&) const = default;
};

struct Joined {
  Class joined;
  bool new_member = false;  // false: the student was a member already (joining twice is fine)
};

// Students an instructor adds from a class list (docs/api.md, "Adding students from a file"): new
// accounts with a one-time reset code each, or existing accounts reported (and left unchanged).
struct NewStudent {
  std::string name;   // already normalised (normalize_display_name)
  std::string phone;  // E.164, already normalised: their login
};

struct StudentsToAdd {
  std::int64_t class_id = 0;
  std::vector<NewStudent> students;
  std::string password_hash;  // what new accounts get: a value no password verifies against
  // The hash of the reset code drawn for students[index], whose new account has this id (the
  // code's hash is keyed by the account, so it is made once the id is known).
  std::function<std::string(std::size_t index, std::int64_t user_id)> code_hash;
  std::int64_t issued_by = 0;  // the staff member adding them
  UnixSeconds now = 0;
  UnixSeconds expires_at = 0;  // of every new code
  std::int64_t tries = 0;
};

struct AddedStudent {
  enum class Outcome {
    created,         // a new student account, in the class, with a reset code
    added_existing,  // a student already had this phone: made a member (if not one yet), nothing else changed
    exists,          // an instructor or admin has this phone: left alone, not added
  };
  std::size_t index = 0;  // in StudentsToAdd::students
  Outcome outcome = Outcome::created;
  std::int64_t user_id = 0;
  std::string name;  // as stored: an existing account keeps its own

  bool operator==(const AddedStudent&) const = default;
};

class ClassStore {
public:
  virtual ~ClassStore() = default;

  // A new class with a fresh join code, open for joining.
  virtual Expected<Class> create_class(const NewClass& created) = 0;
  virtual Expected<std::optional<Class>> find_class(std::int64_t class_id) = 0;
  // Oldest first. The classes an instructor owns; all classes (for admins); a student's own.
  virtual Expected<std::vector<Class>> classes_of_instructor(std::int64_t instructor_id) = 0;
  virtual Expected<std::vector<Class>> all_classes() = 0;
  virtual Expected<std::vector<Class>> classes_of_student(std::int64_t user_id) = 0;
  // Whether the user is a student in one of the instructor's classes (whom the instructor manages).
  virtual Expected<bool> teaches(std::int64_t instructor_id, std::int64_t user_id) = 0;

  // Each returns the class as it is now, or nullopt when there is no such class.
  virtual Expected<std::optional<Class>> rename_class(std::int64_t class_id, const std::string& name) = 0;
  // A new code replaces the old one, which then joins nobody; switched off stays off.
  virtual Expected<std::optional<Class>> rotate_code(std::int64_t class_id) = 0;
  virtual Expected<std::optional<Class>> set_joining(std::int64_t class_id, bool joining) = 0;

  // Makes the user a member of the class whose code this is (canonical form); nullopt when no class
  // has this code or its code is switched off.
  virtual Expected<std::optional<Joined>> join(const std::string& code, std::int64_t user_id, UnixSeconds now) = 0;
  // Ends a membership; false when the user was not a member.
  virtual Expected<bool> remove_member(std::int64_t class_id, std::int64_t user_id) = 0;
  // Every student of `added` in one transaction (all or nothing); one outcome per student, in
  // order. nullopt when there is no such class.
  virtual Expected<std::optional<std::vector<AddedStudent>>> add_students(const StudentsToAdd& added) = 0;
  // The class's students by name, with their activity.
  virtual Expected<std::vector<ClassMember>> members(std::int64_t class_id) = 0;
};

}  // namespace umuhanda
