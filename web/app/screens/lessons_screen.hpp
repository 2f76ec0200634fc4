// LessonsScreen: the pack's lessons, listed by topic, and a lesson's page: its markup
// (lesson_markup.hpp) laid out for reading, with **bold** words, bulleted lists and the signs it
// names drawn inline (a tap opens the sign's detail). ← and → go to the previous or next lesson.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/screen.hpp"
#include "umuhanda/lesson_markup.hpp"

namespace umuhanda {

class LessonsScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::lessons; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void on_pack_changed(AppContext& ctx) override;
  bool on_back(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

  void open(AppContext& ctx, const std::string& lesson_slug);  // shows the lesson

private:
  enum class View { list, page };
  struct Facts {  // of a lesson in one language, for the list
    std::size_t minutes = 1;
    std::size_t signs = 0;
  };
  struct PagePicture {  // a picture on the page, as last drawn
    std::string sign;   // the sign's id, or empty for an [image:path]
    std::string path;
    float x = 0, y = 0, size = 0;
  };

  // Lessons in reading order: by topic (the pack's topic order), then pack order.
  std::vector<const Lesson*> ordered(const AppContext& ctx) const;
  const Lesson* lesson(const AppContext& ctx) const;
  const Facts& facts(const AppContext& ctx, const Lesson& lesson);
  void show_page(AppContext& ctx, const std::string& slug);
  void changed() { ++m_serial; }

  void draw_list(AppContext& ctx, float width);
  void draw_page(AppContext& ctx, float width);
  // One block of markup at the cursor's height `y` (screen coordinates); returns its height.
  float draw_block(AppContext& ctx, const MarkupBlock& block, std::size_t index, float x, float y, float width);
  float draw_sign(AppContext& ctx, const std::string& sign_id, float x, float y, float width);
  float draw_image(AppContext& ctx, const std::string& path, float x, float y, float width);

  View m_view = View::list;
  std::string m_slug;
  bool m_opened_elsewhere = false;  // the page was opened from another screen: back returns there
  float m_list_scroll = 0;
  float m_page_scroll = 0;          // where the page was when a sign opened
  bool m_back_from_sign = false;
  std::optional<float> m_restore_scroll;

  ParsedMarkup m_markup;            // of m_markup_key
  std::string m_markup_key;         // slug + language
  std::map<std::string, Facts> m_facts;  // slug + language -> facts
  std::vector<PagePicture> m_pictures;

  std::uint64_t m_serial = 0;  // grows with every change of what is shown: the tests' "drawn" check
  std::uint64_t m_drawn_serial = 0;
  std::string m_drawn_language;
};

}  // namespace umuhanda
