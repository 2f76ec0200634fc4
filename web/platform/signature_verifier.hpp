// SignatureVerifier: the seam for checking Ed25519 signatures (offline entitlements,
// umuhanda/entitlement.hpp). The browser implementation is WebCrypto's Ed25519 (a secure context
// only: HTTPS, or http://127.0.0.1 and localhost); native builds and tests use libsodium. The
// callback runs on the main thread, outside the frame, and wakes the main loop.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace umuhanda {

class SignatureVerifier {
public:
  virtual ~SignatureVerifier() = default;
  // on_done(true) when `signature` (64 bytes) is the Ed25519 signature of `message` by `public_key`
  // (32 bytes); false otherwise, and also when the platform cannot check (then nothing opens).
  virtual void verify_ed25519(const std::string& public_key, const std::string& message, const std::string& signature,
                              std::function<void(bool valid)> on_done) = 0;
};

std::unique_ptr<SignatureVerifier> make_signature_verifier();

}  // namespace umuhanda
