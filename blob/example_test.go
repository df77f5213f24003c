package blob_test

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/uslugi/uslugi/blob"
)

func ExampleURLSigner() {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s, _ := blob.NewURLSigner([]byte(strings.Repeat("k", 32)), func() time.Time { return now })

	link := "/files?" + s.Sign("dup/42/main.pdf", now.Add(5*time.Minute))

	// In the /files handler: q is r.URL.Query().
	u, _ := url.Parse(link)
	key, err := s.Verify(u.Query())
	fmt.Println(key, err)
	// Output: dup/42/main.pdf <nil>
}
