/* env_probe: the child that `cargo-authenticate exec` runs in the windows
 * scenarios. It records what it was given and exits with a chosen status, so a
 * test can check that exec passes the environment, the arguments and the exit
 * code through. Built twice: natively (the Linux binary's child) and with
 * x86_64-w64-mingw32-gcc (the child of the .exe under wine, which can only
 * start Windows programs).
 *
 * Usage: env_probe OUT.json EXIT-CODE [NAME...]
 * Writes {"argv":[...],"env":{"NAME":"value" or null,...},"count":{"NAME":N,...}}
 * (UTF-8) to OUT.json, where N is how many entries of the environment carry
 * that name (Windows: compared without regard to case, as Windows looks names
 * up; one name must never have two entries),
 * then exits with EXIT-CODE. On Windows the wide (UTF-16) command line and
 * environment are read and converted, so the record shows what a Unicode
 * Windows program really received; the narrow C runtime views would be in the
 * ANSI code page. Exits 120 when it cannot write its record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
/* after windows.h, which it needs */
#include <shellapi.h>

static char* utf8_of(const wchar_t* wide) {
  const int size = WideCharToMultiByte(CP_UTF8, 0, wide, -1, NULL, 0, NULL, NULL);
  char* out = malloc(size > 0 ? (size_t)size : 1);
  if (out == NULL) exit(120);
  if (size <= 0 || WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, size, NULL, NULL) <= 0) out[0] = '\0';
  return out;
}

static wchar_t* wide_of(const char* utf8) {
  const int size = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, NULL, 0);
  wchar_t* out = malloc(sizeof(wchar_t) * (size > 0 ? (size_t)size : 1));
  if (out == NULL) exit(120);
  if (size <= 0 || MultiByteToWideChar(CP_UTF8, 0, utf8, -1, out, size) <= 0) out[0] = L'\0';
  return out;
}

/* The arguments as the program's own command line holds them. */
static char** arguments(int* count) {
  wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), count);
  if (wide == NULL) exit(120);
  char** out = malloc(sizeof(char*) * (size_t)(*count + 1));
  if (out == NULL) exit(120);
  for (int i = 0; i < *count; ++i) out[i] = utf8_of(wide[i]);
  out[*count] = NULL;
  return out;
}

/* NULL when unset. */
static char* variable(const char* name) {
  wchar_t* wide_name = wide_of(name);
  const DWORD size = GetEnvironmentVariableW(wide_name, NULL, 0);
  if (size == 0) {
    free(wide_name);
    return GetLastError() == ERROR_ENVVAR_NOT_FOUND ? NULL : strdup("");
  }
  wchar_t* value = malloc(sizeof(wchar_t) * size);
  if (value == NULL) exit(120);
  GetEnvironmentVariableW(wide_name, value, size);
  char* out = utf8_of(value);
  free(value);
  free(wide_name);
  return out;
}

/* Entries of the environment block whose name is `name`, ignoring case. */
static int entries_named(const char* name) {
  wchar_t* wide_name = wide_of(name);
  const size_t length = wcslen(wide_name);
  wchar_t* block = GetEnvironmentStringsW();
  int count = 0;
  for (const wchar_t* entry = block; block != NULL && *entry != L'\0'; entry += wcslen(entry) + 1) {
    /* A leading '=' belongs to the name (per-drive directories, "=C:=C:\\x"). */
    const wchar_t* eq = wcschr(entry + 1, L'=');
    if (eq != NULL && (size_t)(eq - entry) == length && _wcsnicmp(entry, wide_name, length) == 0) ++count;
  }
  if (block != NULL) FreeEnvironmentStringsW(block);
  free(wide_name);
  return count;
}

static FILE* open_output(const char* path) {
  wchar_t* wide = wide_of(path);
  FILE* file = _wfopen(wide, L"wb");
  free(wide);
  return file;
}
#else
static char** arguments_of_main;
static int argument_count_of_main;

static char** arguments(int* count) {
  *count = argument_count_of_main;
  return arguments_of_main;
}

static char* variable(const char* name) {
  const char* value = getenv(name);
  return value == NULL ? NULL : strdup(value);
}

extern char** environ;

static int entries_named(const char* name) {
  const size_t length = strlen(name);
  int count = 0;
  for (char** entry = environ; *entry != NULL; ++entry) {
    if (strncmp(*entry, name, length) == 0 && (*entry)[length] == '=') ++count;
  }
  return count;
}

static FILE* open_output(const char* path) { return fopen(path, "wb"); }
#endif

/* A JSON string: quotes, backslash and control characters escaped; other
 * bytes (UTF-8) as they are. */
static void write_string(FILE* out, const char* text) {
  fputc('"', out);
  for (const unsigned char* p = (const unsigned char*)text; *p != '\0'; ++p) {
    if (*p == '"' || *p == '\\')
      fprintf(out, "\\%c", *p);
    else if (*p < 0x20)
      fprintf(out, "\\u%04x", *p);
    else
      fputc(*p, out);
  }
  fputc('"', out);
}

int main(int argc, char** argv) {
#ifdef _WIN32
  (void)argv; /* the wide command line is read instead */
#else
  arguments_of_main = argv;
  argument_count_of_main = argc;
#endif
  if (argc < 3) {
    fprintf(stderr, "usage: env_probe OUT.json EXIT-CODE [NAME...]\n");
    return 120;
  }
  int count = 0;
  char** args = arguments(&count);
  FILE* out = open_output(args[1]);
  if (out == NULL) {
    fprintf(stderr, "env_probe: cannot write %s\n", args[1]);
    return 120;
  }
  fputs("{\"argv\":[", out);
  for (int i = 0; i < count; ++i) {
    if (i > 0) fputc(',', out);
    write_string(out, args[i]);
  }
  fputs("],\"env\":{", out);
  for (int i = 3; i < count; ++i) {
    if (i > 3) fputc(',', out);
    write_string(out, args[i]);
    fputc(':', out);
    char* value = variable(args[i]);
    if (value == NULL) {
      fputs("null", out);
    } else {
      write_string(out, value);
      free(value);
    }
  }
  fputs("},\"count\":{", out);
  for (int i = 3; i < count; ++i) {
    if (i > 3) fputc(',', out);
    write_string(out, args[i]);
    fprintf(out, ":%d", entries_named(args[i]));
  }
  fputs("}}\n", out);
  if (fclose(out) != 0) return 120;
  return atoi(args[2]);
}
