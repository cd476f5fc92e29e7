#pragma once
// Unpredictable bytes from the operating system (platform/system.hpp), for
// values that must not be guessable, such as GitHub file-command delimiters.
// Not std::random_device: GCC 12's static libstdc++ implements it with
// arc4random, a glibc 2.36 symbol that stops the portable binary from starting
// on glibc 2.35 (Ubuntu 22.04). Throws ca::Error when the system has no source.
#include <cstddef>
#include <string>

namespace ca {

// `count` random bytes as lower-case hex (2 * count characters).
std::string random_hex(std::size_t count);

}  // namespace ca
