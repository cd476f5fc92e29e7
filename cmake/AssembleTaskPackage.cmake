# Assembles the uploadable Azure Pipelines task folder (cmake -P script). One
# implementation for both callers: the dev build's `task-package` target (the
# host's dev binary) and scripts/package.sh (the portable binaries of every
# released platform).
#
#   cmake -DCA_SOURCE_DIR=<repo> -DCA_OUT_ROOT=<dir> -DCA_VERSION=<x.y.z>
#         -DCA_BINARIES=<platform>=<file>[|<platform>=<file>...]
#         [-DCA_REQUIRE_STRIP=ON] -P cmake/AssembleTaskPackage.cmake
#
# writes, from scratch (no stale binary survives):
#   <out>/CargoAuthenticateNative/task.json
#   <out>/CargoAuthenticateNative/icon.png          (the catalogue's icon, beside task.json)
#   <out>/CargoAuthenticateNative/task/launcher.js
#   <out>/CargoAuthenticateNative/task/bin/<platform>/cargo-authenticate[.exe]   (stripped)
#   <out>/vss-extension.json                                                     (for tfx)
# <platform> is Node's process.platform-process.arch (linux-x64, linux-arm64,
# win32-x64), the directory task/launcher.js looks in. Each binary's header must
# match its platform (a wrong-architecture copy is refused, not shipped). Without
# CA_REQUIRE_STRIP a missing strip tool only warns (dev machines); a release
# requires it. Nothing is written until every input has been checked.
cmake_minimum_required(VERSION 3.22)

set(CA_TASK_NAME CargoAuthenticateNative)
foreach(_var CA_SOURCE_DIR CA_OUT_ROOT CA_VERSION CA_BINARIES)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "AssembleTaskPackage: -D${_var}=... is required")
  endif()
endforeach()

# Per platform: the executable's name, the ELF e_machine / PE marker its first
# bytes must carry, and the strip tools that understand it (first found wins).
function(_ca_platform_rules platform out_name out_magic out_strips)
  cmake_host_system_information(RESULT _host_arch QUERY OS_PLATFORM)
  if(platform STREQUAL "linux-x64")
    set(${out_name} cargo-authenticate PARENT_SCOPE)
    set(${out_magic} "elf:3e00" PARENT_SCOPE)  # EM_X86_64, little-endian
    if(_host_arch MATCHES "^(x86_64|amd64|AMD64)$")
      set(${out_strips} strip x86_64-linux-gnu-strip PARENT_SCOPE)
    else()
      set(${out_strips} x86_64-linux-gnu-strip PARENT_SCOPE)
    endif()
  elseif(platform STREQUAL "linux-arm64")
    set(${out_name} cargo-authenticate PARENT_SCOPE)
    set(${out_magic} "elf:b700" PARENT_SCOPE)  # EM_AARCH64
    if(_host_arch MATCHES "^(aarch64|arm64)$")
      set(${out_strips} strip aarch64-linux-gnu-strip PARENT_SCOPE)
    else()
      set(${out_strips} aarch64-linux-gnu-strip PARENT_SCOPE)
    endif()
  elseif(platform STREQUAL "win32-x64")
    set(${out_name} cargo-authenticate.exe PARENT_SCOPE)
    set(${out_magic} "pe" PARENT_SCOPE)
    set(${out_strips} x86_64-w64-mingw32-strip PARENT_SCOPE)
  else()
    message(FATAL_ERROR "AssembleTaskPackage: unknown platform '${platform}' "
                        "(known: linux-x64, linux-arm64, win32-x64)")
  endif()
endfunction()

# Fails unless `file`'s header is an executable for `magic`.
function(_ca_check_header platform file magic)
  file(READ "${file}" _head LIMIT 20 HEX)
  if(magic STREQUAL "pe")
    if(NOT _head MATCHES "^4d5a")
      message(FATAL_ERROR "${file} is not a Windows executable, so it cannot be the ${platform} binary")
    endif()
    return()
  endif()
  string(REGEX REPLACE "^elf:" "" _machine "${magic}")
  string(SUBSTRING "${_head}" 0 8 _elf)
  string(SUBSTRING "${_head}" 36 4 _em)  # e_machine: bytes 18-19
  if(NOT _elf STREQUAL "7f454c46" OR NOT _em STREQUAL _machine)
    message(FATAL_ERROR "${file} is not a ${platform} ELF executable (e_machine ${_em}, want ${_machine}): "
                        "rebuild it for ${platform}")
  endif()
endfunction()

# task.json's version is what the agent compares: it must be the release's.
file(READ "${CA_SOURCE_DIR}/task.json" _task_json)
string(JSON _major GET "${_task_json}" version Major)
string(JSON _minor GET "${_task_json}" version Minor)
string(JSON _patch GET "${_task_json}" version Patch)
if(NOT "${_major}.${_minor}.${_patch}" STREQUAL "${CA_VERSION}")
  message(FATAL_ERROR "task.json's version ${_major}.${_minor}.${_patch} differs from the project's ${CA_VERSION} "
                      "(CMakeLists.txt project VERSION): raise both together")
endif()

# Check every binary and find its strip tool before touching the output.
string(REPLACE "|" ";" _entries "${CA_BINARIES}")
set(_platforms "")
foreach(_entry IN LISTS _entries)
  if(NOT _entry MATCHES "^([^=]+)=(.+)$")
    message(FATAL_ERROR "AssembleTaskPackage: '${_entry}' is not <platform>=<file>")
  endif()
  set(_platform "${CMAKE_MATCH_1}")
  set(_file "${CMAKE_MATCH_2}")
  if(_platform IN_LIST _platforms)
    message(FATAL_ERROR "AssembleTaskPackage: ${_platform} is given twice")
  endif()
  list(APPEND _platforms "${_platform}")
  _ca_platform_rules("${_platform}" _name _magic _strips)
  if(NOT EXISTS "${_file}" OR IS_DIRECTORY "${_file}")
    message(FATAL_ERROR "no ${_platform} binary at ${_file}")
  endif()
  _ca_check_header("${_platform}" "${_file}" "${_magic}")
  find_program(_strip_${_platform} NAMES ${_strips} NO_CACHE)
  if(NOT _strip_${_platform} AND CA_REQUIRE_STRIP)
    message(FATAL_ERROR "no strip tool for ${_platform} (looked for: ${_strips}); "
                        "install binutils for it (scripts/install-deps.sh)")
  endif()
  set(_file_${_platform} "${_file}")
  set(_name_${_platform} "${_name}")
endforeach()

set(_task_dir "${CA_OUT_ROOT}/${CA_TASK_NAME}")
file(REMOVE_RECURSE "${_task_dir}")
file(MAKE_DIRECTORY "${_task_dir}/task")
file(COPY_FILE "${CA_SOURCE_DIR}/task.json" "${_task_dir}/task.json")
file(COPY_FILE "${CA_SOURCE_DIR}/icon.png" "${_task_dir}/icon.png")
file(COPY_FILE "${CA_SOURCE_DIR}/task/launcher.js" "${_task_dir}/task/launcher.js")
foreach(_platform IN LISTS _platforms)
  set(_dest "${_task_dir}/task/bin/${_platform}/${_name_${_platform}}")
  file(MAKE_DIRECTORY "${_task_dir}/task/bin/${_platform}")
  file(COPY_FILE "${_file_${_platform}}" "${_dest}")
  file(CHMOD "${_dest}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ
                                    WORLD_EXECUTE)
  # Stripped: the agent downloads the task for every job.
  if(_strip_${_platform})
    execute_process(COMMAND "${_strip_${_platform}}" "${_dest}" RESULT_VARIABLE _rc ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      file(REMOVE_RECURSE "${_task_dir}")
      message(FATAL_ERROR "${_strip_${_platform}} failed on the ${_platform} binary: ${_err}")
    endif()
  else()
    message(WARNING "no strip tool for ${_platform}: shipping the unstripped binary")
  endif()
endforeach()

set(PROJECT_VERSION "${CA_VERSION}")
file(READ "${CMAKE_CURRENT_LIST_DIR}/vss-extension.json.in" _manifest)
string(CONFIGURE "${_manifest}" _manifest @ONLY)
file(WRITE "${CA_OUT_ROOT}/vss-extension.json" "${_manifest}")
list(JOIN _platforms ", " _shipped)
message(STATUS "Azure task package ${CA_VERSION} in ${_task_dir} (${_shipped})")
