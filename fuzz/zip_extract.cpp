// The zip extractor on any archive: the input is written to a file in a private temporary
// directory, extracted into `out/` beside it, and everything is removed afterwards.
//
// Properties: extraction gives the files it wrote or a failure, and throws nothing; every
// file it reports is a regular file inside the destination; nothing
// appears in the temporary directory outside the destination (no entry escapes it).
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/scratch_dir.hpp"

#include "numerapi/archive/zip_extract.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace {

namespace fs = std::filesystem;

bool inside(const fs::path& root, const fs::path& p) {
    const auto r = fs::weakly_canonical(root), q = fs::weakly_canonical(p);
    return std::mismatch(r.begin(), r.end(), q.begin(), q.end()).first == r.end();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const numerapi::fuzz::scratch_dir scratch;
    const fs::path archive = scratch.write("in.zip", {reinterpret_cast<const char*>(data), size});
    const fs::path out = scratch.path() / "out";

    // A few MiB in all: enough for every rule of the reader, and bounded so that a run stays
    // fast. (The default limits' own tests are in test/unit/numerapi/zip_extract_test.cpp.)
    numerapi::detail::zip_limits limits;
    limits.expansion.max_size = 8u << 20;
    limits.max_entries = 256;
    const auto files = numerapi::detail::extract_zip(archive, out, limits);
    if (files)
        for (const auto& file : *files) {
            FUZZ_CHECK(inside(out, file));
            FUZZ_CHECK(fs::is_regular_file(fs::symlink_status(file)));
        }
    for (const auto& e : fs::directory_iterator(scratch.path())) FUZZ_CHECK(e.path() == archive || e.path() == out);
    scratch.clear_except(archive);
    return 0;
}
