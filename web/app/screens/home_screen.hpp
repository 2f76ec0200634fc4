// HomeScreen: placeholder, to be written.
#pragma once

#include <optional>
#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class HomeScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::home; }
  std::string title(const AppContext& ctx) const override;
  void draw(AppContext& ctx, float width) override;

};

}  // namespace umuhanda
