// SettingsScreen: placeholder, to be written.
#pragma once

#include <optional>
#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class SettingsScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::settings; }
  std::string title(const AppContext& ctx) const override;
  void draw(AppContext& ctx, float width) override;

};

}  // namespace umuhanda
