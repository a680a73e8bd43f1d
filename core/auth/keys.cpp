#include "core/auth/keys.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace mcpgw::auth {

namespace {

constexpr std::size_t kMaxKeyFileBytes = 1 << 20;

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

BioPtr memory_bio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), &BIO_free);
}

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

// The default PEM passphrase callback prompts on the terminal; a gateway must never block
// there, so encrypted keys simply fail to load.
int no_passphrase(char*, int, int, void*) { return -1; }

std::string openssl_reason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "not a PEM key";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

std::string read_key_file(const std::filesystem::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read " + std::string(what) + " file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  std::string contents = text.str();
  if (contents.size() > kMaxKeyFileBytes) {
    throw ConfigError(path.string() + " is too large to be a PEM key");
  }
  return contents;
}

Key::Kind kind_of(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "RSA")) return Key::Kind::rsa;
  if (EVP_PKEY_is_a(pkey, "EC")) {
    char group[64] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(pkey, group, sizeof group, &len) != 1) {
      return Key::Kind::unsupported;
    }
    std::string_view name(group, len);
    if (name == "prime256v1" || name == "P-256") return Key::Kind::ec_p256;
    if (name == "secp384r1" || name == "P-384") return Key::Kind::ec_p384;
  }
  return Key::Kind::unsupported;
}

}  // namespace

Key::Key(EVP_PKEY* pkey, bool has_private)
    : pkey_(pkey, &EVP_PKEY_free), kind_(kind_of(pkey)), has_private_(has_private) {
  if (kind_ == Kind::unsupported) {
    throw ConfigError("unsupported key type: use an RSA key or an EC key on P-256 or P-384");
  }
}

Key Key::from_private_pem(std::string_view pem) {
  if (pem.find("ENCRYPTED") != std::string_view::npos) {
    throw ConfigError(
        "encrypted private keys are not supported; decrypt it first "
        "(openssl pkey -in KEY -out PLAIN)");
  }
  auto bio = memory_bio(pem);
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, &no_passphrase, nullptr);
  if (pkey == nullptr) throw ConfigError("cannot load the private key: " + openssl_reason());
  return Key(pkey, true);
}

Key Key::from_public_pem(std::string_view pem) {
  auto bio = memory_bio(pem);
  EVP_PKEY* pkey = PEM_read_bio_PUBKEY(bio.get(), nullptr, &no_passphrase, nullptr);
  if (pkey == nullptr) {
    throw ConfigError("cannot load the public key (expected PEM \"PUBLIC KEY\"): " +
                      openssl_reason());
  }
  return Key(pkey, false);
}

Key Key::load_private_file(const std::filesystem::path& path) {
  try {
    return from_private_pem(read_key_file(path, "private key"));
  } catch (const ConfigError& e) {
    throw ConfigError(path.string() + ": " + e.what());
  }
}

Key Key::load_public_file(const std::filesystem::path& path) {
  try {
    return from_public_pem(read_key_file(path, "public key"));
  } catch (const ConfigError& e) {
    throw ConfigError(path.string() + ": " + e.what());
  }
}

Key Key::generate(Algorithm algorithm, int rsa_bits) {
  EVP_PKEY* pkey = nullptr;
  switch (algorithm) {
    case Algorithm::rs256:
    case Algorithm::rs384:
    case Algorithm::rs512:
      if (rsa_bits < 2048 || rsa_bits > 16384) {
        throw ConfigError("RSA keys need 2048 to 16384 bits, not " + std::to_string(rsa_bits));
      }
      pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(rsa_bits));
      break;
    case Algorithm::es256:
      pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case Algorithm::es384:
      pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
      break;
    default:
      throw ConfigError(std::string(algorithm_name(algorithm)) +
                        " uses a shared secret, not a key pair");
  }
  if (pkey == nullptr) throw Fatal("key generation failed: " + openssl_reason());
  return Key(pkey, true);
}

int Key::bits() const { return EVP_PKEY_get_bits(pkey_.get()); }

std::string Key::private_pem() const {
  if (!has_private_) throw ConfigError("this is a public key; it has no private part");
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!PEM_write_bio_PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
    throw Fatal("cannot write the private key: " + openssl_reason());
  }
  return bio_contents(bio.get());
}

std::string Key::public_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!PEM_write_bio_PUBKEY(bio.get(), pkey_.get())) {
    throw Fatal("cannot write the public key: " + openssl_reason());
  }
  return bio_contents(bio.get());
}

std::optional<std::string> Key::mismatch(Algorithm algorithm) const {
  std::string alg(algorithm_name(algorithm));
  switch (family_of(algorithm)) {
    case AlgorithmFamily::hmac:
      return alg + " takes a shared secret, not a " + std::string(key_kind_name(kind_)) + " key";
    case AlgorithmFamily::rsa:
      if (kind_ != Kind::rsa) {
        return alg + " needs an RSA key, not " + std::string(key_kind_name(kind_));
      }
      if (bits() < 2048) {
        return alg + " needs an RSA key of 2048 bits or more, not " + std::to_string(bits());
      }
      return std::nullopt;
    case AlgorithmFamily::ecdsa: {
      Kind want = algorithm == Algorithm::es256 ? Kind::ec_p256 : Kind::ec_p384;
      if (kind_ != want) {
        return alg + " needs an " + std::string(key_kind_name(want)) + " key, not " +
               std::string(key_kind_name(kind_));
      }
      return std::nullopt;
    }
  }
  return alg + " is not supported";
}

std::optional<Algorithm> Key::default_algorithm() const {
  switch (kind_) {
    case Kind::rsa:
      return Algorithm::rs256;
    case Kind::ec_p256:
      return Algorithm::es256;
    case Kind::ec_p384:
      return Algorithm::es384;
    case Kind::unsupported:
      break;
  }
  return std::nullopt;
}

std::string_view key_kind_name(Key::Kind kind) {
  switch (kind) {
    case Key::Kind::rsa:
      return "RSA";
    case Key::Kind::ec_p256:
      return "EC P-256";
    case Key::Kind::ec_p384:
      return "EC P-384";
    case Key::Kind::unsupported:
      break;
  }
  return "unsupported";
}

}  // namespace mcpgw::auth
