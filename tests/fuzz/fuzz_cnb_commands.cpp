// Fuzzes Cloud Native Build's log protocol: a plain line can never carry a
// "##[" command marker or a line break, and a set-output line is one line
// holding exactly one "##[set-output key=value]" for a valid key (nullopt for
// an invalid one), whose value cannot start another line or command.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "hosts/cnb/cnb_commands.hpp"

namespace {
bool one_line(const std::string& s) {
  return s.find('\n') == std::string::npos && s.find('\r') == std::string::npos;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const std::string key = provider.ConsumeRandomLengthString(64);
  const std::string text = provider.ConsumeRemainingBytesAsString();

  const std::string plain = ca::cnb::plain_line(text);
  FUZZ_CHECK(one_line(plain));
  FUZZ_CHECK(plain.find("##[") == std::string::npos);

  const auto output = ca::cnb::set_output(key, text);
  FUZZ_CHECK(output.has_value() == ca::cnb::valid_output_key(key));
  if (output) {
    FUZZ_CHECK(one_line(*output));
    FUZZ_CHECK(output->rfind("##[set-output " + key + "=", 0) == 0);
    FUZZ_CHECK(output->back() == ']');
    for (char c : key) FUZZ_CHECK(c != ']' && c != '=' && c != ' ');
  }
  return 0;
}
