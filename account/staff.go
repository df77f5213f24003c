package account

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/uslugi/uslugi/identity"
)

// AuditAccountLookedUp is the audit action of an administrator's look-up
// of accounts by a phone, an email or a SNILS. The row keeps what kind of
// key was typed and how many accounts it found, never the key itself.
const AuditAccountLookedUp = "account.looked_up"

// StaffView is an account as an administrator sees it when granting roles:
// the name, the contacts masked as registration masks them (+7 912
// ***-**-89, i***@mail.ru), the tier and every role it holds.
type StaffView struct {
	Account
	MaskedPhone string
	MaskedEmail string
	Grants      []RoleGrant
}

func staffView(a Account, grants []RoleGrant) StaffView {
	v := StaffView{Account: a, Grants: grants}
	if a.Phone != "" {
		v.MaskedPhone = mask(ContactPhone, a.Phone)
	}
	if a.Email != "" {
		v.MaskedEmail = mask(ContactEmail, a.Email)
	}
	if v.Grants == nil {
		v.Grants = []RoleGrant{}
	}
	return v
}

// FindAccounts finds accounts for an ADMIN by an exact key: a phone in any
// common writing (8 912 …, +7 (912) …), an email, or a SNILS, each
// normalised as sign-in normalises it; the SNILS is matched by its keyed
// hash, as the store never holds it in the clear. A key that reads both as
// a SNILS and as a phone (11 digits with a valid check sum) is tried as
// both. Each look-up, found or not, is in the audit log
// (AuditAccountLookedUp), in the transaction that reads.
func (s *Service) FindAccounts(ctx context.Context, p Principal, query string, c Client) ([]StaffView, error) {
	if !p.HasRole(RoleAdmin) {
		return nil, &ForbiddenError{NeedRole: RoleAdmin}
	}
	query = strings.TrimSpace(query)
	type key struct {
		kind  string
		value string
	}
	var keys []key
	if strings.Contains(query, "@") {
		if e, err := identity.ParseEmail(query); err == nil {
			keys = append(keys, key{"email", e})
		}
	} else {
		if sn, err := identity.ParseSNILS(query); err == nil {
			keys = append(keys, key{"snils", s.secrets.LookupHash("snils", sn)})
		}
		if ph, err := identity.ParsePhone(query); err == nil {
			keys = append(keys, key{"phone", ph})
		}
	}
	if len(keys) == 0 {
		return nil, InputErrors{fieldErr("query", "INVALID", "Укажите телефон, электронную почту или СНИЛС полностью",
			"give a whole phone number, email or SNILS")}
	}
	var out []StaffView
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var kinds []string
		for _, k := range keys {
			var a Account
			var err error
			switch k.kind {
			case "email":
				a, err = tx.AccountByEmail(ctx, k.value)
			case "snils":
				a, err = tx.AccountBySNILSHash(ctx, k.value)
			default:
				a, err = tx.AccountByPhone(ctx, k.value)
			}
			kinds = append(kinds, k.kind)
			if errors.Is(err, ErrNotFound) || (err == nil && slices.ContainsFunc(out, func(v StaffView) bool { return v.ID == a.ID })) {
				continue
			}
			if err != nil {
				return err
			}
			grants, err := tx.RoleGrants(ctx, a.ID)
			if err != nil {
				return err
			}
			out = append(out, staffView(a, grants))
		}
		subject := ""
		if len(out) == 1 {
			subject = out[0].ID
		}
		return s.audit(ctx, tx, AuditAccountLookedUp, p.AccountID, subject, c,
			map[string]string{"by": strings.Join(kinds, ","), "found": strconv.Itoa(len(out))})
	})
	if out == nil {
		out = []StaffView{}
	}
	return out, err
}

// HolderCursor is where a page of role holders ends: its last grant, in
// the list's order (the latest grant first, then account, role and scope,
// the grant's key). The next page starts after it by those values.
type HolderCursor struct {
	GrantedAt time.Time
	AccountID string
	Role      Role
	Scope     string
}

// HolderQuery picks grants: of a role (all when empty), within a scope
// (any when empty), after a cursor.
type HolderQuery struct {
	Role  Role
	Scope string
	After *HolderCursor
}

// Holder is one grant with the account that holds it.
type Holder struct {
	Account Account
	Grant   RoleGrant
}

// HolderView is a grant with its account as an administrator sees it.
type HolderView struct {
	Account StaffView
	Grant   RoleGrant
}

// Cursor is the cursor just after h.
func (h HolderView) Cursor() HolderCursor {
	return HolderCursor{GrantedAt: h.Grant.GrantedAt, AccountID: h.Account.ID, Role: h.Grant.Role, Scope: h.Grant.Scope}
}

// HolderPage is a page of role holders.
type HolderPage struct {
	Holders []HolderView
	// Total is how many grants the query picks, on every page.
	Total int
	More  bool
}

// StaffTx is what the staff workspaces read of accounts beyond Tx.
type StaffTx interface {
	// RoleHolders returns up to limit grants q picks, the latest first
	// then by account, role and scope, with their accounts, and how many
	// q picks without its After.
	RoleHolders(ctx context.Context, q HolderQuery, limit int) ([]Holder, int, error)
	// RoleGrantsOf returns every grant of each account, by role and scope.
	RoleGrantsOf(ctx context.Context, accountIDs []string) (map[string][]RoleGrant, error)
}

// Holder page sizes.
const (
	DefaultHolderPage = 50
	MaxHolderPage     = 100
)

// RoleHolders lists who holds a role (every role when q.Role is empty),
// within a scope when q.Scope is set, the latest grant first: for an ADMIN.
// Each holder's account comes with all of its grants and masked contacts.
func (s *Service) RoleHolders(ctx context.Context, p Principal, q HolderQuery, limit int) (HolderPage, error) {
	if !p.HasRole(RoleAdmin) {
		return HolderPage{}, &ForbiddenError{NeedRole: RoleAdmin}
	}
	if q.Role != "" && !validRole(q.Role) {
		return HolderPage{}, InputErrors{fieldErr("role", "INVALID", "Роли: OPERATOR, OFFICER, MUNICIPAL_OFFICER и ADMIN",
			"the roles are OPERATOR, OFFICER, MUNICIPAL_OFFICER and ADMIN")}
	}
	q.Scope = strings.TrimSpace(q.Scope)
	if limit <= 0 {
		limit = DefaultHolderPage
	}
	limit = min(limit, MaxHolderPage)
	var page HolderPage
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		hs, n, err := tx.RoleHolders(ctx, q, limit+1)
		if err != nil {
			return err
		}
		if page.More = len(hs) > limit; page.More {
			hs = hs[:limit]
		}
		page.Total = n
		ids := make([]string, 0, len(hs))
		for _, h := range hs {
			if !slices.Contains(ids, h.Account.ID) {
				ids = append(ids, h.Account.ID)
			}
		}
		grants, err := tx.RoleGrantsOf(ctx, ids)
		if err != nil {
			return err
		}
		page.Holders = make([]HolderView, len(hs))
		for i, h := range hs {
			page.Holders[i] = HolderView{Account: staffView(h.Account, grants[h.Account.ID]), Grant: h.Grant}
		}
		return nil
	})
	return page, err
}

// ShortName is a person's surname and initials, as staff lists show a
// citizen without more of his personal data: "Иванов И. И.", or
// "Иванов И." without a patronymic.
func ShortName(last, first, patronymic string) string {
	out := strings.TrimSpace(last)
	for _, n := range []string{first, patronymic} {
		n = strings.TrimSpace(n)
		for _, r := range n {
			if unicode.IsLetter(r) {
				out += " " + string(unicode.ToUpper(r)) + "."
				break
			}
		}
	}
	return out
}

// FullName is a person's surname, first name and patronymic.
func FullName(last, first, patronymic string) string {
	return strings.Join(strings.Fields(strings.Join([]string{last, first, patronymic}, " ")), " ")
}

// MatchesDocument reports whether the series and number of an identity
// document shown at a counter are those of d's document, compared by the
// keyed hash the personal data keeps (spaces dropped, letters in upper
// case), so the document is never unsealed. Confirmation in person and the
// hand-out of results at a service centre both check the document this way.
func (s *Service) MatchesDocument(d SealedPersonalData, series, number string) bool {
	norm := func(x string) string { return strings.ToUpper(strings.Join(strings.Fields(x), "")) }
	doc := string(d.DocKind) + ":" + norm(series) + ":" + norm(number)
	return d.DocHash != "" && s.secrets.LookupHash("document", doc) == d.DocHash
}
