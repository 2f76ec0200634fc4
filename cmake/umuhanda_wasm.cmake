# Every WebAssembly link flag of the project lives here, in one function, together with the step
# that turns the link output into the deployable folder (content-hashed names and the service worker).
# Traps of Debian's Emscripten 3.1.6 it works around (see docs/toolchain.md#emscripten-316-debian):
# - linking to .html at -O1+ crashes in minify_html: MINIFY_HTML=0;
# - -sUSE_SDL=2 would download SDL2: we link the SDL2 that tools/setup.sh built from Debian's source;
# - exceptions are not caught: the code reports errors as values and aborts only on bugs;
# - FETCH_SUPPORT_INDEXEDDB would open a second database at start-up for a file cache that never
#   revalidates: the client keeps its data in IndexedDB itself.
#
# This file is also a script: `cmake -DLINK_DIR=... -DDIST_DIR=... -DSW_TEMPLATE=... -P umuhanda_wasm.cmake`
# runs the [SECTION] Dist step below instead of defining the function.

if(CMAKE_SCRIPT_MODE_FILE)
  # [SECTION] Dist step: index.html + index.js + index.wasm from the link folder become
  #   index.html, index.<hash>.js, index.<hash>.wasm and sw.js in DIST_DIR.
  # The wasm name is written into the JS before the JS is hashed, and the JS name into the page, so
  # a page can only ever load the JS and WASM built with it; the server sends hashed names as
  # `immutable`. sw.js gets the same names as its precache list, and a version that changes with
  # any of them, so a new build installs a new service worker.
  foreach(var LINK_DIR DIST_DIR SW_TEMPLATE)
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "umuhanda_wasm.cmake script mode needs -D${var}=...")
    endif()
  endforeach()

  # Replaces exactly one occurrence of `from` in `text`, or stops the build: a second or missing
  # one means Emscripten's output changed shape and the rewrite can no longer be trusted.
  function(_umuhanda_replace_once text_var from to what)
    string(FIND "${${text_var}}" "${from}" first)
    string(FIND "${${text_var}}" "${from}" last REVERSE)
    if(first EQUAL -1 OR NOT first EQUAL last)
      message(FATAL_ERROR "${what}: expected exactly one '${from}' to rewrite (found at ${first} and ${last})")
    endif()
    string(REPLACE "${from}" "${to}" replaced "${${text_var}}")
    set(${text_var} "${replaced}" PARENT_SCOPE)
  endfunction()

  file(SHA256 ${LINK_DIR}/index.wasm wasm_sha)
  string(SUBSTRING ${wasm_sha} 0 12 wasm_hash)
  set(wasm_name index.${wasm_hash}.wasm)

  file(READ ${LINK_DIR}/index.js js)
  _umuhanda_replace_once(js "\"index.wasm\"" "\"${wasm_name}\"" "${LINK_DIR}/index.js")
  string(SHA256 js_sha "${js}")
  string(SUBSTRING ${js_sha} 0 12 js_hash)
  set(js_name index.${js_hash}.js)

  file(READ ${LINK_DIR}/index.html html)
  _umuhanda_replace_once(html "src=\"index.js\"" "src=\"${js_name}\"" "${LINK_DIR}/index.html")
  string(SHA256 html_sha "${html}")

  file(READ ${SW_TEMPLATE} sw)
  string(SHA256 sw_template_sha "${sw}")
  string(SUBSTRING "${html_sha}${sw_template_sha}" 0 12 version)
  _umuhanda_replace_once(sw "@UMUHANDA_VERSION@" "${version}" "${SW_TEMPLATE}")
  _umuhanda_replace_once(sw "@UMUHANDA_PRECACHE@" "['index.html', '${js_name}', '${wasm_name}']" "${SW_TEMPLATE}")

  # Earlier builds' files go: the folder holds exactly one version of the client.
  file(MAKE_DIRECTORY ${DIST_DIR})
  file(GLOB stale ${DIST_DIR}/index.js ${DIST_DIR}/index.wasm ${DIST_DIR}/index.*.js ${DIST_DIR}/index.*.wasm ${DIST_DIR}/*.br ${DIST_DIR}/*.gz)
  list(REMOVE_ITEM stale ${DIST_DIR}/${js_name} ${DIST_DIR}/${wasm_name})
  if(stale)
    file(REMOVE ${stale})
  endif()
  file(COPY_FILE ${LINK_DIR}/index.wasm ${DIST_DIR}/${wasm_name} ONLY_IF_DIFFERENT)
  file(WRITE ${DIST_DIR}/${js_name} "${js}")
  file(WRITE ${DIST_DIR}/index.html "${html}")
  file(WRITE ${DIST_DIR}/sw.js "${sw}")

  # Compressed forms for the server (it checks that each decodes to its file, then serves it): made
  # here once per build instead of at every server start, where brotli at quality 11 takes seconds.
  # gzip -n leaves out the name and time, so identical files give identical bytes and ETags.
  find_program(BROTLI_PROGRAM brotli)
  find_program(GZIP_PROGRAM gzip)
  if(NOT BROTLI_PROGRAM OR NOT GZIP_PROGRAM)
    message(FATAL_ERROR "the web build needs the brotli and gzip programs (tools/setup.sh installs them)")
  endif()
  foreach(name index.html ${js_name} ${wasm_name} sw.js)
    execute_process(COMMAND ${BROTLI_PROGRAM} --quality=11 --force --keep ${DIST_DIR}/${name} RESULT_VARIABLE brotli_status)
    execute_process(COMMAND ${GZIP_PROGRAM} -9 -n --force --keep ${DIST_DIR}/${name} RESULT_VARIABLE gzip_status)
    if(NOT brotli_status EQUAL 0 OR NOT gzip_status EQUAL 0)
      message(FATAL_ERROR "compressing ${DIST_DIR}/${name} failed (brotli: ${brotli_status}, gzip: ${gzip_status})")
    endif()
  endforeach()
  message(STATUS "web client: ${DIST_DIR}/{index.html, ${js_name}, ${wasm_name}, sw.js} (version ${version})")
  return()
endif()

# umuhanda_add_wasm_app(target SHELL page.html SERVICE_WORKER sw.js OUTPUT_DIR dist
#                       EXPORTED_FUNCTIONS ... SOURCES ...)
# Links `target` into a private folder, then fills OUTPUT_DIR through the dist step above
# (target `<target>-dist`, built by default).
function(umuhanda_add_wasm_app target)
  cmake_parse_arguments(ARG "" "SHELL;SERVICE_WORKER;OUTPUT_DIR" "SOURCES;EXPORTED_FUNCTIONS" ${ARGN})
  add_executable(${target} ${ARG_SOURCES})
  set(link_dir ${CMAKE_CURRENT_BINARY_DIR}/${target}-link)
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME index
    SUFFIX ".html"
    RUNTIME_OUTPUT_DIRECTORY ${link_dir}
    LINK_DEPENDS ${ARG_SHELL})
  list(JOIN ARG_EXPORTED_FUNCTIONS "," exported)
  target_link_options(${target} PRIVATE
    -sWASM=1
    -sENVIRONMENT=web
    -sALLOW_MEMORY_GROWTH=1
    -sMIN_WEBGL_VERSION=2
    -sMAX_WEBGL_VERSION=2
    -sFETCH=1
    -sFETCH_SUPPORT_INDEXEDDB=0
    -sFILESYSTEM=0
    -sDISABLE_EXCEPTION_CATCHING=1
    -sMINIFY_HTML=0
    "-sEXPORTED_FUNCTIONS=_main,_malloc,_free,${exported}"
    "-sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToNewUTF8"
    --shell-file ${ARG_SHELL})

  add_custom_command(
    OUTPUT ${ARG_OUTPUT_DIR}/index.html ${ARG_OUTPUT_DIR}/sw.js
    COMMAND ${CMAKE_COMMAND} -DLINK_DIR=${link_dir} -DDIST_DIR=${ARG_OUTPUT_DIR} -DSW_TEMPLATE=${ARG_SERVICE_WORKER}
            -P ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
    DEPENDS ${target} ${ARG_SERVICE_WORKER} ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
    COMMENT "Content-hashing the web client and writing its service worker"
    VERBATIM)
  add_custom_target(${target}-dist ALL DEPENDS ${ARG_OUTPUT_DIR}/index.html ${ARG_OUTPUT_DIR}/sw.js)
endfunction()
