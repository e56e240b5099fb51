// Test support: predictions files in the shapes each tournament takes.
#pragma once

#include "support/file_bytes.hpp"

#include <cstdio>
#include <filesystem>
#include <string>

namespace numerapi::test {

/// A valid CSV for tournament 8 (id,prediction), 11 (numerai_ticker,signal) or 12
/// (symbol,signal) with `rows` rows.
inline std::string predictions_csv(int tournament, int rows = 150) {
    std::string out = tournament == 8 ? "id,prediction\n"
        : tournament == 11            ? "numerai_ticker,signal\n"
                                      : "symbol,signal\n";
    char line[64];
    for (int i = 0; i < rows; ++i) {
        const double value = static_cast<double>((i * 37) % 1000) / 1000.0;
        if (tournament == 8) std::snprintf(line, sizeof line, "n%015d,%.4f\n", i, value);
        else if (tournament == 11) std::snprintf(line, sizeof line, "T%04d US,%.4f\n", i, value);
        else std::snprintf(line, sizeof line, "COIN%04d,%.4f\n", i, value);
        out += line;
    }
    return out;
}

inline std::filesystem::path write_predictions(const std::filesystem::path& dir, int tournament, int rows = 150,
                                               const std::string& name = "predictions.csv") {
    const auto p = dir / name;
    write_file(p, predictions_csv(tournament, rows));
    return p;
}

} // namespace numerapi::test
