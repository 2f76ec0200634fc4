// SignsScreen: placeholder, to be written.
#pragma once

#include <optional>
#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class SignsScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::signs; }
  std::string title(const AppContext& ctx) const override;
  void draw(AppContext& ctx, float width) override;

  void open(AppContext& ctx, const std::string& sign_id);  // shows the sign's detail view
};

}  // namespace umuhanda
