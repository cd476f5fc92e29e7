#include <windows.h>

#include <algorithm>
#include <cwchar>
#include <cwctype>
#include <exception>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "platform/process.hpp"
#include "platform/process_lines.hpp"
#include "platform/text_win32.hpp"

namespace ca {
namespace {

// One argument as the C runtime (and CommandLineToArgvW) splits the command
// line back: quoted when it holds white space or a quote, backslashes doubled
// only where they precede a quote. Programs built with other rules (cmd.exe)
// are never started, see find_program.
void append_argument(std::wstring& line, const std::wstring& arg) {
  if (!line.empty()) line += L' ';
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
    line += arg;
    return;
  }
  line += L'"';
  for (auto it = arg.begin();; ++it) {
    std::size_t backslashes = 0;
    while (it != arg.end() && *it == L'\\') {
      ++it;
      ++backslashes;
    }
    if (it == arg.end()) {
      line.append(backslashes * 2, L'\\');
      break;
    }
    if (*it == L'"') {
      line.append(backslashes * 2 + 1, L'\\');
      line += L'"';
    } else {
      line.append(backslashes, L'\\');
      line += *it;
    }
  }
  line += L'"';
}

std::wstring command_line(const std::vector<std::string>& argv, const std::string& program) {
  // The first word is parsed by other rules (no escapes): the program's path,
  // which cannot hold a quote, simply quoted.
  std::wstring line = L"\"" + win32::widen(program) + L"\"";
  for (std::size_t i = 1; i < argv.size(); ++i) append_argument(line, win32::widen(argv[i]));
  return line;
}

std::wstring upper(std::wstring text) {
  for (auto& c : text) c = static_cast<wchar_t>(std::towupper(c));
  return text;
}

// This process's working directory on each drive ("=C:" -> "C:\\work"), which
// Windows keeps as environment entries whose names start with '=', and
// which resolve a drive-relative path ("D:file"). They are state, not
// variables (environment_variables leaves them out), and a child inherits
// them as it would from a CreateProcess without an environment block.
std::vector<std::pair<std::wstring, std::wstring>> drive_directories() {
  std::vector<std::pair<std::wstring, std::wstring>> out;
  wchar_t* block = GetEnvironmentStringsW();
  if (block == nullptr) return out;
  for (const wchar_t* entry = block; *entry != L'\0'; entry += wcslen(entry) + 1) {
    const std::wstring_view kv(entry);
    const auto eq = kv.find(L'=', 1);
    if (kv.front() == L'=' && eq != std::wstring_view::npos) {
      out.emplace_back(std::wstring(kv.substr(0, eq)), std::wstring(kv.substr(eq + 1)));
    }
  }
  FreeEnvironmentStringsW(block);
  return out;
}

// "NAME=value\0...\0\0", sorted by name without regard to case, as Windows
// keeps its own environment blocks, with one entry per name: names that
// differ only in case are one variable to Windows (child_environment already
// let the tool's own settings replace them; of any others the first stays).
std::wstring environment_block(const EnvMap& env) {
  std::vector<std::pair<std::wstring, std::wstring>> entries = drive_directories();
  for (const auto& [name, value] : env) entries.emplace_back(win32::widen(name), win32::widen(value));
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return upper(a.first) < upper(b.first); });
  std::wstring block;
  std::wstring previous;
  for (const auto& [name, value] : entries) {
    std::wstring key = upper(name);
    if (!block.empty() && key == previous) continue;
    previous = std::move(key);
    block += name;
    block += L'=';
    block += value;
    block += L'\0';
  }
  if (entries.empty()) block += L'\0';
  block += L'\0';
  return block;
}

bool is_file(const std::wstring& path) {
  const DWORD attributes = GetFileAttributesW(path.c_str());
  return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
}

bool has_program_extension(const std::string& name) {
  const auto dot = name.find_last_of('.');
  if (dot == std::string::npos || name.find_first_of("/\\", dot) != std::string::npos) return false;
  std::string ext = name.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".exe" || ext == ".com";
}

// The existing file for `base` (as given when it already ends in .exe/.com,
// else with .exe, then .com appended), or empty.
std::string with_program_extension(const std::string& base) {
  if (has_program_extension(base)) return is_file(win32::widen(base)) ? base : std::string();
  for (const char* ext : {".exe", ".com"}) {
    if (is_file(win32::widen(base + ext))) return base + ext;
  }
  return {};
}

// Inheritable duplicates of the handles the child gets as its standard
// streams; closed when the child has started.
class InheritedHandle {
 public:
  explicit InheritedHandle(HANDLE source) {
    if (source == nullptr || source == INVALID_HANDLE_VALUE) return;
    DuplicateHandle(GetCurrentProcess(), source, GetCurrentProcess(), &handle_, 0, TRUE,
                    DUPLICATE_SAME_ACCESS);
  }
  ~InheritedHandle() {
    if (handle_ != nullptr) CloseHandle(handle_);
  }
  InheritedHandle(const InheritedHandle&) = delete;
  InheritedHandle& operator=(const InheritedHandle&) = delete;
  HANDLE get() const { return handle_; }

 private:
  HANDLE handle_ = nullptr;
};

// While a child runs, Ctrl-C and Ctrl-Break reach it directly (it shares the
// console); this process stays to wait for it and report its exit code.
BOOL WINAPI stay_for_child(DWORD event) { return event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT; }

class ConsoleSignalsToChild {
 public:
  ConsoleSignalsToChild() { SetConsoleCtrlHandler(stay_for_child, TRUE); }
  ~ConsoleSignalsToChild() { SetConsoleCtrlHandler(stay_for_child, FALSE); }
  ConsoleSignalsToChild(const ConsoleSignalsToChild&) = delete;
  ConsoleSignalsToChild& operator=(const ConsoleSignalsToChild&) = delete;
};

struct StandardHandles {
  HANDLE input;
  HANDLE output;
  HANDLE error;
};

// Starts the child; on failure fills result and returns false.
bool start(const ChildSpec& spec, const StandardHandles& handles, ChildResult& result,
           PROCESS_INFORMATION& info) {
  if (spec.argv.empty()) {
    result.status = 127;
    result.spawn_error = "no command given";
    return false;
  }
  const std::string program = find_program(spec.argv.front(), spec.env);
  if (program.empty()) {
    result.status = 127;
    result.spawn_error =
        spec.argv.front() + ": command not found on PATH (only .exe and .com programs are run)";
    return false;
  }
  std::wstring line = command_line(spec.argv, program);
  std::wstring block = environment_block(spec.env);
  const std::wstring directory = spec.directory.empty() ? std::wstring() : spec.directory.wstring();
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = handles.input;
  startup.hStdOutput = handles.output;
  startup.hStdError = handles.error;
  // Host adapters buffer their lines; a child writing to the same stdout must
  // come after everything we printed so far.
  std::cout.flush();
  std::cerr.flush();
  if (!CreateProcessW(win32::widen(program).c_str(), line.data(), nullptr, nullptr, TRUE,
                      CREATE_UNICODE_ENVIRONMENT, block.data(),
                      directory.empty() ? nullptr : directory.c_str(), &startup, &info)) {
    const DWORD err = GetLastError();
    result.status = err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND ? 127 : 126;
    result.spawn_error = spec.argv.front() + ": " + win32::error_text(err) +
                         (spec.directory.empty() ? "" : " (in " + win32::narrow(directory) + ")");
    return false;
  }
  CloseHandle(info.hThread);
  return true;
}

int wait_for(const PROCESS_INFORMATION& info) {
  WaitForSingleObject(info.hProcess, INFINITE);
  DWORD code = 1;
  GetExitCodeProcess(info.hProcess, &code);
  CloseHandle(info.hProcess);
  return static_cast<int>(code);
}

// Reads one pipe to its end into a splitter; the callback runs under `lock`
// so lines from the two streams never interleave within a call.
void pump(HANDLE pipe, LineSplitter& splitter, std::mutex& lock) {
  char buffer[16384];
  DWORD got = 0;
  while (ReadFile(pipe, buffer, sizeof buffer, &got, nullptr) && got > 0) {
    const std::lock_guard<std::mutex> guard(lock);
    splitter.feed(buffer, got);
  }
}

}  // namespace

std::string find_program(const std::string& argv0, const EnvMap& env) {
  if (argv0.empty()) return {};
  if (argv0.find_first_of("/\\:") != std::string::npos) return with_program_extension(argv0);
  // The PATH only: not the current directory, where a checked-out repository
  // could plant a cargo.exe (and only the PATH's absolute directories).
  const auto path_it = std::find_if(env.begin(), env.end(), [](const auto& entry) {
    return entry.first.size() == 4 && upper(win32::widen(entry.first)) == L"PATH";
  });
  if (path_it == env.end()) return {};
  const std::string& path = path_it->second;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(';', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    dir.erase(std::remove(dir.begin(), dir.end(), '"'), dir.end());
    // Absolute directories only: a relative entry ("." or "bin", drive-relative
    // "C:bin") would be looked up in the working directory, the checkout.
    if (!dir.empty() && std::filesystem::path(win32::widen(dir)).is_absolute()) {
      const char last = dir.back();
      const std::string found =
          with_program_extension(dir + (last == '\\' || last == '/' ? "" : "\\") + argv0);
      if (!found.empty()) return found;
    }
    start = end + 1;
  }
  return {};
}

ChildResult run_child(const ChildSpec& spec) {
  ChildResult result;
  const InheritedHandle input(GetStdHandle(STD_INPUT_HANDLE));
  const InheritedHandle output(GetStdHandle(STD_OUTPUT_HANDLE));
  const InheritedHandle error(GetStdHandle(STD_ERROR_HANDLE));
  PROCESS_INFORMATION info{};
  const ConsoleSignalsToChild signals;
  if (!start(spec, {input.get(), output.get(), error.get()}, result, info)) return result;
  result.status = wait_for(info);
  return result;
}

ChildResult run_child_lines(const ChildSpec& spec,
                            const std::function<void(ChildStream, std::string_view)>& on_line) {
  ChildResult result;
  SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  HANDLE out_read = nullptr;
  HANDLE out_write = nullptr;
  HANDLE err_read = nullptr;
  HANDLE err_write = nullptr;
  if (!CreatePipe(&out_read, &out_write, &inheritable, 0) ||
      !CreatePipe(&err_read, &err_write, &inheritable, 0)) {
    for (HANDLE h : {out_read, out_write}) {
      if (h != nullptr) CloseHandle(h);
    }
    result.status = 126;
    result.spawn_error = "cannot create a pipe: " + win32::error_text(GetLastError());
    return result;
  }
  // Only the child's ends are inherited.
  SetHandleInformation(out_read, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(err_read, HANDLE_FLAG_INHERIT, 0);
  const HANDLE null_input = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                        &inheritable, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  PROCESS_INFORMATION info{};
  const ConsoleSignalsToChild signals;
  const bool started = start(spec, {null_input, out_write, err_write}, result, info);
  CloseHandle(out_write);
  CloseHandle(err_write);
  if (null_input != INVALID_HANDLE_VALUE) CloseHandle(null_input);
  if (!started) {
    CloseHandle(out_read);
    CloseHandle(err_read);
    return result;
  }
  LineSplitter out(ChildStream::kStdout, on_line);
  LineSplitter err(ChildStream::kStderr, on_line);
  std::mutex lock;
  std::exception_ptr failure;
  std::thread err_reader([&] {
    try {
      pump(err_read, err, lock);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  std::exception_ptr out_failure;
  try {
    pump(out_read, out, lock);
  } catch (...) {
    out_failure = std::current_exception();
  }
  CloseHandle(out_read);  // a child still writing there gets an error, not a stall
  err_reader.join();
  CloseHandle(err_read);
  result.status = wait_for(info);
  if (out_failure) std::rethrow_exception(out_failure);
  if (failure) std::rethrow_exception(failure);
  out.flush();
  err.flush();
  return result;
}

}  // namespace ca
