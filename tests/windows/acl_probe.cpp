// Prints a file's DACL in SDDL form ("D:P(A;;FA;;;S-1-5-...)"), and the SID
// of the user running it on a second line, so a test can check that a file
// the tool wrote is readable by that user only. Windows only (run under wine
// by the tests). Usage: acl_probe.exe FILE
// With --set, gives FILE the DACL of an SDDL string instead (a test's "file that
// already existed with a wider ACL"): acl_probe.exe --set SDDL FILE
// clang-format off
#include <windows.h>
#include <sddl.h>
// clang-format on

#include <cstdio>

static int print_user_sid() {
  HANDLE token;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return 1;
  BYTE buffer[512];
  DWORD size = 0;
  if (!GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &size)) return 1;
  LPWSTR text = nullptr;
  if (!ConvertSidToStringSidW((reinterpret_cast<TOKEN_USER*>(buffer))->User.Sid, &text)) return 1;
  wprintf(L"%ls\n", text);
  LocalFree(text);
  CloseHandle(token);
  return 0;
}

static int set_dacl(const wchar_t* sddl, const wchar_t* file) {
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &descriptor, nullptr))
    return 6;
  const BOOL set = SetFileSecurityW(file, DACL_SECURITY_INFORMATION, descriptor);
  LocalFree(descriptor);
  return set ? 0 : 7;
}

int wmain(int argc, wchar_t** argv) {
  if (argc == 4 && wcscmp(argv[1], L"--set") == 0) return set_dacl(argv[2], argv[3]);
  if (argc != 2) return 2;
  DWORD size = 0;
  GetFileSecurityW(argv[1], DACL_SECURITY_INFORMATION, nullptr, 0, &size);
  if (size == 0) return 3;
  PSECURITY_DESCRIPTOR descriptor = LocalAlloc(LPTR, size);
  if (descriptor == nullptr) return 4;
  if (!GetFileSecurityW(argv[1], DACL_SECURITY_INFORMATION, descriptor, size, &size)) return 4;
  LPWSTR sddl = nullptr;
  if (!ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1,
                                                            DACL_SECURITY_INFORMATION, &sddl, nullptr))
    return 5;
  wprintf(L"%ls\n", sddl);
  LocalFree(sddl);
  LocalFree(descriptor);
  return print_user_sid();
}
