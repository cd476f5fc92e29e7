#pragma once
// The process and its system: arguments and environment as UTF-8, the user's
// home directory, randomness, the running executable's path, and keeping
// secrets out of crash dumps. One implementation per system
// (system_posix.cpp, system_win32.cpp); nothing outside src/platform/ asks
// which system it runs on.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ca {

class Environment;

// stdin, stdout and stderr carry bytes as written on every system (Windows:
// binary mode, no "\n" -> "\r\n"), so the output is the same everywhere.
void set_standard_streams_binary();

// Keeps secrets out of crash dumps: the process holds tokens in memory from
// start to end, and a crash (or a debugger of the same user) would copy them
// to disk. Linux: RLIMIT_CORE 0 and PR_SET_DUMPABLE 0. Windows: no Windows
// Error Reporting dialog or dump for this process. Best effort, never throws.
void disable_core_dumps();

// The command line as UTF-8 strings. POSIX: argv as given. Windows: the
// UTF-16 command line (argv would be in the ANSI code page, losing characters).
std::vector<std::string> command_line_arguments(int argc, char** argv);

// The process environment as UTF-8 name/value pairs (Windows: from the UTF-16
// block; the names keep their case).
std::map<std::string, std::string, std::less<>> environment_variables();

// The directory cargo takes as the user's home: $HOME on POSIX; on Windows
// %USERPROFILE% as cargo's `home` crate reads it (HOME is ignored there).
// Empty when unknown.
std::filesystem::path home_directory(const Environment& env);

// Fills `size` bytes from the system's cryptographic source (getrandom(2),
// BCryptGenRandom). Throws ca::Error when the system has none.
void fill_random(unsigned char* data, std::size_t size);

// The absolute path of the running executable, so a later process (cargo,
// starting this binary as its credential provider) can find it again.
// Linux: /proc/self/exe; Windows: GetModuleFileNameW (UTF-8 result).
// Empty when the system cannot tell.
std::string self_executable_path();

}  // namespace ca
