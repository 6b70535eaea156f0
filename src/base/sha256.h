#ifndef RUNWARDEN_BASE_SHA256_H_
#define RUNWARDEN_BASE_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace runwarden {

/// Incremental SHA-256 (OpenSSL EVP underneath; callers never see OpenSSL).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& Update(std::string_view data);
  /// Finishes and returns the lowercase hex digest; the object can't be reused.
  std::string HexDigest();

 private:
  void* ctx_;  // EVP_MD_CTX*
};

/// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace runwarden

#endif  // RUNWARDEN_BASE_SHA256_H_
