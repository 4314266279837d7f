#include "sim/node/test_ca.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <sys/stat.h>

#include "core/util/file_io.h"

namespace chainslip::sim {
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* x) const { X509_free(x); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;

Error tls_error(const std::string& what) { return make_error(ErrorCode::kInternal, "test CA: " + what + " failed"); }

bool add_ext(X509* issuer, X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// A certificate for `key` named `cn`, signed by `issuer_key` (issuer == nullptr: self-signed).
Result<CertPtr> make_cert(EVP_PKEY* key, const char* cn, long serial, X509* issuer, EVP_PKEY* issuer_key,
                          bool is_ca) {
  CertPtr x(X509_new());
  if (!x) return tls_error("X509_new");
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 365L * 86400);
  X509_set_pubkey(x.get(), key);
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("chainslip-sim"), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509_set_issuer_name(x.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509* iss = issuer ? issuer : x.get();
  bool ok = is_ca ? add_ext(iss, x.get(), NID_basic_constraints, "critical,CA:TRUE") &&
                        add_ext(iss, x.get(), NID_key_usage, "critical,keyCertSign,cRLSign")
                  : add_ext(iss, x.get(), NID_basic_constraints, "critical,CA:FALSE") &&
                        add_ext(iss, x.get(), NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") &&
                        add_ext(iss, x.get(), NID_ext_key_usage, "serverAuth");
  if (!ok) return tls_error("adding extensions");
  if (X509_sign(x.get(), issuer_key, EVP_sha256()) <= 0) return tls_error("X509_sign");
  return x;
}

Status write_pem(const std::string& path, X509* cert, EVP_PKEY* key) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return make_error(ErrorCode::kUnavailable, "cannot write " + path);
  if (key != nullptr) chmod(path.c_str(), 0600);
  const bool ok = cert != nullptr ? PEM_write_X509(f, cert) == 1
                                  : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) return make_error(ErrorCode::kUnavailable, "cannot write " + path);
  return {};
}

}  // namespace

Result<TlsFiles> write_test_tls_files(const std::string& dir) {
  CS_RETURN_IF_ERROR(make_directories(dir, 0755));
  KeyPtr ca_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  KeyPtr server_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!ca_key || !server_key) return tls_error("key generation");
  CS_ASSIGN_OR_RETURN(CertPtr ca, make_cert(ca_key.get(), "chainslip-sim test CA", 1, nullptr, ca_key.get(), true));
  CS_ASSIGN_OR_RETURN(CertPtr server,
                      make_cert(server_key.get(), "127.0.0.1", 2, ca.get(), ca_key.get(), false));
  TlsFiles files{dir + "/ca.pem", dir + "/server.pem", dir + "/server-key.pem"};
  CS_RETURN_IF_ERROR(write_pem(files.ca_cert, ca.get(), nullptr));
  CS_RETURN_IF_ERROR(write_pem(files.server_cert, server.get(), nullptr));
  CS_RETURN_IF_ERROR(write_pem(files.server_key, nullptr, server_key.get()));
  return files;
}

}  // namespace chainslip::sim
