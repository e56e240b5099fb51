// The replay tests' main(): runs a harness, built without libFuzzer, over every file of
// the directories (or files) given, in name order, so that the seed corpus and every
// input that once crashed are checked by ctest in the ordinary GCC and sanitizer builds.
// A crash, a failed FUZZ_CHECK or an unexpected exception fails the test; the last
// "replaying" line names the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const fs::path p = argv[i];
        if (fs::is_directory(p)) {
            for (const auto& e : fs::directory_iterator(p))
                if (e.is_regular_file()) inputs.push_back(e.path());
        } else if (fs::is_regular_file(p)) {
            inputs.push_back(p);
        } // a missing directory: no regressions yet
    }
    std::sort(inputs.begin(), inputs.end());
    for (const auto& p : inputs) {
        std::fprintf(stderr, "replaying %s\n", p.c_str());
        std::ifstream in{p, std::ios::binary};
        const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        // A copy of exactly its size, as libFuzzer gives it, so that reads past the end are caught.
        const std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    std::fprintf(stderr, "%zu inputs replayed\n", inputs.size());
    return 0;
}
