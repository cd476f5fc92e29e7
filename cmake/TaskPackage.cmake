# The uploadable Azure Pipelines task for developers: target `task-package`
# assembles, with the host's dev binary,
#   <build>/task-package/CargoAuthenticateNative/task.json
#   <build>/task-package/CargoAuthenticateNative/icon.png
#   <build>/task-package/CargoAuthenticateNative/task/launcher.js
#   <build>/task-package/CargoAuthenticateNative/task/bin/<platform>-<arch>/cargo-authenticate  (stripped)
# and <build>/task-package/vss-extension.json for `tfx extension create`.
# The folder keeps the repository's relative layout, so task.json's execution
# target (task/launcher.js) resolves in both. <platform>-<arch> uses Node's
# process.platform/process.arch names, which is what the launcher looks for.
# Part of ALL: a plain build always leaves a package to try, fast.
#
# The released package (every platform, from the portable builds, plus the
# .vsix and the archives) is scripts/package.sh (target `dist`); both use
# cmake/AssembleTaskPackage.cmake, so their layouts cannot drift apart.

set(CA_TASK_NAME CargoAuthenticateNative)
set(CA_TASK_PACKAGE_ROOT ${PROJECT_BINARY_DIR}/task-package)
set(CA_TASK_PACKAGE_DIR ${CA_TASK_PACKAGE_ROOT}/${CA_TASK_NAME})

# CMake's names -> Node's names.
string(TOLOWER "${CMAKE_SYSTEM_NAME}" _ca_system)
if(_ca_system STREQUAL "windows")
  set(_ca_platform win32)
else()
  set(_ca_platform ${_ca_system})  # linux, darwin
endif()
string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" _ca_processor)
if(_ca_processor MATCHES "^(x86_64|amd64)$")
  set(_ca_arch x64)
elseif(_ca_processor MATCHES "^(aarch64|arm64)$")
  set(_ca_arch arm64)
else()
  set(_ca_arch ${_ca_processor})
endif()
set(CA_TASK_PLATFORM ${_ca_platform}-${_ca_arch})

set(_ca_task_binary ${CA_TASK_PACKAGE_DIR}/task/bin/${CA_TASK_PLATFORM}/cargo-authenticate${CMAKE_EXECUTABLE_SUFFIX})
set(_ca_assembler ${CMAKE_CURRENT_LIST_DIR}/AssembleTaskPackage.cmake)

add_custom_command(
  OUTPUT ${CA_TASK_PACKAGE_DIR}/task.json ${CA_TASK_PACKAGE_DIR}/icon.png ${CA_TASK_PACKAGE_DIR}/task/launcher.js
         ${_ca_task_binary}
         ${CA_TASK_PACKAGE_ROOT}/vss-extension.json
  COMMAND ${CMAKE_COMMAND} -DCA_SOURCE_DIR=${PROJECT_SOURCE_DIR} -DCA_OUT_ROOT=${CA_TASK_PACKAGE_ROOT}
          -DCA_VERSION=${PROJECT_VERSION} "-DCA_BINARIES=${CA_TASK_PLATFORM}=$<TARGET_FILE:cargo-authenticate>"
          -P ${_ca_assembler}
  DEPENDS ${PROJECT_SOURCE_DIR}/task.json ${PROJECT_SOURCE_DIR}/icon.png ${PROJECT_SOURCE_DIR}/task/launcher.js
          ${_ca_assembler}
          ${CMAKE_CURRENT_LIST_DIR}/vss-extension.json.in cargo-authenticate
  COMMENT "Assembling the Azure task package in ${CA_TASK_PACKAGE_DIR} (${CA_TASK_PLATFORM}, dev binary)"
  VERBATIM)

add_custom_target(task-package ALL
  DEPENDS ${CA_TASK_PACKAGE_DIR}/task.json ${CA_TASK_PACKAGE_DIR}/task/launcher.js ${_ca_task_binary})

# The release: task folder, .vsix, one archive per platform and SHA256SUMS in
# <source>/dist, from the portable binaries in <source>/build/portable
# (scripts/build-portable.sh). Not part of ALL.
add_custom_target(dist
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/package.sh
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  USES_TERMINAL
  VERBATIM)
