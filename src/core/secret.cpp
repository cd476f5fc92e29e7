#include "core/secret.hpp"

namespace ca {

Secret::~Secret() {
  // Overwrite the buffer before it is freed so a core dump or a reused heap
  // block does not still hold the token. volatile keeps the stores.
  volatile char* p = value_.data();
  for (std::size_t i = 0; i < value_.size(); ++i) p[i] = 0;
}

}  // namespace ca
