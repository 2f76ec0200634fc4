# Every WebAssembly link flag of the project lives here, in one function.
# Traps of Debian's Emscripten 3.1.6 it works around (see ../shared/TOOLCHAIN.md):
# - linking to .html at -O1+ crashes in minify_html: MINIFY_HTML=0;
# - -sUSE_SDL=2 would download SDL2: we link the SDL2 that tools/setup.sh built from Debian's source;
# - exceptions are not caught: the code reports errors as values and aborts only on bugs.
function(umuhanda_add_wasm_app target)
  cmake_parse_arguments(ARG "" "SHELL;OUTPUT_DIR" "SOURCES;EXPORTED_FUNCTIONS" ${ARGN})
  add_executable(${target} ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME index
    SUFFIX ".html"
    RUNTIME_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR}
    LINK_DEPENDS ${ARG_SHELL})
  list(JOIN ARG_EXPORTED_FUNCTIONS "," exported)
  target_link_options(${target} PRIVATE
    -sWASM=1
    -sENVIRONMENT=web
    -sALLOW_MEMORY_GROWTH=1
    -sMIN_WEBGL_VERSION=2
    -sMAX_WEBGL_VERSION=2
    -sFETCH=1
    -sFILESYSTEM=0
    -sDISABLE_EXCEPTION_CATCHING=1
    -sMINIFY_HTML=0
    "-sEXPORTED_FUNCTIONS=_main,${exported}"
    "-sEXPORTED_RUNTIME_METHODS=UTF8ToString"
    --shell-file ${ARG_SHELL})
endfunction()
