// Benchmark ceiling: the simplest OpenSSL loop that GETs each path over TLS, one after
// another on one thread, each on a connection of its own, and reads the responses into
// nothing, or with --out into files of DIR named as the paths end (headers included: the
// same work as a client's download, with no parsing), with a 256 KiB buffer and read-ahead.
//   usage: bench_openssl_ceiling HOST PORT CA_FILE [--out DIR] PATH...
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

/// GETs `path` over a new TLS connection and reads the answer into nothing, or into the
/// file `out` when it is not empty; the bytes read (headers included), or -1.
long long fetch(SSL_CTX* ctx, const char* host, int port, const char* path, const std::string& out) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, host, &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set1_host(ssl, host);
    long long total = -1;
    if (SSL_connect(ssl) == 1) {
        const std::string request =
            std::string("GET ") + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
        SSL_write(ssl, request.data(), static_cast<int>(request.size()));
        std::vector<char> buf(256 << 10);
        const int file = out.empty() ? -1 : ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        total = out.empty() || file >= 0 ? 0 : -1;
        for (int n; total >= 0 && (n = SSL_read(ssl, buf.data(), static_cast<int>(buf.size()))) > 0;) {
            if (file >= 0 && ::write(file, buf.data(), static_cast<std::size_t>(n)) != n) total = -1;
            else total += n;
        }
        if (file >= 0) ::close(file);
    } else {
        ERR_print_errors_fp(stderr);
    }
    SSL_free(ssl);
    ::close(fd);
    return total;
}

} // namespace

int main(int argc, char** argv) {
    int first_path = 4;
    std::string out_dir;
    if (argc > 5 && std::string(argv[4]) == "--out") {
        out_dir = argv[5];
        first_path = 6;
    }
    if (argc <= first_path) {
        std::fprintf(stderr, "usage: bench_openssl_ceiling HOST PORT CA_FILE [--out DIR] PATH...\n");
        return 2;
    }
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, argv[3], nullptr);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_read_ahead(ctx, 1);
    const int port = std::atoi(argv[2]);
    std::uint64_t total = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = first_path; i < argc; ++i) {
        const std::string path = argv[i];
        const std::string out = out_dir.empty() ? "" : out_dir + "/" + path.substr(path.rfind('/') + 1);
        const long long got = fetch(ctx, argv[1], port, argv[i], out);
        if (got < 0) return 1;
        total += static_cast<std::uint64_t>(got);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"tool\":\"openssl-loop\",\"bytes\":%llu,\"seconds\":%f}\n", static_cast<unsigned long long>(total),
                seconds);
    SSL_CTX_free(ctx);
    return 0;
}
