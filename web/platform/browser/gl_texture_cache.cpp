// TextureCache for WebGL2: stb_image decodes the bytes to RGBA inside the wasm (no <img>, no
// canvas round trip), then one glTexImage2D uploads them with mipmaps so a 256 px sign stays smooth
// when drawn smaller. Least recently used textures are deleted beyond the limit.
#include <GLES3/gl3.h>

#include <list>
#include <map>

#include "platform/texture_cache.hpp"
#include "platform/image_decoder.hpp"

namespace umuhanda {
namespace {

class GlTextureCache final : public TextureCache {
public:
  explicit GlTextureCache(std::size_t max_textures) : m_max(max_textures < 1 ? 1 : max_textures) {}
  ~GlTextureCache() override {
    for (auto& [key, entry] : m_entries) delete_texture(entry.texture);
  }

  Expected<Texture> add(const std::string& key, std::string_view encoded) override {
    if (const Texture* held = find(key)) return *held;
    auto image = decode_image_rgba(encoded);
    if (!image) return Expected<Texture>::failure("picture " + key, image.errors().front().message);
    GLuint name = 0;
    glGenTextures(1, &name);
    if (name == 0) return Expected<Texture>::failure("picture " + key, "the GPU gave no texture");
    // Keep ImGui's texture binding intact: it does not re-bind between frames on its own.
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, name);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image->width, image->height, 0, GL_RGBA, GL_UNSIGNED_BYTE, image->pixels.data());
    glGenerateMipmap(GL_TEXTURE_2D);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    if (glGetError() == GL_OUT_OF_MEMORY) {
      glDeleteTextures(1, &name);
      return Expected<Texture>::failure("picture " + key, "the GPU has no memory left for it");
    }
    ++m_uploads;
    m_recent.push_front(key);
    Entry& entry = m_entries[key];
    entry.texture = Texture{name, image->width, image->height};
    entry.position = m_recent.begin();
    while (m_entries.size() > m_max) evict_oldest();
    return entry.texture;
  }

  const Texture* find(const std::string& key) override {
    auto it = m_entries.find(key);
    if (it == m_entries.end()) return nullptr;
    m_recent.splice(m_recent.begin(), m_recent, it->second.position);
    return &it->second.texture;
  }

  bool contains(const std::string& key) const override { return m_entries.count(key) > 0; }
  std::size_t size() const override { return m_entries.size(); }
  std::size_t uploads() const override { return m_uploads; }

private:
  struct Entry {
    Texture texture;
    std::list<std::string>::iterator position;
  };

  static void delete_texture(const Texture& texture) {
    auto name = static_cast<GLuint>(texture.id);
    glDeleteTextures(1, &name);
  }

  void evict_oldest() {
    const std::string key = m_recent.back();
    m_recent.pop_back();
    auto it = m_entries.find(key);
    delete_texture(it->second.texture);
    m_entries.erase(it);
  }

  std::size_t m_max;
  std::size_t m_uploads = 0;
  std::list<std::string> m_recent;  // most recently used first
  std::map<std::string, Entry> m_entries;
};

}  // namespace

std::unique_ptr<TextureCache> make_texture_cache(std::size_t max_textures) { return std::make_unique<GlTextureCache>(max_textures); }

}  // namespace umuhanda
