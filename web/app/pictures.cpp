// Loading pictures into textures on demand.
#include "app/pictures.hpp"

#include "platform/app_window.hpp"

namespace umuhanda {

Pictures::Pictures(ContentSync& content, TextureCache& textures) : m_content(content), m_textures(textures) {}

const Texture* Pictures::get(const MediaItem& item) {
  if (const Texture* texture = m_textures.find(item.sha256)) return texture;
  if (m_loading.count(item.sha256) || m_failed.count(item.sha256)) return nullptr;
  m_loading.insert(item.sha256);
  m_content.read_media(item, [this, sha = item.sha256](std::optional<std::string> bytes, std::string error) {
    if (!m_loading.count(sha)) return;  // decoded already from arrived()
    m_loading.erase(sha);
    if (!bytes) m_failed[sha] = std::move(error);
    else decode(sha, *bytes);
    request_redraw();
  });
  return nullptr;
}

const Texture* Pictures::decoded(const std::string& key, const std::string& bytes) {
  if (const Texture* texture = m_textures.find(key)) return texture;
  if (m_failed.count(key)) return nullptr;
  decode(key, bytes);
  return m_textures.find(key);
}

void Pictures::arrived(const std::string& sha256, const std::string& bytes) {
  m_failed.erase(sha256);  // offline earlier, here now
  if (!m_loading.count(sha256)) return;
  m_loading.erase(sha256);
  decode(sha256, bytes);
}

void Pictures::decode(const std::string& sha256, const std::string& bytes) {
  auto texture = m_textures.add(sha256, bytes);
  if (!texture) m_failed[sha256] = to_string(texture.errors());
}

nlohmann::json Pictures::state() const {
  nlohmann::json failures = nlohmann::json::object();
  for (const auto& [sha, reason] : m_failed) failures[sha] = reason;
  return {{"uploaded", m_textures.uploads()}, {"resident", m_textures.size()}, {"loading", m_loading.size()}, {"failed", std::move(failures)}};
}

}  // namespace umuhanda
