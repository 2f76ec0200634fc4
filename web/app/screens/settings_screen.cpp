// SettingsScreen: placeholder.
#include "app/screens/settings_screen.hpp"

#include "app/ui/widgets.hpp"

namespace umuhanda {

std::string SettingsScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Settings", "Réglages"); }

void SettingsScreen::draw(AppContext& ctx, float width) { muted_text("…", width); (void)ctx; }


}  // namespace umuhanda
