#pragma once
// The few facts about the operating system that code outside src/platform/
// needs as values. This is the one place that asks which system it is built
// for; everything else calls the functions of this directory.
namespace ca::platform {

#ifdef _WIN32
inline constexpr bool kWindows = true;
// Windows looks environment variables up without regard to case (Path, PATH).
inline constexpr bool kEnvironmentIgnoresCase = true;
inline constexpr char kPathListSeparator = ';';
inline constexpr const char* kExecutableSuffix = ".exe";
// How a file written with kOwnerOnlyFile is protected, for messages.
inline constexpr const char* kOwnerOnlyWords = "readable by this user only";
#else
inline constexpr bool kWindows = false;
inline constexpr bool kEnvironmentIgnoresCase = false;
inline constexpr char kPathListSeparator = ':';
inline constexpr const char* kExecutableSuffix = "";
inline constexpr const char* kOwnerOnlyWords = "mode 0600";
#endif

}  // namespace ca::platform
