// SignsScreen: the pack's road signs. A grid by category with a search box (name, code and meaning
// in the student's language, ignoring case and accents); a sign's detail (picture, meaning, the
// questions that show it); and flashcards: the picture first, then the answer, then "I knew it" or
// "Not yet". The search is app/sign_search.hpp, the flashcard boxes in storage app/flashcard_boxes.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/flashcard_boxes.hpp"
#include "app/screen.hpp"

namespace umuhanda {

// "Warning signs" / "Panneaux de danger": a category as the student reads it.
const char* sign_category_label(const std::string& language, SignCategory category);

class SignsScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::signs; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void on_pack_changed(AppContext& ctx) override;
  bool on_back(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

  void open(AppContext& ctx, const std::string& sign_id);  // shows the sign's detail view

private:
  enum class View { grid, detail, flashcards };

  // Signs matching the search, in grid order (by category, then pack order).
  std::vector<const Sign*> matching(const AppContext& ctx) const;
  // What previous / next go through from the sign on display: the search's signs when they
  // hold it, else every sign.
  std::vector<const Sign*> browse_list(const AppContext& ctx) const;
  std::string neighbour(const AppContext& ctx, int step) const;
  void show_detail(AppContext& ctx, const std::string& sign_id);
  void changed() { ++m_serial; }

  void draw_grid(AppContext& ctx, float width);
  void draw_search(AppContext& ctx, float width, const std::vector<const Sign*>& found);
  void draw_detail(AppContext& ctx, float width);
  void draw_related(AppContext& ctx, const Sign& sign, float width);
  void draw_flashcards(AppContext& ctx, float width);
  void draw_flashcards_done(AppContext& ctx, float width);

  // Flashcards: a session deck (a "Not yet" card is dealt again a few cards later) over boxes
  // that persist: 0 = not known yet, up to FlashcardBoxes::kTopBox known several times in a row.
  void start_flashcards(AppContext& ctx, const std::vector<const Sign*>& signs);
  void grade(AppContext& ctx, bool knew);
  void move_card(int step);
  void load_boxes(AppContext& ctx);

  View m_view = View::grid;
  char m_query[96] = {};
  std::string m_sign_id;            // the detail view's sign
  bool m_opened_elsewhere = false;  // the detail was opened from another screen: back returns there
  float m_grid_scroll = 0;          // where the grid was when a sign opened
  std::optional<float> m_restore_scroll;

  std::vector<std::string> m_deck;  // sign ids in dealing order; grows with the cards dealt again
  std::size_t m_deck_signs = 0;     // different signs in the deck
  std::size_t m_card = 0;           // position in m_deck
  bool m_revealed = false;
  std::map<std::string, bool> m_graded;  // this session: sign id -> knew it at the last grading
  FlashcardBoxes m_flashcards;           // persisted: sign id -> box

  std::uint64_t m_serial = 0;  // grows with every change of what is shown: the tests' "drawn" check
  std::uint64_t m_drawn_serial = 0;
  std::string m_drawn_language;
  std::size_t m_visible = 0;                                           // signs matching the search, as last drawn
  std::vector<const MediaItem*> m_drawn_pictures;                      // of the grid cells drawn in the last frame
  std::size_t m_position = 0;                                          // the detail's sign in browse_list()
  float m_picture_min_x = 0, m_picture_min_y = 0, m_picture_size = 0;  // the big picture, as last drawn
};

}  // namespace umuhanda
