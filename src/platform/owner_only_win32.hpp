#pragma once
// Security attributes that give the current user, and nobody else, full
// access: the Windows counterpart of mode 0600/0700. A protected DACL (no
// entries inherited from the folder) with one entry for the user's SID;
// folders pass it on to what is created inside them. Windows only.
#include <windows.h>

namespace ca::win32 {

class OwnerOnly {
 public:
  OwnerOnly();
  ~OwnerOnly();
  OwnerOnly(const OwnerOnly&) = delete;
  OwnerOnly& operator=(const OwnerOnly&) = delete;
  // nullptr when the descriptor could not be built (then the caller fails:
  // a secret file is never created with the folder's ACL instead).
  SECURITY_ATTRIBUTES* attributes() { return descriptor_ != nullptr ? &attributes_ : nullptr; }

 private:
  PSECURITY_DESCRIPTOR descriptor_ = nullptr;
  SECURITY_ATTRIBUTES attributes_{};
};

}  // namespace ca::win32
