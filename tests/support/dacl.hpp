#pragma once
// A Windows DACL in SDDL form ("D:P(A;OICI;FA;;;S-1-5-21-...)(A;;FA;;;SY)"), as
// tests/windows/acl_probe.exe prints it, parsed into its entries, and the
// owner-only rule a credentials file must meet on Windows.
#include <optional>
#include <string>
#include <vector>

namespace ca::test {

struct AccessEntry {
  std::string type;    // "A" allow, "D" deny, ...
  std::string flags;   // inheritance flags ("OICI")
  std::string rights;  // "FA", "0x1200a9", ...
  std::string sid;     // "S-1-5-21-...", or an alias: "SY" (SYSTEM), "WD" (Everyone), "BU" (Users)
};

struct Dacl {
  bool is_protected = false;  // "P": nothing inherited from the folder
  std::vector<AccessEntry> entries;
};

// nullopt when text is not a "D:..." DACL.
std::optional<Dacl> parse_dacl(const std::string& text);

// Readable by `user` only: every allow entry is for the user or SYSTEM (which
// Windows always lets in), and the user has one. Returns what breaks it, or "".
std::string owner_only_violation(const Dacl& dacl, const std::string& user_sid);

}  // namespace ca::test
