// ExamScreen: placeholder, to be written.
#pragma once

#include <optional>
#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class ExamScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::exam; }
  std::string title(const AppContext& ctx) const override;
  void draw(AppContext& ctx, float width) override;

  // A new exam: from the first blueprint, or the predefined exam set `exam_set_id`.
  void begin(AppContext& ctx, std::optional<std::string> exam_set_id);
  // At start: reads an exam left in progress (its end time keeps running across reloads).
  void load_saved(AppContext& ctx);
};

}  // namespace umuhanda
