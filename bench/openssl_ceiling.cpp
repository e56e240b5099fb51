// Benchmark ceiling: the simplest OpenSSL loop that GETs one URL over TLS and reads the
// response into nothing, with a 256 KiB buffer and read-ahead.
//   usage: bench_openssl_ceiling HOST PORT PATH CA_FILE
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: bench_openssl_ceiling HOST PORT PATH CA_FILE\n");
        return 2;
    }
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, argv[4], nullptr);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_read_ahead(ctx, 1);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[2])));
    ::inet_pton(AF_INET, argv[1], &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return 1;
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set1_host(ssl, argv[1]);
    if (SSL_connect(ssl) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    const std::string request =
        std::string("GET ") + argv[3] + " HTTP/1.1\r\nHost: " + argv[1] + "\r\nConnection: close\r\n\r\n";
    SSL_write(ssl, request.data(), static_cast<int>(request.size()));
    std::vector<char> buf(256 << 10);
    std::uint64_t total = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int n; (n = SSL_read(ssl, buf.data(), static_cast<int>(buf.size()))) > 0;)
        total += static_cast<std::uint64_t>(n);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"tool\":\"openssl-loop\",\"bytes\":%llu,\"seconds\":%f}\n", static_cast<unsigned long long>(total),
                seconds);
    SSL_free(ssl);
    ::close(fd);
    SSL_CTX_free(ctx);
    return 0;
}
