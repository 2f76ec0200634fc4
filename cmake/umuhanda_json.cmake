# nlohmann/json for both worlds, as the target umuhanda::json.
# Natively it is Debian's CMake package. Under Emscripten, -I/usr/include would let host headers
# shadow the sysroot, so the build links a folder holding only `nlohmann/` and adds that instead.
if(EMSCRIPTEN)
  set(_json_headers /usr/include/nlohmann)
  if(NOT EXISTS ${_json_headers}/json.hpp)
    message(FATAL_ERROR "nlohmann/json not found in ${_json_headers}: run tools/setup.sh (package nlohmann-json3-dev)")
  endif()
  set(_json_root ${CMAKE_BINARY_DIR}/third_party_include)
  file(MAKE_DIRECTORY ${_json_root})
  file(CREATE_LINK ${_json_headers} ${_json_root}/nlohmann SYMBOLIC)
  add_library(umuhanda_json INTERFACE)
  target_include_directories(umuhanda_json SYSTEM INTERFACE ${_json_root})
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  add_library(umuhanda_json INTERFACE)
  target_link_libraries(umuhanda_json INTERFACE nlohmann_json::nlohmann_json)
endif()
# Emscripten builds run without exception catching: any throw inside the library must abort loudly
# rather than unwind, and the code never relies on its exceptions (it parses with allow_exceptions=false).
target_compile_definitions(umuhanda_json INTERFACE JSON_NOEXCEPTION)
add_library(umuhanda::json ALIAS umuhanda_json)
