#include "platform/owner_only_win32.hpp"

// clang-format off
#include <windows.h>
#include <sddl.h>
// clang-format on

#include <string>
#include <vector>

namespace ca::win32 {
namespace {

// The SID of the user this process runs as, in its string form ("S-1-5-21-...").
std::wstring current_user_sid() {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return {};
  DWORD size = 0;
  GetTokenInformation(token, TokenUser, nullptr, 0, &size);
  std::vector<unsigned char> buffer(size);
  std::wstring text;
  if (size > 0 && GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) {
    wchar_t* sid_text = nullptr;
    if (ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, &sid_text)) {
      text = sid_text;
      LocalFree(sid_text);
    }
  }
  CloseHandle(token);
  return text;
}

}  // namespace

OwnerOnly::OwnerOnly() {
  const std::wstring sid = current_user_sid();
  if (sid.empty()) return;
  // P: protected (nothing inherited); OICI: files and folders created inside
  // inherit the entry; FA: full access.
  const std::wstring sddl = L"D:P(A;OICI;FA;;;" + sid + L")";
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &descriptor_,
                                                            nullptr)) {
    descriptor_ = nullptr;
    return;
  }
  attributes_.nLength = sizeof attributes_;
  attributes_.lpSecurityDescriptor = descriptor_;
  attributes_.bInheritHandle = FALSE;
}

OwnerOnly::~OwnerOnly() {
  if (descriptor_ != nullptr) LocalFree(descriptor_);
}

}  // namespace ca::win32
