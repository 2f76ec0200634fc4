// TextureCache: the picture seam. Decodes PNG or JPEG bytes and keeps them as GPU textures, keyed
// by the file's sha256, evicting the least recently used beyond a limit. The browser version
// decodes with stb_image inside the wasm and uploads to WebGL2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "umuhanda/expected.hpp"

namespace umuhanda {

struct Texture {
  std::uintptr_t id = 0;  // an ImTextureID: pass as reinterpret_cast<ImTextureID>(id)
  int width = 0;          // pixels of the decoded image
  int height = 0;
};

class TextureCache {
public:
  virtual ~TextureCache() = default;
  // Decodes `encoded` and uploads it as `key`, or returns the texture already held under `key`.
  // An error names the key and why (not an image, a format stb_image cannot read, no GPU memory).
  virtual Expected<Texture> add(const std::string& key, std::string_view encoded) = 0;
  // The texture under `key`, marking it recently used; nullptr when absent (never added, evicted).
  virtual const Texture* find(const std::string& key) = 0;
  virtual bool contains(const std::string& key) const = 0;  // without marking it used
  virtual std::size_t size() const = 0;
  virtual std::size_t uploads() const = 0;  // textures created since start, evicted ones included
};

std::unique_ptr<TextureCache> make_texture_cache(std::size_t max_textures);

}  // namespace umuhanda
