# The win32-x64 cross build uses Debian's header-only libraries (toml++,
# CLI11, nlohmann/json, spdlog, fmt; the same packages as the Linux builds).
# /usr/include itself must not be on the mingw include path (glibc's headers
# would shadow mingw's), so a folder of links to just those libraries is.
set(_ca_headers ${CMAKE_BINARY_DIR}/debian-headers)
file(MAKE_DIRECTORY ${_ca_headers})
foreach(_dir toml++ CLI nlohmann spdlog fmt)
  if(NOT EXISTS /usr/include/${_dir})
    message(FATAL_ERROR "/usr/include/${_dir} is missing: run scripts/install-deps.sh --cross")
  endif()
  file(CREATE_LINK /usr/include/${_dir} ${_ca_headers}/${_dir} SYMBOLIC)
endforeach()

add_library(CLI11::CLI11 INTERFACE IMPORTED)
target_include_directories(CLI11::CLI11 SYSTEM INTERFACE ${_ca_headers})
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE ${_ca_headers})
set(CA_TOML_INCLUDE ${_ca_headers})
