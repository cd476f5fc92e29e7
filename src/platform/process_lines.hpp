#pragma once
// Splits a child's output stream into lines for run_child_lines (both
// systems): each complete line without its "\n" (or "\r\n"), then whatever
// is left when the stream ends.
#include <functional>
#include <string>
#include <string_view>

#include "platform/process.hpp"

namespace ca {

class LineSplitter {
 public:
  LineSplitter(ChildStream stream, const std::function<void(ChildStream, std::string_view)>& sink)
      : stream_(stream), sink_(sink) {}
  void feed(const char* data, std::size_t size);
  void flush();

 private:
  ChildStream stream_;
  const std::function<void(ChildStream, std::string_view)>& sink_;
  std::string pending_;
};

}  // namespace ca
