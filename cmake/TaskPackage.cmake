# The uploadable Azure Pipelines task: target `task-package` assembles
#   <build>/task-package/CargoAuthenticateNative/task.json
#   <build>/task-package/CargoAuthenticateNative/task/launcher.js
#   <build>/task-package/CargoAuthenticateNative/task/bin/<platform>-<arch>/cargo-authenticate  (stripped)
# and <build>/task-package/vss-extension.json for `tfx extension create`.
# The folder keeps the repository's relative layout, so task.json's execution
# target (task/launcher.js) resolves in both. <platform>-<arch> uses Node's
# process.platform/process.arch names, which is what the launcher looks for.
# The folder is rebuilt from scratch each time so no stale binary is shipped.
# Part of ALL: a plain build always leaves an uploadable package.

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

set(_ca_task_bin_dir ${CA_TASK_PACKAGE_DIR}/task/bin/${CA_TASK_PLATFORM})
set(_ca_task_binary ${_ca_task_bin_dir}/cargo-authenticate${CMAKE_EXECUTABLE_SUFFIX})

# Ship a stripped copy: the agent downloads the task for every job.
if(CMAKE_STRIP)
  set(_ca_strip_command ${CMAKE_STRIP} ${_ca_task_binary})
else()
  set(_ca_strip_command ${CMAKE_COMMAND} -E echo "no strip tool found: shipping the unstripped binary")
endif()

add_custom_command(
  OUTPUT ${CA_TASK_PACKAGE_DIR}/task.json ${CA_TASK_PACKAGE_DIR}/task/launcher.js ${_ca_task_binary}
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${CA_TASK_PACKAGE_DIR}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_ca_task_bin_dir}
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/task.json ${CA_TASK_PACKAGE_DIR}/task.json
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/task/launcher.js ${CA_TASK_PACKAGE_DIR}/task/launcher.js
  COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:cargo-authenticate> ${_ca_task_binary}
  COMMAND ${_ca_strip_command}
  DEPENDS ${PROJECT_SOURCE_DIR}/task.json ${PROJECT_SOURCE_DIR}/task/launcher.js cargo-authenticate
  COMMENT "Assembling the Azure task package in ${CA_TASK_PACKAGE_DIR} (${CA_TASK_PLATFORM})"
  VERBATIM)

# The extension manifest; its version follows the project's.
configure_file(${CMAKE_CURRENT_LIST_DIR}/vss-extension.json.in ${CA_TASK_PACKAGE_ROOT}/vss-extension.json @ONLY)

add_custom_target(task-package ALL
  DEPENDS ${CA_TASK_PACKAGE_DIR}/task.json ${CA_TASK_PACKAGE_DIR}/task/launcher.js ${_ca_task_binary})
