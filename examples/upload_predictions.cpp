// Submits a predictions file: checked locally first, uploaded with retries, created once.
// With --progress, reports the upload as it goes.
//
//   usage: upload_predictions FILE --model NAME_OR_ID [--tournament N] [--api-url URL] [--ca-file PEM]
//   keys:  NUMERAI_PUBLIC_ID, NUMERAI_SECRET_KEY
#include <numerapi/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <cstring>
#include <iostream>

int main(int argc, char** argv) {
    numerapi::client_options options;
    std::string file, model;
    auto tournament = numerapi::tournament::classic;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--model") && i + 1 < argc) model = argv[++i];
        else if (!std::strcmp(argv[i], "--tournament") && i + 1 < argc)
            tournament = numerapi::tournament(std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--api-url") && i + 1 < argc) options.api_url = argv[++i];
        else if (!std::strcmp(argv[i], "--ca-file") && i + 1 < argc) options.ca_file = argv[++i];
        else file = argv[i];
    }
    if (file.empty() || model.empty()) {
        std::cerr
            << "usage: upload_predictions FILE --model NAME_OR_ID [--tournament N] [--api-url URL] [--ca-file PEM]\n";
        return 2;
    }
    // Nothing leaves the machine if the file breaks the rules.
    if (auto checked = numerapi::check_predictions(file, tournament); !checked) {
        std::cerr << file << ": " << checked.problem->message << '\n';
        return 1;
    }
    try {
        boost::asio::io_context ioc;
        numerapi::client api{ioc.get_executor(), options};
        numerapi::submit_options submit;
        submit.upload.on_progress = [](const numerapi::transfer_progress& p) {
            std::cout << "sent " << p.bytes_done << " of " << p.bytes_total.value_or(0) << " bytes\n";
        };
        auto id = boost::asio::co_spawn(ioc, api.upload_predictions(file, model, submit, tournament),
                                        boost::asio::use_future);
        ioc.run();
        std::cout << "submission id: " << id.get() << '\n';
        return 0;
    } catch (const numerapi::error& e) {
        std::cerr << "upload failed: " << e.what() << '\n';
        return 1;
    }
}
