#include "sandbox/uploads/multipart_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

namespace numerapi::sandbox::uploads {
namespace {

[[noreturn]] void bad(const std::string& what) {
    throw std::invalid_argument("malformed multipart/form-data: " + what);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// Random access to the body file with a small window.
class body_reader {
public:
    explicit body_reader(const std::filesystem::path& p) : file_(std::fopen(p.c_str(), "rb"), &std::fclose) {
        if (!file_) throw std::runtime_error("cannot read " + p.string());
        std::fseek(file_.get(), 0, SEEK_END);
        size_ = static_cast<std::uint64_t>(std::ftell(file_.get()));
    }
    std::uint64_t size() const { return size_; }
    std::string read(std::uint64_t offset, std::size_t n) {
        n = static_cast<std::size_t>(std::min<std::uint64_t>(n, size_ - std::min(offset, size_)));
        std::string out(n, '\0');
        std::fseek(file_.get(), static_cast<long>(offset), SEEK_SET);
        out.resize(std::fread(out.data(), 1, n, file_.get()));
        return out;
    }
    /// The offset of the first `needle` at or after `from`; nullopt if there is none.
    std::optional<std::uint64_t> find(std::string_view needle, std::uint64_t from) {
        constexpr std::size_t window = 1u << 20;
        for (std::uint64_t at = from; at < size_;) {
            const std::string chunk = read(at, window + needle.size());
            auto it = std::search(chunk.begin(), chunk.end(),
                                  std::boyer_moore_horspool_searcher(needle.begin(), needle.end()));
            if (it != chunk.end()) return at + static_cast<std::uint64_t>(it - chunk.begin());
            if (chunk.size() <= needle.size()) break;
            at += chunk.size() - needle.size() + 1;
        }
        return std::nullopt;
    }

private:
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
    std::uint64_t size_ = 0;
};

/// name="..." and filename="..." of a form-data Content-Disposition.
struct disposition {
    std::optional<std::string> name, filename;
};

disposition parse_disposition(std::string_view v) {
    const auto semi = v.find(';');
    std::string_view type = v.substr(0, semi);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    if (lower(type) != "form-data") bad("a part's Content-Disposition is not form-data");
    disposition d;
    v.remove_prefix(semi == std::string_view::npos ? v.size() : semi);
    auto skip_spaces = [&v] {
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    };
    while (!v.empty() && v.front() == ';') {
        v.remove_prefix(1);
        skip_spaces();
        const auto eq = v.find('=');
        if (eq == std::string_view::npos) bad("a Content-Disposition parameter without a value");
        const std::string key = lower(v.substr(0, eq));
        v.remove_prefix(eq + 1);
        std::string value;
        if (!v.empty() && v.front() == '"') {
            // Browsers (and numerapi-cpp) percent-encode '"', CR and LF; nothing is escaped
            // with a backslash.
            const auto close = v.find('"', 1);
            if (close == std::string_view::npos) bad("an unterminated quoted string in Content-Disposition");
            value = std::string(v.substr(1, close - 1));
            v.remove_prefix(close + 1);
        } else {
            const auto end = std::min(v.find(';'), v.size());
            value = std::string(v.substr(0, end));
            while (!value.empty() && value.back() == ' ') value.pop_back();
            v.remove_prefix(end);
        }
        if (key == "name") d.name = value;
        else if (key == "filename") d.filename = value;
        skip_spaces();
    }
    if (!v.empty()) bad("unexpected text in Content-Disposition");
    return d;
}

} // namespace

std::optional<std::string> form_boundary(std::string_view content_type) {
    const auto semi = content_type.find(';');
    if (lower(content_type.substr(0, semi)) != "multipart/form-data" || semi == std::string_view::npos)
        return std::nullopt;
    const std::string params = lower(content_type.substr(semi));
    const auto at = params.find("boundary=");
    if (at == std::string::npos) return std::nullopt;
    std::string_view b = content_type.substr(semi + at + 9);
    if (const auto end = b.find(';'); end != std::string_view::npos) b = b.substr(0, end);
    if (b.size() >= 2 && b.front() == '"' && b.back() == '"') b = b.substr(1, b.size() - 2);
    if (b.empty() || b.size() > 70) return std::nullopt; // RFC 2046: 1 to 70 characters
    return std::string(b);
}

form_contents read_form(const std::filesystem::path& path, const std::string& boundary, form_limits limits) {
    body_reader body{path};
    const std::string first = "--" + boundary + "\r\n";
    const std::string delimiter = "\r\n--" + boundary;
    if (body.read(0, first.size()) != first) bad("the body does not start with the boundary");

    form_contents out;
    bool have_file = false;
    std::uint64_t at = first.size();
    for (std::size_t part = 0;; ++part) {
        if (have_file) bad("the file must be the last part");
        if (part >= limits.max_fields + 1) bad("too many parts");
        const auto header_end = body.find("\r\n\r\n", at);
        if (!header_end || *header_end - at > limits.max_header_bytes) bad("a part's headers are missing or too long");
        const std::string headers = body.read(at, static_cast<std::size_t>(*header_end - at));
        disposition d;
        bool has_disposition = false;
        for (std::size_t pos = 0; pos <= headers.size();) {
            auto eol = headers.find("\r\n", pos);
            if (eol == std::string::npos) eol = headers.size();
            const std::string_view line(headers.data() + pos, eol - pos);
            const auto colon = line.find(':');
            if (colon == std::string_view::npos) bad("a part header line without a colon");
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            if (lower(line.substr(0, colon)) == "content-disposition") {
                d = parse_disposition(value);
                has_disposition = true;
            }
            pos = eol + 2;
        }
        if (!has_disposition || !d.name || d.name->empty()) bad("a part without a form-data name");
        const std::uint64_t content = *header_end + 4;
        const auto end = body.find(delimiter, content);
        if (!end) bad("the closing boundary is missing");
        const std::uint64_t length = *end - content;
        if (d.filename) {
            out.file_field = *d.name;
            out.file_name = *d.filename;
            out.file_offset = content;
            out.file_length = length;
            have_file = true;
        } else {
            if (length > limits.max_field_bytes)
                bad("the field \"" + *d.name + "\" is larger than " + std::to_string(limits.max_field_bytes) +
                    " bytes");
            if (!out.fields.emplace(*d.name, body.read(content, static_cast<std::size_t>(length))).second)
                bad("the field \"" + *d.name + "\" appears twice");
        }
        const std::string after = body.read(*end + delimiter.size(), 4);
        if (after.starts_with("--")) {
            const std::uint64_t tail = *end + delimiter.size() + 2;
            const std::string rest = body.read(tail, 3);
            if (!(rest.empty() || rest == "\r\n")) bad("data after the closing boundary");
            break;
        }
        if (!after.starts_with("\r\n")) bad("a boundary not followed by CRLF");
        at = *end + delimiter.size() + 2;
    }
    if (!have_file) bad("no file part");
    return out;
}

} // namespace numerapi::sandbox::uploads
