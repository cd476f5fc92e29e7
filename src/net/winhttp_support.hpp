#pragma once
// What the WinHTTP engine (winhttp_transfer.cpp) needs from Windows besides
// WinHTTP's requests: UTF-8 <-> UTF-16, the environment, handles that close
// themselves, and WinHTTP error codes as NetError with a message. Windows only.
#include <windows.h>
#include <winhttp.h>

#include <optional>
#include <string>
#include <string_view>

#include "net/http_client.hpp"

namespace ca::net_engine {

// WinHTTP speaks UTF-16; the tool keeps UTF-8 everywhere else. URLs and header
// values of registries and token services are ASCII, where every conversion
// agrees; anything else converts as UTF-8 (invalid bytes become U+FFFD rather
// than failing the request).
std::wstring widen(std::string_view utf8);
std::string narrow(std::wstring_view wide);

// A variable of this process's environment, nullopt when unset. Names are
// case-insensitive on Windows, so "http_proxy" finds HTTP_PROXY too; libcurl
// on Windows (cargo's) reads them the same way.
std::optional<std::string> environment_variable(const std::string& name);

// A WinHTTP handle closed when it goes out of scope.
class Handle {
 public:
  explicit Handle(HINTERNET handle = nullptr) : handle_(handle) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (handle_ != nullptr) WinHttpCloseHandle(handle_);
  }
  [[nodiscard]] HINTERNET get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }

 private:
  HINTERNET handle_;
};

struct Failure {
  NetError error = NetError::kOther;
  std::string message;
};

// A WinHTTP error code as a NetError with a message that names the URL
// without user information or query values (they may hold a credential).
Failure winhttp_failure(const std::string& url, DWORD code);

}  // namespace ca::net_engine
