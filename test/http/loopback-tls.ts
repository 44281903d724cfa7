// A self-signed certificate for "localhost" (DNS name only, no IP address; valid until 2126), with its key.
// Test-only: the gate's TLS test trusts it explicitly; nothing else does. Made with
// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=localhost
// -addext subjectAltName=DNS:localhost`.

export const LOCALHOST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgXOutaPCJo73n8lpy
P4qp0MWe47dmEN08NFTtIlmIie+hRANCAASzQt4yED1fa83Fiw2z1ton7F0U3MJL
kziRPSrTwBSyocBQzvWO4Wlh2BvVlV4JAzWYebAvkbOm6VdaYDPnWgSC
-----END PRIVATE KEY-----
`;

export const LOCALHOST_CERT = `-----BEGIN CERTIFICATE-----
MIIBlTCCATugAwIBAgIUM0B9Rrtv0vGBJ+NJhAzmgATPcf0wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNTIyNTk0NloYDzIxMjYxMTEx
MjI1OTQ2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASzQt4yED1fa83Fiw2z1ton7F0U3MJLkziRPSrTwBSyocBQzvWO4Wlh
2BvVlV4JAzWYebAvkbOm6VdaYDPnWgSCo2kwZzAdBgNVHQ4EFgQURoVjZkUSXYeJ
rlEy9+w8aAYFCxkwHwYDVR0jBBgwFoAURoVjZkUSXYeJrlEy9+w8aAYFCxkwDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglsb2NhbGhvc3QwCgYIKoZIzj0EAwID
SAAwRQIhAPHEDeWTYql8W2uegKW4LhzxmzQ/FJwq8G7sG8EOQ06WAiBXng/xmehZ
KyPU58xfikZYcHxf+jUwGjLHGW4fpvuGCw==
-----END CERTIFICATE-----
`;
