#pragma once

// Fixed keys and known-answer tokens for the auth tests. The keys were generated once with
// python3-cryptography; each token was signed independently of mcpgw (Python hmac/hashlib for
// HS*, cryptography for RS* and ES*) over {"alg":ALG,"typ":"JWT"} and kClaims, both serialized
// with sorted keys and no spaces, exactly as mcpgw serializes them.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/auth/signature.hpp"

namespace mcpgw::auth::vectors {

inline constexpr std::string_view kRsaPrivatePem = R"pem(-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDqUdBE0uIuunBA
xq9rqPJ5W9dA2SFGPtupKokgSOR4qLZa9ZEilEhPntrWWzrEL4eN4BUTtdifssAL
rrf4nOe+XkVBarc57snT7zkVfruIqBW4WGWXPCaEg/EXpuGcdalFriEWoLQld0WF
CFW00CpxQHrHaMwmrS+6wrQdc+Gv+59WOwS7NEWu/pVh34I/fByfQK1yLhwT4q0V
Dv5Pmo28VA/drtRvO1ycjrhFG46M3Dp2ieoqRCzmg/rLDA4B+r3dGRoy09ZZRx0V
sIM+NBjQcEUYpsNaCfMCqJU0bBd9amRX5Cim4wLrRrWWFJWH/KyqSA30Sq0LisJe
ReYhkxOxAgMBAAECggEAEQ0NC8UQwne8rWoH39y2cFBXlJd4TWVLlL7MpbXIMmOM
iYfvHMYPkQOtRwXye849nfxdbEbCUbSvNupq5sN8NaUkgwMh/Cw9MZfp3n+PY/1f
Pz/nfJ7a6q+zPpZdOoZxX+mw7LWbBlLskyatHfA79mvLw3ED0hiuLXf3pWEGXkjc
guZOwwGV55C/AZ8oe0Rhe/Dufan6Jv/xjOL6s6EOHqWdRujtmXcY64Sa4qSzKkTf
6h8aOBWPqDU4dQrSIWx/EGhldAnND/pEnmB7sn1HZd0hPg3M4zGzxOnOWjVXAVhW
HT0Tc70SDZIWTHAnK31eGOv+j9KmyorBBUVx2h46pQKBgQD6g0clF9WeunuII0LE
Xiz2rZXQ6nJwkzGoQo+y9TFHLyIOPblexj5oLsPknM+/n9Snce4cI/DBl1YRzph6
fBLhtI50jjte/IUSPHgF0L/ejCMzknCsS8eHOfGew0YcHHgR3Qc5LjtHMMZZty/o
UUb3ySkXezsKLlQFx7+k/DAFtwKBgQDvc7vnTCy8CxOHFBbAOB39nPAjn89vHSng
b7KUs3q8LjIr5YRh1MDrfCZ9mFJeF5iAH3KdKnbco+SZ5r/0IkutuvS56SGdAQBH
eOnKg3bPb5etj+zR6ofUzYPYU6QQmWZM0AsCbijYTjimPjRpmJfh9H6YOHj6Iy7s
QSXyJwvx1wKBgQC/Z/LCGrXzs5STbi2jkDlWuUbQ+3E5Jp44a7MUD1f5hb/Flc++
5EXmoGS4lj/9sAdxcRF3mtZndFQlAu9qFsbugWCfGdWvO84JIv6potgXGIgE7Yz9
eGEZp2I/5f/5lp7/Nxw/yl0shc3n2pnWLdPFm4O0F0oC+2bji72YN8ARfQKBgHzw
IyPtQA4hrV+2oKRM44EXqMi9ssskKVx8i25BM5IKfI0g5XDyRHLaRW8U0i1cHGsF
fZT5uiknrriKiK+GUXxlZxm1xZ8ZDZ89PKc47v4PGNIrnYJt38+uJ9Pw2FL85z6+
8m+jMNakAbTkEg7i2qTAIGmmVaEWSH5nA7iUnQvjAoGADrVmn0lGHK92YMCTu5wb
vD7o8DajBnz/YU431HpyeeFIhgMyxnUktFmpv9tZGGoLry23HCANSzYw/fpukVXB
68uQYhlKoM/AtP3OwxK3Cn6HSuXhA/Tp5XcypiqpyLtKfeFTAIAnDYK+QcvZIYjD
gYoL8gNAhzeEsRRRw3lmeaY=
-----END PRIVATE KEY-----
)pem";

inline constexpr std::string_view kRsaPublicPem = R"pem(-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6lHQRNLiLrpwQMava6jy
eVvXQNkhRj7bqSqJIEjkeKi2WvWRIpRIT57a1ls6xC+HjeAVE7XYn7LAC663+Jzn
vl5FQWq3Oe7J0+85FX67iKgVuFhllzwmhIPxF6bhnHWpRa4hFqC0JXdFhQhVtNAq
cUB6x2jMJq0vusK0HXPhr/ufVjsEuzRFrv6VYd+CP3wcn0Ctci4cE+KtFQ7+T5qN
vFQP3a7UbztcnI64RRuOjNw6donqKkQs5oP6ywwOAfq93RkaMtPWWUcdFbCDPjQY
0HBFGKbDWgnzAqiVNGwXfWpkV+QopuMC60a1lhSVh/ysqkgN9EqtC4rCXkXmIZMT
sQIDAQAB
-----END PUBLIC KEY-----
)pem";

inline constexpr std::string_view kP256PrivatePem = R"pem(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgL9EJ90fiGX7a+wuP
cnBCbNbx+UxrTffizqX+4Hy5xoahRANCAASz5wo+ktDKNDc08swEy4Pm8nVGAq2T
jHlyu8QHlurNpPYb8EQFJ/+E5cN1BOWLybs2Mh5wdNhOFePPwFAakkS+
-----END PRIVATE KEY-----
)pem";

inline constexpr std::string_view kP256PublicPem = R"pem(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEs+cKPpLQyjQ3NPLMBMuD5vJ1RgKt
k4x5crvEB5bqzaT2G/BEBSf/hOXDdQTli8m7NjIecHTYThXjz8BQGpJEvg==
-----END PUBLIC KEY-----
)pem";

inline constexpr std::string_view kP384PrivatePem = R"pem(-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDC1hsoqv5EKIXLWrRST
D7RMPXsyVoposv3ksRK8Kp1ClfFcG7RtuG69QzSA58GxB6ChZANiAAQLqz2SaOJ6
GG2WyngJBiueHBnx74M500WEcocH+VAUtCE1DnWJJxc2LSMwXncsAh5Bvd3+9DFO
iR736HbFFvZFMHtUy2BDSjTAjgBy82JO0AAXCuEgfSb8g+LcPT/Xca0=
-----END PRIVATE KEY-----
)pem";

inline constexpr std::string_view kP384PublicPem = R"pem(-----BEGIN PUBLIC KEY-----
MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEC6s9kmjiehhtlsp4CQYrnhwZ8e+DOdNF
hHKHB/lQFLQhNQ51iScXNi0jMF53LAIeQb3d/vQxToke9+h2xRb2RTB7VMtgQ0o0
wI4AcvNiTtAAFwrhIH0m/IPi3D0/13Gt
-----END PUBLIC KEY-----
)pem";

inline constexpr std::string_view kSecret = "test-secret-of-thirty-two-bytes!";
inline constexpr std::string_view kClaims =
    R"({"aud":"mcpgateway-api","exp":1700604800,"iat":1700000000,"iss":"mcpgateway",)"
    R"("jti":"00000000-0000-4000-8000-000000000000","sub":"admin@example.com"})";
inline constexpr long kClaimsIat = 1700000000;

inline constexpr std::string_view kHs256Token =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJtY3BnYXRld2F5LWFwaSIsImV4cCI6MTcwMDYwNDgwM"
    "CwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJtY3BnYXRld2F5IiwianRpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDA"
    "tMDAwMDAwMDAwMDAwIiwic3ViIjoiYWRtaW5AZXhhbXBsZS5jb20ifQ.tLzdbU8yMPUfrD33KjPCEDq8ZV2JZ4xqUx"
    "l9CRl0lFo";

inline constexpr std::string_view kHs384Token =
    "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJtY3BnYXRld2F5LWFwaSIsImV4cCI6MTcwMDYwNDgwM"
    "CwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJtY3BnYXRld2F5IiwianRpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDA"
    "tMDAwMDAwMDAwMDAwIiwic3ViIjoiYWRtaW5AZXhhbXBsZS5jb20ifQ.ILB2PgWPscRKzKjuiyJ843hdq0HDT2u55H"
    "La3nkgYhr2b6wysUOE6j0PEnhb2DXM";

inline constexpr std::string_view kHs512Token =
    "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJtY3BnYXRld2F5LWFwaSIsImV4cCI6MTcwMDYwNDgwM"
    "CwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJtY3BnYXRld2F5IiwianRpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDA"
    "tMDAwMDAwMDAwMDAwIiwic3ViIjoiYWRtaW5AZXhhbXBsZS5jb20ifQ.EGAf4XMhvUmlZTh8gkRQb1SeNDyFOykpRY"
    "H-EM2f_qKydb_PGZv7Vt63MLW4ItV0InbqhcoZgDTrOt5USI823w";

inline constexpr std::string_view kRs256Token =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJtY3BnYXRld2F5LWFwaSIsImV4cCI6MTcwMDYwNDgwM"
    "CwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJtY3BnYXRld2F5IiwianRpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDA"
    "tMDAwMDAwMDAwMDAwIiwic3ViIjoiYWRtaW5AZXhhbXBsZS5jb20ifQ.nsEin3QFZM6FuhV4uODo4-xpOtYHmohc5r"
    "3dszl7Zq7Y0XafqBkB9OONdd7D2BH8n3grqS1W4p6IzaRvNoiXKzpHrHM60VyRG1w5tRHdp5JVZ_pAI9jkxzcgzjgT"
    "Fv_U_HwzvyFLoKSGVVtezn_MpsGLL7g1JAFN25hrk3_MrPw0-VBSe_vxrUHOIkh7xaNMiNe9nQVzYpzhZTc0QvDMOk"
    "i66-V-qZKsf51wypwinNmf0WzHsVv_8poD0LpGQsR8mP_Yc3U1S4lEVzuVXWKrsHHpGeLaSel5fhUtiDOWBOnHncoB"
    "A00yU2_5HHOR6-FhtGywryVJ5nqpZxLYYGKYBQ";

inline constexpr std::string_view kRs384Token =
    "eyJhbGciOiJSUzM4NCIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJtY3BnYXRld2F5LWFwaSIsImV4cCI6MTcwMDYwNDgwM"
    "CwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJtY3BnYXRld2F5IiwianRpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDA"
    "tMDAwMDAwMDAwMDAwIiwic3ViIjoiYWRtaW5AZXhhbXBsZS5jb20ifQ.ulH9IGPKdbn5pndeM0g7wHaSsYnI_-oH6z"
    "Fn_78KMklF3lcLp2BePhOCN80PDGyWou4uIH57hOENQlkMiHC4aQOvJFWX65Tc7XuKzg758WpBRP3vS453hMWDt4Xy"
    "SCCL_azSuQFcG42JLhz1xhmDxM50hCpi1DrhKENh_taKiviSDIHGCq8USpQ0L1MJaF8D8VUo3LW8EpJVjgtOBuBHm3"
    "ar-QMmmYBohLgLv1PDpJm87d7ijYdEDYQDJmfEJlEJXCOr41ijWPlokSO8IgCWN_5xANYJGP8wXoJKALBEOeVlzpTh"
    "VqRYNEc0iaeHp3EKFBSnWIyLa5oKBiribymPvQ";

inline constexpr std::string_view kRs512Token =
    "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJtY3BnYXRld2F5LWFwaSIsImV4cCI6MTcwMDYwNDgwM"
    "CwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJtY3BnYXRld2F5IiwianRpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDA"
    "tMDAwMDAwMDAwMDAwIiwic3ViIjoiYWRtaW5AZXhhbXBsZS5jb20ifQ.X305r4Lw3tlOTBrmg4rmwe22w80DNl0Dsa"
    "HpKTNM-6qxcmMlMphyf3_TJqA_NXq98IVaO-EiImoJKoLlDEAy1rF0gonfa1Bb5N1Su4Un5LQv1gh41NUZ8hDtyXnL"
    "5Yuklsk06sDVJFH-R2MASYdHxRyvnM6qrBBKLtj3obF-enHcU58fd3lD4TP2iflIfC_GalvB34FGujjMrlL7gRUtvo"
    "JTeR6I0IkJ_CUlXA5BL_ql6fawfmBxqjGZR58vmb_rXrInMDu2ae3-QqI0brg5r1jO_gioVF2zDplb2Vn3oHTVXa88"
    "SUhEY54zIWWFi6uB5LcHdJ2Ri2k8mtR3iW_zKA";

inline constexpr std::string_view kEs256Token =
    "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJtY3BnYXRld2F5LWFwaSIsImV4cCI6MTcwMDYwNDgwM"
    "CwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJtY3BnYXRld2F5IiwianRpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDA"
    "tMDAwMDAwMDAwMDAwIiwic3ViIjoiYWRtaW5AZXhhbXBsZS5jb20ifQ.vi3IObkJeB0mfIVogzux0EOuba5YXNwkMn"
    "mRQGjlaHpU6eR9jgts8SUc_jYX2PzaR9aqGUneuRNarxD25vfgCg";

inline constexpr std::string_view kEs384Token =
    "eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJtY3BnYXRld2F5LWFwaSIsImV4cCI6MTcwMDYwNDgwM"
    "CwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJtY3BnYXRld2F5IiwianRpIjoiMDAwMDAwMDAtMDAwMC00MDAwLTgwMDA"
    "tMDAwMDAwMDAwMDAwIiwic3ViIjoiYWRtaW5AZXhhbXBsZS5jb20ifQ.1fn5wxu1OuRMNehunUG79dJnpbEJBE8QbA"
    "ET5jHOZMQUtHFRhBS6RAe3hubsyLAU5_Q-j1Xpe4K1PTTHCDn5boIhH7Q61WjvcZ9PJQfticKHLB7_4kVNa4G4Sm_j"
    "ShRB";

/// kSecret as a key, and kClaims as JSON.
inline HmacSecret secret() { return HmacSecret{std::string(kSecret)}; }
inline nlohmann::json claims() { return nlohmann::json::parse(kClaims); }

}  // namespace mcpgw::auth::vectors
