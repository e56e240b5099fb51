# Warnings for the project's own targets (not applied to the Boost implementation unit).
function(numerapi_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                                           -Wcast-align
                                           -Wno-missing-field-initializers
                                           -Wno-mismatched-new-delete) # GCC 12 misreads Asio coroutine frames
endfunction()
