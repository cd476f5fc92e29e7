#pragma once

#include <array>
#include <string>
#include <string_view>

namespace local_registry {

using Sha256 = std::array<unsigned char, 32>;

Sha256 sha256(std::string_view data);

// Lower-case hex, the form cargo expects in the index `cksum` field.
std::string sha256_hex(std::string_view data);

// Constant-time equality of two digests (OpenSSL CRYPTO_memcmp).
bool digest_equal(const Sha256& a, const Sha256& b);

}  // namespace local_registry
