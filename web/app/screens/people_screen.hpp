// PeopleScreen: for admins, the school's accounts (docs/staff.md, "People"). A search by name or
// phone (typed as people write it: 0781...) and by role; each row says the role, whether the account
// is disabled and the plan running. Opening one shows who they are, their plan (grant one, or end it
// early with a reason), their role (changed after a confirmation; never one's own), a reset code to
// hand out, disabling, and their history: subscriptions, payment requests and the audit trail.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/account.hpp"
#include "app/screen.hpp"

namespace umuhanda {

struct PersonSummary;

class PeopleScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::people; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  bool on_back(AppContext& ctx) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  enum class Asking { nothing, role, grant, end, disable };

  void draw_search(AppContext& ctx, float width);
  void draw_person(AppContext& ctx, float width);
  void draw_plan(AppContext& ctx, const PersonSummary& person, float inner);
  void draw_role(AppContext& ctx, const PersonSummary& person, float inner);
  void draw_account(AppContext& ctx, const PersonSummary& person, float inner);
  void draw_history(AppContext& ctx, float inner);
  // What a finished change says (or its problem), then the question it answered is closed.
  std::function<void(std::optional<AccountProblem>)> when_done(std::string notice);
  nlohmann::json shown(const AppContext& ctx) const;

  char m_query[64] = {};
  std::string m_sent_query = "\x01";  // never typed: the first frame searches
  std::string m_role;                 // the role filter, "" for all
  Asking m_asking = Asking::nothing;
  std::string m_new_role;
  std::int64_t m_plan = 0;  // the plan chosen to grant
  char m_note[160] = {};
  std::string m_notice;
  std::optional<AccountProblem> m_problem;
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
