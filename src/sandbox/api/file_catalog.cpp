#include "sandbox/api/file_catalog.hpp"

#include "sandbox/world/random.hpp"

#include <boost/url/parse.hpp>

#include <charconv>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace numerapi::sandbox::api {
namespace {

std::optional<int> to_int(const std::string& s) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::string content_type_of(std::string_view name) {
    if (name.ends_with(".parquet")) return "application/vnd.apache.parquet";
    if (name.ends_with(".json")) return "application/json";
    if (name.ends_with(".csv")) return "text/csv";
    if (name.ends_with(".zip")) return "application/zip";
    return "application/octet-stream";
}

served_file from_string(std::string content, std::string_view name) {
    char etag[48];
    std::snprintf(etag, sizeof etag, "\"%016llx\"", static_cast<unsigned long long>(hash_name(content)));
    served_file f;
    f.size = content.size();
    f.etag = etag;
    f.content_type = content_type_of(name);
    f.body = std::make_shared<const std::string>(std::move(content));
    return f;
}

} // namespace

void served_file::read(std::uint64_t offset, std::span<char> out) const {
    if (const auto* g = std::get_if<files::generated_file>(&body)) {
        g->read(offset, out);
    } else if (const auto* path = std::get_if<std::filesystem::path>(&body)) {
        std::ifstream in(*path, std::ios::binary); // an uploaded file, read where asked
        in.seekg(static_cast<std::streamoff>(offset));
        in.read(out.data(), static_cast<std::streamsize>(out.size()));
        if (static_cast<std::size_t>(in.gcount()) != out.size())
            throw std::runtime_error("cannot read " + path->string());
    } else {
        const auto& s = *std::get<std::shared_ptr<const std::string>>(body);
        std::memcpy(out.data(), s.data() + offset, out.size());
    }
}

std::optional<served_file> find_file(const world& w, std::string_view encoded_path) {
    auto parsed = boost::urls::parse_origin_form(encoded_path);
    if (!parsed) return std::nullopt;
    std::vector<std::string> seg;
    for (auto s : parsed->segments()) seg.push_back(s);
    if (seg.size() >= 4 && seg[0] == "datasets") {
        const auto tournament = to_int(seg[1]);
        const auto round = to_int(seg[2]);
        if (!tournament || !round || w.find_round(*tournament, *round) == nullptr) return std::nullopt;
        std::string name = seg[3];
        for (std::size_t i = 4; i < seg.size(); ++i) name += "/" + seg[i];
        for (const auto& d : w.datasets(*tournament, *round)) {
            if (d.name != name) continue;
            if (d.ticker_table) return from_string(w.ticker_universe(*round), name);
            served_file f;
            files::generated_file g{w.dataset_seed(*tournament, *round, d), d.size, name.ends_with(".parquet"),
                                    w.file_version(std::string(encoded_path))};
            f.size = d.size;
            f.etag = g.etag();
            f.content_type = content_type_of(name);
            f.body = g;
            return f;
        }
        return std::nullopt;
    }
    if (seg.size() == 4 && seg[0] == "hostile") {
        // A name the hostile_names fault listed: its URL was signed, so it was handed out.
        const auto tournament = to_int(seg[1]);
        const auto round = to_int(seg[2]);
        if (!tournament || !round || w.find_round(*tournament, *round) == nullptr) return std::nullopt;
        const std::string& name = seg[3];
        files::generated_file g{hash_name(name, hash_name(seg[1] + "/" + seg[2])), hostile_file_size,
                                name.ends_with(".parquet"), w.file_version(std::string(encoded_path))};
        served_file f;
        f.size = g.size;
        f.etag = g.etag();
        f.content_type = content_type_of(name);
        f.body = g;
        return f;
    }
    if (seg.size() == 4 && seg[0] == "legacy" && seg[3] == "numerai_dataset.zip")
        return from_string(w.legacy_zip(), seg[3]);
    if (seg.size() == 3 && seg[0] == "submissions") {
        const auto* s = w.find_submission(seg[1]);
        if (s == nullptr || s->filename != seg[2]) return std::nullopt;
        if (s->stored_file.empty()) return from_string(s->content, s->filename);
        served_file f;
        f.size = s->stored_size;
        f.etag = "\"" + s->stored_md5 + "\"";
        f.content_type = content_type_of(s->filename);
        f.body = s->stored_file;
        return f;
    }
    return std::nullopt;
}

} // namespace numerapi::sandbox::api
