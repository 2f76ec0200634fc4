// SignatureVerifier in the browser: WebCrypto's Ed25519 (crypto.subtle.verify). crypto.subtle exists
// only in a secure context (HTTPS, or loopback): elsewhere every check answers false, so an
// entitlement opens nothing rather than being taken on trust.
#include <emscripten/emscripten.h>

#include <functional>
#include <memory>
#include <string>

#include "platform/app_window.hpp"
#include "platform/signature_verifier.hpp"

namespace umuhanda {
using VerifyDone = std::function<void(bool)>;
}

// JavaScript inside EM_JS follows: clang-format would break it.
// clang-format off
EM_JS(void, umuhanda_verify_ed25519, (const char* key, int key_length, const char* message, int message_length, const char* signature,
                                      int signature_length, void* request), {
  var copy = function (pointer, length) { return HEAPU8.slice(pointer, pointer + length); };
  var keyBytes = copy(key, key_length), messageBytes = copy(message, message_length), signatureBytes = copy(signature, signature_length);
  var answer = function (valid) { _umuhanda_signature_checked(request, valid ? 1 : 0); };
  if (!globalThis.crypto || !crypto.subtle) { setTimeout(function () { answer(false); }, 0); return; }
  crypto.subtle.importKey("raw", keyBytes, { name: "Ed25519" }, false, ["verify"])
    .then(function (publicKey) { return crypto.subtle.verify({ name: "Ed25519" }, publicKey, signatureBytes, messageBytes); })
    .then(answer, function () { answer(false); });
});
// clang-format on

namespace umuhanda {
namespace {

class WebCryptoSignatureVerifier final : public SignatureVerifier {
public:
  void verify_ed25519(const std::string& public_key, const std::string& message, const std::string& signature,
                      std::function<void(bool)> on_done) override {
    // The bytes are copied before the call returns; the callback owns the request from here.
    auto* request = new VerifyDone(std::move(on_done));
    umuhanda_verify_ed25519(public_key.data(), static_cast<int>(public_key.size()), message.data(), static_cast<int>(message.size()),
                            signature.data(), static_cast<int>(signature.size()), request);
  }
};

}  // namespace

std::unique_ptr<SignatureVerifier> make_signature_verifier() { return std::make_unique<WebCryptoSignatureVerifier>(); }

}  // namespace umuhanda

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_signature_checked(void* request, int valid) {
  std::unique_ptr<umuhanda::VerifyDone> on_done(static_cast<umuhanda::VerifyDone*>(request));
  (*on_done)(valid != 0);
  umuhanda::request_redraw();
}
