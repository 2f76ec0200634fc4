// LessonsScreen: placeholder, to be written.
#pragma once

#include <optional>
#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class LessonsScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::lessons; }
  std::string title(const AppContext& ctx) const override;
  void draw(AppContext& ctx, float width) override;

  void open(AppContext& ctx, const std::string& lesson_slug);  // shows the lesson
};

}  // namespace umuhanda
