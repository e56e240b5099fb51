// Harnesses whose subject reads or writes files (the zip extractor, the multipart reader,
// the predictions check) get one private temporary directory per process, removed when
// the process exits normally. It is made under $TMPDIR, so that scripts/fuzz can keep what
// a crashed run leaves behind inside its own scratch directory.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace numerapi::fuzz {

class scratch_dir {
public:
    scratch_dir() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern =
            (tmp != nullptr && *tmp != '\0' ? std::string(tmp) : std::string("/tmp")) + "/numerapi-fuzz-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create " + pattern);
        path_ = pattern;
    }
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    /// Writes `bytes` to `name` inside the directory (replacing it); returns its path.
    std::filesystem::path write(std::string_view name, std::string_view bytes) const {
        const auto p = path_ / name;
        std::ofstream out{p, std::ios::binary | std::ios::trunc};
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) throw std::runtime_error("cannot write " + p.string());
        return p;
    }

    /// Everything in the directory except `keep`, removed.
    void clear_except(const std::filesystem::path& keep) const {
        for (const auto& e : std::filesystem::directory_iterator(path_))
            if (e.path() != keep) std::filesystem::remove_all(e.path());
    }

private:
    std::filesystem::path path_;
};

} // namespace numerapi::fuzz
