// parse_dacl and owner_only_violation (support/dacl.hpp): the DACLs the tool
// sets on Windows, what wine reports for them, and what must be refused.
#include "support/dacl.hpp"

#include <gtest/gtest.h>

namespace ca::test {
namespace {

constexpr const char* kUser = "S-1-5-21-0-0-0-1000";

TEST(Dacl, TheToolsOwnDescriptorIsOwnerOnly) {
  const auto dacl = parse_dacl("D:P(A;OICI;FA;;;S-1-5-21-0-0-0-1000)");
  ASSERT_TRUE(dacl);
  EXPECT_TRUE(dacl->is_protected);
  ASSERT_EQ(dacl->entries.size(), 1U);
  EXPECT_EQ(dacl->entries[0].flags, "OICI");
  EXPECT_EQ(owner_only_violation(*dacl, kUser), "");
}

TEST(Dacl, WinesReadingOfAnOwnerOnlyFileIsOwnerOnly) {
  // wine maps the DACL to Unix modes and back; SYSTEM is always added.
  const auto dacl = parse_dacl("D:(A;;FA;;;SY)(A;;FA;;;S-1-5-21-0-0-0-1000)");
  ASSERT_TRUE(dacl);
  EXPECT_EQ(owner_only_violation(*dacl, kUser), "");
}

TEST(Dacl, EveryoneOrOtherUsersOrNoUserEntryIsRefused) {
  const auto everyone = parse_dacl("D:(A;;FA;;;SY)(A;;FA;;;S-1-5-21-0-0-0-1000)(A;;0x1200a9;;;WD)");
  ASSERT_TRUE(everyone);
  EXPECT_EQ(owner_only_violation(*everyone, kUser), "an allow entry for WD (0x1200a9)");
  const auto users = parse_dacl("D:(A;;FR;;;BU)(A;;FA;;;S-1-5-21-0-0-0-1000)");
  ASSERT_TRUE(users);
  EXPECT_NE(owner_only_violation(*users, kUser), "");
  const auto other = parse_dacl("D:(A;;FA;;;S-1-5-21-0-0-0-1001)");
  ASSERT_TRUE(other);
  EXPECT_NE(owner_only_violation(*other, kUser), "");
  const auto nobody = parse_dacl("D:P");
  ASSERT_TRUE(nobody);
  EXPECT_EQ(owner_only_violation(*nobody, kUser), "no allow entry for the user S-1-5-21-0-0-0-1000");
}

TEST(Dacl, NotADacl) {
  EXPECT_FALSE(parse_dacl(""));
  EXPECT_FALSE(parse_dacl("O:BAG:SY"));
  EXPECT_FALSE(parse_dacl("D:(A;;FA;;S-1-5)"));  // five fields
  EXPECT_FALSE(parse_dacl("D:(A;;FA;;;SY"));     // unclosed
}

}  // namespace
}  // namespace ca::test
