// One predictions check, timed: check_predictions on a CSV file, either read from disk by
// the check or loaded into memory first (predictions_data), as upload_predictions runs it.
// Prints one JSON line: the seconds of the check and the peak memory it added (the process's
// peak resident size after the check less before it), for bench/run_predictions_check.
//   bench_predictions_check --file F --tournament 8|11|12 --mode disk|memory [--threads N]
#include <numerapi/predictions_check.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include <sys/resource.h>

namespace {

long peak_resident_kib() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

int main(int argc, char** argv) {
    std::string file, mode = "disk";
    numerapi::predictions_check_options options;
    int tournament = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--file")) file = argv[i + 1];
        else if (!std::strcmp(argv[i], "--tournament")) tournament = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--mode")) mode = argv[i + 1];
        else if (!std::strcmp(argv[i], "--threads")) options.threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
    }
    if (file.empty() || (mode != "disk" && mode != "memory")) {
        std::cerr << "usage: bench_predictions_check --file F --tournament 8|11|12 --mode disk|memory [--threads N]\n";
        return 2;
    }
    std::optional<numerapi::predictions_data> in_memory;
    if (mode == "memory") { // read into a string of its exact size: the baseline holds the file once
        std::ifstream in(file, std::ios::binary | std::ios::ate);
        std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
        in.seekg(0);
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        in_memory.emplace("predictions.csv", std::move(bytes));
    }
    const long before = peak_resident_kib();
    const auto start = std::chrono::steady_clock::now();
    const auto which = numerapi::tournament(tournament);
    const auto result = in_memory ? numerapi::check_predictions(*in_memory, which, options)
                                  : numerapi::check_predictions(file, which, options);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    const long after = peak_resident_kib();
    if (!result) {
        std::cerr << "the check failed: " << result.problem->message << '\n';
        return 1;
    }
    std::printf("{\"mode\": \"%s\", \"rows\": %zu, \"seconds\": %.4f, \"added_peak_kib\": %ld}\n", mode.c_str(),
                result.summary->rows, took.count(), after - before);
    return 0;
}
