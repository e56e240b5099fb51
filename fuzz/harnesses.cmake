# The fuzz harnesses: fuzz/<name>.cpp, with a seed corpus in fuzz/corpus/<name>/ (and seeds
# generated from the sources in the build's generated_corpus/<name>/), inputs that
# once crashed in fuzz/regressions/<name>/, and a dictionary fuzz/<name>.dict where the format
# has keywords. Built with libFuzzer by fuzz/CMakeLists.txt (NUMERAPI_FUZZERS=ON, clang), and
# as replay tests by test/CMakeLists.txt in the ordinary build.
set(NUMERAPI_FUZZ_HARNESSES
  sandbox_graphql
  api_decoders
  zip_extract
  sandbox_multipart_reader
  multipart_round_trip
  predictions_check
  https_url
  http_headers
  gzip_decoder
  tls_client_handshake
  server_names
  answer_framing)
