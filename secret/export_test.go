package secret

import "github.com/golang-jwt/jwt/v5"

// SignRaw signs any claims with any method under the current key set's
// signing key and id, so tests can forge tokens that only the claims or
// the algorithm make wrong.
func SignRaw(k *Keys, method jwt.SigningMethod, claims jwt.Claims) (string, error) {
	t := jwt.NewWithClaims(method, claims)
	t.Header["kid"] = keyIDString(k.current().id)
	return t.SignedString(k.current().sign)
}

// CurrentKeyID is the id byte the current key set puts on what it seals.
func CurrentKeyID(k *Keys) byte { return k.current().id }
