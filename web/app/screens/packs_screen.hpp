// PacksScreen: for instructors and admins, the school's question packs (docs/staff.md, "Packs"):
// open a file from the device (or drop it on the page), see every problem in it located before
// anything is sent, see what it changes against the version students have, publish it with a
// progress bar; compare any two stored versions, roll back after a confirmation, and preview a
// question as a student sees it, in each of its languages, in a phone-sized frame.
#pragma once

#include <optional>
#include <string>

#include "app/pack_manager.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class PacksScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::packs; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void on_hide(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  bool on_back(AppContext& ctx) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  void draw_pack_choice(AppContext& ctx, float width);
  void draw_file(AppContext& ctx, float width);
  void draw_versions(AppContext& ctx, float width);
  void draw_comparison(AppContext& ctx, float width);
  void draw_preview(AppContext& ctx, float width);
  nlohmann::json shown(const AppContext& ctx) const;
  void open_preview(const std::shared_ptr<const Pack>& pack, const std::string& question_id, const std::string& language);

  std::optional<int> m_compare_from;      // the first version tapped for a comparison
  std::optional<int> m_confirm_rollback;  // the version whose rollback waits for a confirmation
  std::string m_rollback_problem;
  int m_rolled_back_to = 0;
  // The question previewed: from which pack (a version, or the checked file), in which language.
  std::shared_ptr<const Pack> m_preview_pack;
  std::string m_preview_question;
  std::string m_preview_language;
  std::string m_file_problem;  // the device could not hand the file over
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
