// Pictures: media files as textures, on demand. The first ask for a picture starts reading it
// (from storage, or the network through ContentSync) and decoding it into the TextureCache; the
// UI draws a placeholder until it is ready, and asks again on the next frame. Pictures another part
// downloaded itself (a class's QR code) are decoded into the same cache by key.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "app/content_sync.hpp"
#include "platform/texture_cache.hpp"

namespace umuhanda {

class Pictures {
public:
  Pictures(ContentSync& content, TextureCache& textures);

  // The texture when decoded; otherwise nullptr, and loading starts (once).
  const Texture* get(const MediaItem& item);
  bool failed(const MediaItem& item) const { return m_failed.count(item.sha256) > 0; }
  bool ready(const MediaItem& item) const { return m_textures.contains(item.sha256); }
  // A picture whose bytes the caller holds, decoded once under `key` (a key per content: a new
  // picture needs a new key); nullptr when they are not an image, and failed_key() says why.
  const Texture* decoded(const std::string& key, const std::string& bytes);
  bool failed_key(const std::string& key) const { return m_failed.count(key) > 0; }
  // A picture that arrived from the network: decode it now if someone is waiting for it.
  void arrived(const std::string& sha256, const std::string& bytes);
  nlohmann::json state() const;

private:
  void decode(const std::string& sha256, const std::string& bytes);

  ContentSync& m_content;
  TextureCache& m_textures;
  std::set<std::string> m_loading;              // sha256 being read or downloaded
  std::map<std::string, std::string> m_failed;  // sha256 or key -> why it cannot be shown
};

}  // namespace umuhanda
