// The test hook: end-to-end tests read the client's state as JSON through window.umuhanda.state().
#pragma once

#include <functional>
#include <string>

namespace umuhanda {

void set_state_provider(std::function<std::string()> provider);

}  // namespace umuhanda
