// SignatureVerifier for native builds and the client_app tests: libsodium, answering at once (a
// real check, the same one the server's tests make, so a test's tampered token really fails).
#include <sodium.h>

#include "platform/signature_verifier.hpp"

namespace umuhanda {
namespace {

class SodiumSignatureVerifier final : public SignatureVerifier {
public:
  void verify_ed25519(const std::string& public_key, const std::string& message, const std::string& signature,
                      std::function<void(bool)> on_done) override {
    const bool sizes = public_key.size() == crypto_sign_PUBLICKEYBYTES && signature.size() == crypto_sign_BYTES;
    const bool valid =
        sizes && sodium_init() >= 0 &&
        crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()), reinterpret_cast<const unsigned char*>(message.data()),
                                    message.size(), reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
    on_done(valid);
  }
};

}  // namespace

std::unique_ptr<SignatureVerifier> make_signature_verifier() { return std::make_unique<SodiumSignatureVerifier>(); }

}  // namespace umuhanda
