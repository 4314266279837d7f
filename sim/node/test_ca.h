#pragma once

#include <string>

#include "core/util/result.h"

namespace chainslip::sim {

// Paths of the TLS files the simulated node generates for HTTPS.
struct TlsFiles {
  std::string ca_cert;      // the test CA's certificate (PEM): what a kiosk trusts
  std::string server_cert;  // the node's certificate (PEM), for 127.0.0.1 and localhost
  std::string server_key;   // the node's private key (PEM, mode 0600)
};

// Generates a throw-away test CA (P-256, valid one year) and a server
// certificate it signs, with subjectAltName IP:127.0.0.1 and DNS:localhost,
// and writes them into `dir` as ca.pem, server.pem and server-key.pem.
// For the simulator only: never a production PKI.
Result<TlsFiles> write_test_tls_files(const std::string& dir);

}  // namespace chainslip::sim
