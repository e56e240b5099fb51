#!/usr/bin/env python3
"""Writes the seed corpus of the tls_client_handshake fuzzer: what a real server sends after
a client's hello, made with OpenSSL (Python's ssl module) in memory, no network.

    fuzz/tools/tls_server_flights.py fuzz/corpus/tls_client_handshake

Each seed is the server's bytes up to the point where it waits for the client again: a
TLS 1.3 flight (ServerHello to Finished), a TLS 1.2 flight (ServerHello, Certificate,
ServerKeyExchange, ServerHelloDone: the certificate in the clear), a fatal alert, and a
plain HTTP answer (a client pointed at an http port).
"""
import pathlib
import ssl
import subprocess
import sys
import tempfile


def certificate(directory):
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "30", "-subj", "/CN=api-tournament.numer.ai",
                    "-addext", "subjectAltName=DNS:api-tournament.numer.ai"],
                   check=True, capture_output=True)
    return cert, key


def server_flight(cert, key, version):
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    server_ctx.minimum_version = server_ctx.maximum_version = version
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname = False
    client_ctx.verify_mode = ssl.CERT_NONE
    to_server, to_client = ssl.MemoryBIO(), ssl.MemoryBIO()
    client = client_ctx.wrap_bio(to_client, to_server, server_hostname="api-tournament.numer.ai")
    s_in, s_out = ssl.MemoryBIO(), ssl.MemoryBIO()
    server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
    try:
        client.do_handshake()
    except ssl.SSLWantReadError:
        pass
    s_in.write(to_server.read())
    try:
        server.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return s_out.read()


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = certificate(pathlib.Path(tmp))
        (out / "tls13_server_flight").write_bytes(server_flight(cert, key, ssl.TLSVersion.TLSv1_3))
        (out / "tls12_server_flight").write_bytes(server_flight(cert, key, ssl.TLSVersion.TLSv1_2))
    (out / "handshake_failure_alert").write_bytes(bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]))
    (out / "plain_http_answer").write_bytes(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


if __name__ == "__main__":
    main()
