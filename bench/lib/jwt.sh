# shellcheck shell=bash
# An HS256 JWT minted with openssl: user 1 (sub "1"), jti 'bench-jti' (= users.jti of the bench
# data, so JWT_CHECK_JTI=true passes too), expiring in 2100.

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# mint_jwt SECRET
mint_jwt() {
  local secret="$1" header payload signature
  header=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '%s' '{"sub":"1","jti":"bench-jti","iat":1700000000,"exp":4102444800}' | b64url)
  signature=$(printf '%s' "$header.$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}
