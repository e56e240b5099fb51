#include "numerapi/submission/csv_lines.hpp"

namespace numerapi::detail {

bool split_csv(std::string_view line, std::vector<std::string_view>& out, std::string& scratch) {
    out.clear();
    scratch.clear();
    scratch.reserve(line.size());
    std::size_t i = 0;
    for (;;) {
        if (i < line.size() && line[i] == '"') {
            const std::size_t start = scratch.size();
            ++i;
            for (;;) {
                if (i >= line.size()) return false;
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        scratch += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                scratch += line[i++];
            }
            while (i < line.size() && line[i] != ',') scratch += line[i++]; // text after the quote
            out.push_back(std::string_view(scratch).substr(start));
        } else {
            const std::size_t start = i;
            while (i < line.size() && line[i] != ',') ++i;
            out.push_back(line.substr(start, i - start));
        }
        if (i >= line.size()) return true;
        ++i; // the comma
    }
}

} // namespace numerapi::detail
