package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/notification"
)

// HearingStore keeps public hearings, their votes, tallies, proposals,
// notices and the land rights that admit people to them.
//
// On PostgreSQL a vote share-locks its hearing's row (FOR SHARE) and a
// stage change locks it exclusively (FOR UPDATE): votes run side by side,
// and a closing waits for those in flight while later ones wait for it and
// then see it closed. On SQLite every transaction takes the database's
// write lock when it begins, which orders them just as strictly.
type HearingStore struct {
	db    *bun.DB
	clock func() time.Time
}

// NewHearingStore returns a store over db; clock stamps outbox rows.
func NewHearingStore(db *bun.DB, clock func() time.Time) *HearingStore {
	if clock == nil {
		clock = time.Now
	}
	return &HearingStore{db: db, clock: clock}
}

var _ hearing.Store = (*HearingStore)(nil)

// InTx implements hearing.Store.
func (s *HearingStore) InTx(ctx context.Context, fn func(ctx context.Context, tx hearing.Tx) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(ctx, &hearingTx{tx: tx, pg: IsPostgres(s.db), clock: s.clock})
	})
}

type hearingTx struct {
	tx    bun.Tx
	pg    bool
	clock func() time.Time
}

// batch is how many rows one multi-row INSERT carries.
const batch = 500

func (t *hearingTx) OfficerScopes(ctx context.Context, accountID string) ([]string, error) {
	var scopes []string
	err := t.tx.NewSelect().TableExpr("account_roles").Column("scope").
		Where("account_id = ? AND role = ?", accountID, string(account.RoleMunicipalOfficer)).Scan(ctx, &scopes)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read an officer's municipalities: %w", err)
	}
	return scopes, nil
}

func (t *hearingTx) MunicipalityExists(ctx context.Context, oktmo string) (bool, error) {
	return t.tx.NewSelect().TableExpr("municipalities").Where("oktmo = ?", oktmo).Exists(ctx)
}

func (t *hearingTx) AccountExists(ctx context.Context, accountID string) (bool, error) {
	return t.tx.NewSelect().TableExpr("accounts").Where("id = ?", accountID).Exists(ctx)
}

func (t *hearingTx) AccountIDBySNILSHash(ctx context.Context, hash string) (string, error) {
	var ids []string
	if err := t.tx.NewSelect().TableExpr("accounts").Column("id").Where("snils_hash = ?", hash).Limit(1).Scan(ctx, &ids); err != nil {
		return "", fmt.Errorf("store: unable to find an account by SNILS: %w", err)
	}
	if len(ids) == 0 {
		return "", nil
	}
	return ids[0], nil
}

type hearingRow struct {
	bun.BaseModel     `bun:"table:hearings,alias:h"`
	ID                string     `bun:"id,pk"`
	OKTMO             string     `bun:"oktmo"`
	Title             string     `bun:"title"`
	Subject           string     `bun:"subject"`
	SubjectDetail     string     `bun:"subject_detail"`
	Description       string     `bun:"description"`
	Materials         string     `bun:"materials"`
	Questions         string     `bun:"questions"`
	Territory         string     `bun:"territory"`
	TerritoryQuarters string     `bun:"territory_quarters"`
	Organiser         string     `bun:"organiser"`
	Status            string     `bun:"status"`
	OpensAt           time.Time  `bun:"opens_at"`
	ClosesAt          time.Time  `bun:"closes_at"`
	MeetingAt         time.Time  `bun:"meeting_at"`
	MeetingPlace      string     `bun:"meeting_place"`
	CreatedBy         string     `bun:"created_by"`
	CreatedAt         time.Time  `bun:"created_at"`
	UpdatedAt         time.Time  `bun:"updated_at"`
	AnnouncedAt       *time.Time `bun:"announced_at"`
	OpenedAt          *time.Time `bun:"opened_at"`
	ClosedAt          *time.Time `bun:"closed_at"`
	EarlyCloseReason  string     `bun:"early_close_reason"`
	Voters            int        `bun:"voters"`
	Eligible          int        `bun:"eligible"`
	Conclusion        string     `bun:"conclusion"`
	ResultsAt         *time.Time `bun:"results_at"`
	ProtocolID        string     `bun:"protocol_id"`
	ProtocolSHA256    string     `bun:"protocol_sha256"`
	ProtocolSignature string     `bun:"protocol_signature"`
}

func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func hearingRowOf(h hearing.Hearing) (*hearingRow, error) {
	r := &hearingRow{ID: h.ID, OKTMO: h.Municipality, Title: h.Title, Subject: string(h.Subject), SubjectDetail: h.SubjectDetail,
		Description: h.Description, Territory: h.Territory.Description, Organiser: h.Organiser, Status: string(h.Status),
		OpensAt: dbTime(h.Dates.OpensAt), ClosesAt: dbTime(h.Dates.ClosesAt), MeetingAt: dbTime(h.Dates.MeetingAt), MeetingPlace: h.Dates.MeetingPlace,
		CreatedBy: h.CreatedBy, CreatedAt: dbTime(h.CreatedAt), UpdatedAt: dbTime(h.UpdatedAt), AnnouncedAt: timePtr(h.AnnouncedAt),
		OpenedAt: timePtr(h.OpenedAt), ClosedAt: timePtr(h.ClosedAt), EarlyCloseReason: h.EarlyCloseReason, Voters: h.Voters,
		Eligible: h.Eligible, Conclusion: h.Conclusion, ResultsAt: timePtr(h.ResultsAt), ProtocolID: h.ProtocolID,
		ProtocolSHA256: h.ProtocolSHA256, ProtocolSignature: h.ProtocolSignature}
	var err error
	if r.Materials, err = jsonText(orEmpty(h.Materials)); err != nil {
		return nil, err
	}
	if r.Questions, err = jsonText(orEmpty(h.Questions)); err != nil {
		return nil, err
	}
	if r.TerritoryQuarters, err = jsonText(orEmpty(h.Territory.Quarters)); err != nil {
		return nil, err
	}
	return r, nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (r *hearingRow) model() (hearing.Hearing, error) {
	h := hearing.Hearing{ID: r.ID, Municipality: r.OKTMO, Title: r.Title, Subject: hearing.Subject(r.Subject), SubjectDetail: r.SubjectDetail,
		Description: r.Description, Territory: hearing.Territory{Description: r.Territory}, Organiser: r.Organiser,
		Dates:  hearing.Dates{OpensAt: r.OpensAt.UTC(), ClosesAt: r.ClosesAt.UTC(), MeetingAt: r.MeetingAt.UTC(), MeetingPlace: r.MeetingPlace},
		Status: hearing.Status(r.Status), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		AnnouncedAt: timeVal(r.AnnouncedAt), OpenedAt: timeVal(r.OpenedAt), ClosedAt: timeVal(r.ClosedAt), EarlyCloseReason: r.EarlyCloseReason,
		Voters: r.Voters, Eligible: r.Eligible, Conclusion: r.Conclusion, ResultsAt: timeVal(r.ResultsAt), ProtocolID: r.ProtocolID,
		ProtocolSHA256: r.ProtocolSHA256, ProtocolSignature: r.ProtocolSignature}
	for _, f := range []struct {
		text string
		to   any
	}{{r.Materials, &h.Materials}, {r.Questions, &h.Questions}, {r.TerritoryQuarters, &h.Territory.Quarters}} {
		if err := json.Unmarshal([]byte(f.text), f.to); err != nil {
			return h, fmt.Errorf("store: damaged hearing %s: %w", r.ID, err)
		}
	}
	if len(h.Territory.Quarters) == 0 {
		h.Territory.Quarters = nil
	}
	return h, nil
}

func (t *hearingTx) Hearing(ctx context.Context, id string, lock hearing.Lock) (hearing.Hearing, error) {
	var r hearingRow
	q := t.tx.NewSelect().Model(&r).Where("h.id = ?", id)
	if t.pg {
		switch lock {
		case hearing.LockShare:
			q.For("SHARE")
		case hearing.LockUpdate:
			q.For("UPDATE")
		}
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return hearing.Hearing{}, hearing.ErrNotFound
		}
		return hearing.Hearing{}, fmt.Errorf("store: unable to read a hearing: %w", err)
	}
	return r.model()
}

func (t *hearingTx) AddHearing(ctx context.Context, h hearing.Hearing) error {
	r, err := hearingRowOf(h)
	if err != nil {
		return err
	}
	if _, err := t.tx.NewInsert().Model(r).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a hearing: %w", err)
	}
	return nil
}

func (t *hearingTx) UpdateHearing(ctx context.Context, h hearing.Hearing) error {
	r, err := hearingRowOf(h)
	if err != nil {
		return err
	}
	if _, err := t.tx.NewUpdate().Model(r).WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to update a hearing: %w", err)
	}
	return nil
}

func (t *hearingTx) ListHearings(ctx context.Context, q hearing.Query, limit int) ([]hearing.Hearing, int, error) {
	var rows []hearingRow
	filter := func(sq *bun.SelectQuery) *bun.SelectQuery {
		if len(q.Municipalities) > 0 {
			sq.Where("h.oktmo IN (?)", bun.List(q.Municipalities))
		}
		if len(q.Statuses) > 0 {
			sq.Where("h.status IN (?)", bun.List(q.Statuses))
		}
		if q.Subject != "" {
			sq.Where("h.subject = ?", string(q.Subject))
		}
		return sq
	}
	n, err := filter(t.tx.NewSelect().Model((*hearingRow)(nil))).Count(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to count hearings: %w", err)
	}
	sq := filter(t.tx.NewSelect().Model(&rows)).OrderExpr("h.opens_at DESC, h.id")
	if a := q.After; a != nil {
		// After the cursor in this order: an earlier opening, or the same
		// one and a greater id.
		at := dbTime(a.OpensAt)
		sq.Where("(h.opens_at < ? OR (h.opens_at = ? AND h.id > ?))", at, at, a.ID)
	}
	if limit > 0 {
		sq.Limit(int64(limit))
	}
	if err := sq.Scan(ctx); err != nil {
		return nil, 0, fmt.Errorf("store: unable to list hearings: %w", err)
	}
	out := make([]hearing.Hearing, len(rows))
	for i := range rows {
		if out[i], err = rows[i].model(); err != nil {
			return nil, 0, err
		}
	}
	return out, int(n), nil
}

type hearingStageRow struct {
	bun.BaseModel `bun:"table:hearing_stages,alias:hs"`
	HearingID     string    `bun:"hearing_id,pk"`
	Status        string    `bun:"status,pk"`
	At            time.Time `bun:"at"`
	ActorID       string    `bun:"actor_id"`
}

func (t *hearingTx) AddStage(ctx context.Context, hearingID string, st hearing.Stage) error {
	row := &hearingStageRow{HearingID: hearingID, Status: string(st.Status), At: dbTime(st.At), ActorID: st.By}
	// No ON CONFLICT: reaching a status twice is a bug or a race, and the
	// key makes the whole transaction fail rather than repeat its effects.
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to record that hearing %s is %s: %w", hearingID, st.Status, err)
	}
	return nil
}

func (t *hearingTx) Stages(ctx context.Context, hearingIDs []string) (map[string][]hearing.Stage, error) {
	out := map[string][]hearing.Stage{}
	if len(hearingIDs) == 0 {
		return out, nil
	}
	var rows []hearingStageRow
	err := t.tx.NewSelect().Model(&rows).Where("hs.hearing_id IN (?)", bun.List(hearingIDs)).OrderExpr("hs.hearing_id, hs.at").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read hearing stages: %w", err)
	}
	for _, r := range rows {
		out[r.HearingID] = append(out[r.HearingID], hearing.Stage{Status: hearing.Status(r.Status), At: r.At.UTC(), By: r.ActorID})
	}
	return out, nil
}

// latestVerification is the status of an account's latest verification
// of personal data, for an account aliased a.
const latestVerification = `(SELECT v.status FROM verifications AS v WHERE v.account_id = a.id ORDER BY v.started_at DESC, v.id DESC LIMIT 1)`

func (t *hearingTx) Facts(ctx context.Context, accountID string) (hearing.Facts, error) {
	var tier string
	var oktmo, status sql.NullString
	err := t.tx.NewSelect().TableExpr("accounts AS a").Join("LEFT JOIN personal_data AS pd ON pd.account_id = a.id").
		ColumnExpr("a.tier").ColumnExpr("pd.oktmo").ColumnExpr(latestVerification+" AS verification").
		Where("a.id = ?", accountID).Scan(ctx, &tier, &oktmo, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return hearing.Facts{}, nil
	}
	if err != nil {
		return hearing.Facts{}, fmt.Errorf("store: unable to read eligibility facts: %w", err)
	}
	return hearing.Facts{Tier: account.Tier(tier), AddressOKTMO: oktmo.String,
		AddressVerified: status.String == string(account.VerificationSucceeded)}, nil
}

type landRightRow struct {
	bun.BaseModel  `bun:"table:hearing_land_rights,alias:lr"`
	ID             string    `bun:"id,pk"`
	AccountID      string    `bun:"account_id"`
	OKTMO          string    `bun:"oktmo"`
	Kind           string    `bun:"kind"`
	Cadastral      string    `bun:"cadastral_number"`
	Quarter        string    `bun:"quarter"`
	RegistryRecord string    `bun:"registry_record"`
	RecordedBy     string    `bun:"recorded_by"`
	RecordedAt     time.Time `bun:"recorded_at"`
}

func (r *landRightRow) model() hearing.LandRight {
	return hearing.LandRight{ID: r.ID, AccountID: r.AccountID, Municipality: r.OKTMO, Kind: hearing.LandRightKind(r.Kind),
		Cadastral: r.Cadastral, Quarter: r.Quarter, RegistryRecord: r.RegistryRecord, RecordedBy: r.RecordedBy, RecordedAt: r.RecordedAt.UTC()}
}

func (t *hearingTx) LandRights(ctx context.Context, accountID, oktmo string) ([]hearing.LandRight, error) {
	var rows []landRightRow
	q := t.tx.NewSelect().Model(&rows).Where("lr.account_id = ?", accountID).OrderExpr("lr.recorded_at, lr.id")
	if oktmo != "" {
		q.Where("lr.oktmo = ?", oktmo)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to read land rights: %w", err)
	}
	return mapRows(rows, (*landRightRow).model), nil
}

func (t *hearingTx) AddLandRight(ctx context.Context, r hearing.LandRight) (bool, error) {
	row := &landRightRow{ID: r.ID, AccountID: r.AccountID, OKTMO: r.Municipality, Kind: string(r.Kind), Cadastral: r.Cadastral,
		Quarter: r.Quarter, RegistryRecord: r.RegistryRecord, RecordedBy: r.RecordedBy, RecordedAt: dbTime(r.RecordedAt)}
	res, err := t.tx.NewInsert().Model(row).On("CONFLICT (account_id, cadastral_number) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("store: unable to record a land right: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (t *hearingTx) CountEligible(ctx context.Context, h hearing.Hearing) (int, error) {
	residents := t.tx.NewSelect().TableExpr("personal_data AS pd").Join("JOIN accounts AS a ON a.id = pd.account_id").
		Column("pd.account_id").Where("pd.oktmo = ? AND a.tier = ?", h.Municipality, string(account.TierConfirmed)).
		Where(latestVerification+" = ?", string(account.VerificationSucceeded))
	all := residents
	if h.Subject.UrbanPlanning() {
		holders := t.tx.NewSelect().TableExpr("hearing_land_rights AS lr").Join("JOIN accounts AS a ON a.id = lr.account_id").
			Column("lr.account_id").Where("lr.oktmo = ? AND a.tier = ?", h.Municipality, string(account.TierConfirmed))
		if len(h.Territory.Quarters) > 0 {
			holders.Where("lr.quarter IN (?)", bun.List(h.Territory.Quarters))
		}
		all = residents.Union(holders)
	}
	var n int
	if err := t.tx.NewSelect().TableExpr("(?) AS e", all).ColumnExpr("COUNT(*)").Scan(ctx, &n); err != nil {
		return 0, fmt.Errorf("store: unable to count eligible residents: %w", err)
	}
	return n, nil
}

func (t *hearingTx) CastVotes(ctx context.Context, vs []hearing.Vote) error {
	if len(vs) == 0 {
		return nil
	}
	var b strings.Builder
	args := make([]any, 0, 6*len(vs))
	b.WriteString("INSERT INTO hearing_votes (hearing_id, question, account_id, choice, cast_at, first_cast_at, changes) VALUES ")
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, 0)")
		at := dbTime(v.CastAt)
		args = append(args, v.HearingID, v.Question, v.AccountID, string(v.Option), at, at)
	}
	// A change rewrites the row, unless the row holds a later vote (two
	// ballots of one voter racing): the latest cast counts.
	b.WriteString(" ON CONFLICT (hearing_id, question, account_id) DO UPDATE SET choice = EXCLUDED.choice, cast_at = EXCLUDED.cast_at," +
		" changes = hearing_votes.changes + 1 WHERE hearing_votes.cast_at <= EXCLUDED.cast_at")
	if _, err := t.tx.NewRaw(b.String(), args...).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to record a vote: %w", err)
	}
	return nil
}

type voteRow struct {
	bun.BaseModel `bun:"table:hearing_votes,alias:hv"`
	HearingID     string    `bun:"hearing_id,pk"`
	Question      int       `bun:"question,pk"`
	AccountID     string    `bun:"account_id,pk"`
	Choice        string    `bun:"choice"`
	CastAt        time.Time `bun:"cast_at"`
	FirstCastAt   time.Time `bun:"first_cast_at"`
	Changes       int       `bun:"changes"`
}

func (t *hearingTx) Votes(ctx context.Context, hearingID, accountID string) ([]hearing.Vote, error) {
	var rows []voteRow
	err := t.tx.NewSelect().Model(&rows).Where("hv.hearing_id = ? AND hv.account_id = ?", hearingID, accountID).OrderExpr("hv.question").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read votes: %w", err)
	}
	return mapRows(rows, func(r *voteRow) hearing.Vote {
		return hearing.Vote{HearingID: r.HearingID, Question: r.Question, AccountID: r.AccountID, Option: hearing.Option(r.Choice),
			CastAt: r.CastAt.UTC(), Changes: r.Changes}
	}), nil
}

type countRow struct {
	Question int    `bun:"question"`
	Choice   string `bun:"choice"`
	N        int    `bun:"n"`
}

func counts(rows []countRow) hearing.Counts {
	c := hearing.Counts{}
	for _, r := range rows {
		if c[r.Question] == nil {
			c[r.Question] = map[hearing.Option]int{}
		}
		c[r.Question][hearing.Option(r.Choice)] += r.N
	}
	return c
}

func (t *hearingTx) CountVotes(ctx context.Context, hearingID string) (hearing.Counts, int, error) {
	var rows []countRow
	err := t.tx.NewSelect().TableExpr("hearing_votes").ColumnExpr("question, choice, COUNT(*) AS n").
		Where("hearing_id = ?", hearingID).GroupExpr("question, choice").Scan(ctx, &rows)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to count votes: %w", err)
	}
	var voters int
	err = t.tx.NewSelect().TableExpr("hearing_votes").ColumnExpr("COUNT(DISTINCT account_id)").Where("hearing_id = ?", hearingID).Scan(ctx, &voters)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to count voters: %w", err)
	}
	return counts(rows), voters, nil
}

type tallyRow struct {
	bun.BaseModel `bun:"table:hearing_tallies,alias:ht"`
	HearingID     string `bun:"hearing_id,pk"`
	Question      int    `bun:"question,pk"`
	Choice        string `bun:"choice,pk"`
	Votes         int    `bun:"votes"`
}

func (t *hearingTx) SaveTally(ctx context.Context, tl hearing.Tally) error {
	if _, err := t.tx.NewDelete().TableExpr("hearing_tallies").Where("hearing_id = ?", tl.HearingID).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to save a tally: %w", err)
	}
	var rows []tallyRow
	for _, q := range tl.Questions {
		for _, o := range hearing.Options {
			rows = append(rows, tallyRow{HearingID: tl.HearingID, Question: q.Question, Choice: string(o), Votes: q.Count(o)})
		}
	}
	return insertAll(ctx, t.tx, rows, "save a tally")
}

func (t *hearingTx) StoredTally(ctx context.Context, hearingID string) (hearing.Counts, error) {
	var rows []countRow
	err := t.tx.NewSelect().TableExpr("hearing_tallies").ColumnExpr("question, choice, votes AS n").
		Where("hearing_id = ?", hearingID).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read a tally: %w", err)
	}
	return counts(rows), nil
}

// insertAll inserts rows in batches.
func insertAll[R any](ctx context.Context, idb bun.IDB, rows []R, what string) error {
	for i := 0; i < len(rows); i += batch {
		part := rows[i:min(len(rows), i+batch)]
		if _, err := idb.NewInsert().Model(&part).Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to %s: %w", what, err)
		}
	}
	return nil
}

type proposalRow struct {
	bun.BaseModel `bun:"table:hearing_proposals,alias:hp"`
	ID            string     `bun:"id,pk"`
	HearingID     string     `bun:"hearing_id"`
	AccountID     string     `bun:"account_id"`
	Kind          string     `bun:"kind"`
	Text          string     `bun:"text"`
	Attachments   string     `bun:"attachments"`
	Status        string     `bun:"status"`
	RejectReason  string     `bun:"reject_reason"`
	ModeratedBy   string     `bun:"moderated_by"`
	ModeratedAt   *time.Time `bun:"moderated_at"`
	Verdict       string     `bun:"verdict"`
	VerdictNote   string     `bun:"verdict_note"`
	CreatedAt     time.Time  `bun:"created_at"`
	Supports      int        `bun:"supports,scanonly"`
	Supported     int        `bun:"supported,scanonly"`
}

func proposalRowOf(p hearing.Proposal) (*proposalRow, error) {
	att, err := jsonText(orEmpty(p.Attachments))
	if err != nil {
		return nil, err
	}
	return &proposalRow{ID: p.ID, HearingID: p.HearingID, AccountID: p.AuthorID, Kind: string(p.Kind), Text: p.Text, Attachments: att,
		Status: string(p.Status), RejectReason: p.RejectReason, ModeratedBy: p.ModeratedBy, ModeratedAt: timePtr(p.ModeratedAt),
		Verdict: string(p.Verdict), VerdictNote: p.VerdictNote, CreatedAt: dbTime(p.CreatedAt)}, nil
}

func (r *proposalRow) model() (hearing.Proposal, error) {
	p := hearing.Proposal{ID: r.ID, HearingID: r.HearingID, AuthorID: r.AccountID, Kind: hearing.ProposalKind(r.Kind), Text: r.Text,
		Status: hearing.ProposalStatus(r.Status), RejectReason: r.RejectReason, ModeratedBy: r.ModeratedBy, ModeratedAt: timeVal(r.ModeratedAt),
		Verdict: hearing.Verdict(r.Verdict), VerdictNote: r.VerdictNote, CreatedAt: r.CreatedAt.UTC(), Supports: r.Supports,
		SupportedByViewer: r.Supported > 0}
	if err := json.Unmarshal([]byte(r.Attachments), &p.Attachments); err != nil {
		return p, fmt.Errorf("store: damaged proposal %s: %w", r.ID, err)
	}
	if len(p.Attachments) == 0 {
		p.Attachments = nil
	}
	return p, nil
}

// proposalColumns adds the count of supports and whether viewer is among
// them.
func proposalColumns(q *bun.SelectQuery, viewer string) *bun.SelectQuery {
	return q.ColumnExpr("hp.*").
		ColumnExpr("(SELECT COUNT(*) FROM hearing_supports AS s WHERE s.proposal_id = hp.id) AS supports").
		ColumnExpr("(SELECT COUNT(*) FROM hearing_supports AS s WHERE s.proposal_id = hp.id AND s.account_id = ?) AS supported", viewer)
}

func (t *hearingTx) AddProposal(ctx context.Context, p hearing.Proposal) error {
	r, err := proposalRowOf(p)
	if err != nil {
		return err
	}
	if _, err := t.tx.NewInsert().Model(r).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a proposal: %w", err)
	}
	return nil
}

func (t *hearingTx) Proposal(ctx context.Context, id string, lock bool) (hearing.Proposal, error) {
	var r proposalRow
	q := proposalColumns(t.tx.NewSelect().Model(&r), "").Where("hp.id = ?", id)
	if lock && t.pg {
		q.For("UPDATE OF hp")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return hearing.Proposal{}, hearing.ErrNotFound
		}
		return hearing.Proposal{}, fmt.Errorf("store: unable to read a proposal: %w", err)
	}
	return r.model()
}

func (t *hearingTx) UpdateProposal(ctx context.Context, p hearing.Proposal) error {
	r, err := proposalRowOf(p)
	if err != nil {
		return err
	}
	_, err = t.tx.NewUpdate().Model(r).Column("status", "reject_reason", "moderated_by", "moderated_at", "verdict", "verdict_note").
		WherePK().Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to update a proposal: %w", err)
	}
	return nil
}

func (t *hearingTx) Proposals(ctx context.Context, hearingID string, q hearing.ProposalQuery, offset, limit int) ([]hearing.Proposal, int, error) {
	var rows []proposalRow
	sq := proposalColumns(t.tx.NewSelect().Model(&rows), q.Viewer).Where("hp.hearing_id = ?", hearingID).OrderExpr("hp.created_at, hp.id")
	if !q.All {
		if q.OwnOf != "" {
			sq.Where("(hp.status = ? OR hp.account_id = ?)", string(hearing.ProposalPublished), q.OwnOf)
		} else {
			sq.Where("hp.status = ?", string(hearing.ProposalPublished))
		}
	}
	if q.Status != "" {
		sq.Where("hp.status = ?", string(q.Status))
	}
	if q.Kind != "" {
		sq.Where("hp.kind = ?", string(q.Kind))
	}
	if limit > 0 {
		sq.Offset(int64(offset)).Limit(int64(limit))
	}
	n, err := sq.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list proposals: %w", err)
	}
	out := make([]hearing.Proposal, len(rows))
	for i := range rows {
		if out[i], err = rows[i].model(); err != nil {
			return nil, 0, err
		}
	}
	return out, int(n), nil
}

func (t *hearingTx) CountProposals(ctx context.Context, hearingID, authorID string) (int, error) {
	n, err := t.tx.NewSelect().TableExpr("hearing_proposals").Where("hearing_id = ? AND account_id = ?", hearingID, authorID).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count proposals: %w", err)
	}
	return int(n), nil
}

func (t *hearingTx) AddSupport(ctx context.Context, proposalID, accountID string, at time.Time) (bool, error) {
	row := &struct {
		bun.BaseModel `bun:"table:hearing_supports"`
		ProposalID    string    `bun:"proposal_id,pk"`
		AccountID     string    `bun:"account_id,pk"`
		At            time.Time `bun:"at"`
	}{ProposalID: proposalID, AccountID: accountID, At: dbTime(at)}
	res, err := t.tx.NewInsert().Model(row).On("CONFLICT (proposal_id, account_id) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("store: unable to add a support: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (t *hearingTx) participantIDs(hearingID string) *bun.SelectQuery {
	return t.tx.NewSelect().TableExpr("hearing_votes").Column("account_id").Where("hearing_id = ?", hearingID).
		Union(t.tx.NewSelect().TableExpr("hearing_proposals").Column("account_id").Where("hearing_id = ?", hearingID))
}

func (t *hearingTx) Participants(ctx context.Context, hearingID string, offset, limit int) ([]hearing.Participant, int, error) {
	var n int
	if err := t.tx.NewSelect().TableExpr("(?) AS u", t.participantIDs(hearingID)).ColumnExpr("COUNT(*)").Scan(ctx, &n); err != nil {
		return nil, 0, fmt.Errorf("store: unable to count participants: %w", err)
	}
	var rows []struct {
		AccountID  string `bun:"account_id"`
		LastName   string `bun:"last_name"`
		FirstName  string `bun:"first_name"`
		Patronymic string `bun:"patronymic"`
		Voted      int    `bun:"voted"`
		Proposals  int    `bun:"proposals"`
		FirstAt    string `bun:"first_at"`
	}
	err := t.tx.NewRaw(`SELECT p.account_id, a.last_name, a.first_name, a.patronymic, MAX(p.voted) AS voted, SUM(p.proposals) AS proposals,
		MIN(p.first_at) AS first_at
		FROM (SELECT account_id, 1 AS voted, 0 AS proposals, MIN(first_cast_at) AS first_at FROM hearing_votes WHERE hearing_id = ? GROUP BY account_id
			UNION ALL
			SELECT account_id, 0 AS voted, COUNT(*) AS proposals, MIN(created_at) AS first_at FROM hearing_proposals WHERE hearing_id = ? GROUP BY account_id
		) AS p JOIN accounts AS a ON a.id = p.account_id
		GROUP BY p.account_id, a.last_name, a.first_name, a.patronymic
		ORDER BY a.last_name, a.first_name, a.patronymic, p.account_id
		LIMIT ? OFFSET ?`, hearingID, hearingID, limit, offset).Scan(ctx, &rows)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list participants: %w", err)
	}
	out := make([]hearing.Participant, len(rows))
	for i, r := range rows {
		out[i] = hearing.Participant{AccountID: r.AccountID, LastName: r.LastName, FirstName: r.FirstName, Patronymic: r.Patronymic,
			Voted: r.Voted > 0, Proposals: r.Proposals, FirstAt: parseDBTime(r.FirstAt)}
	}
	return out, n, nil
}

// parseDBTime reads a timestamp an aggregate returned as text: PostgreSQL
// and SQLite spell them differently.
func parseDBTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999-07",
		"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func (t *hearingTx) ParticipantIDs(ctx context.Context, hearingID string) ([]string, error) {
	var ids []string
	if err := t.participantIDs(hearingID).Scan(ctx, &ids); err != nil {
		return nil, fmt.Errorf("store: unable to list participants: %w", err)
	}
	return ids, nil
}

type noticeRow struct {
	bun.BaseModel `bun:"table:hearing_notices,alias:hn"`
	ID            string    `bun:"id,pk"`
	HearingID     string    `bun:"hearing_id"`
	Kind          string    `bun:"kind"`
	Title         string    `bun:"title"`
	Body          string    `bun:"body"`
	AuthorID      string    `bun:"author_id"`
	At            time.Time `bun:"at"`
	Topic         string    `bun:"topic,scanonly"`
	Link          string    `bun:"link,scanonly"`
}

func (t *hearingTx) AddNotice(ctx context.Context, n hearing.Notice) error {
	row := &noticeRow{ID: n.ID, HearingID: n.HearingID, Kind: string(n.Kind), Title: n.Title, Body: n.Body, AuthorID: n.AuthorID, At: dbTime(n.At)}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a notice: %w", err)
	}
	news := &newsRow{ID: n.ID, Topic: n.Topic, Title: n.Title, Body: n.Body, Link: n.Link, AuthorID: n.AuthorID, CreatedAt: dbTime(n.At)}
	if _, err := t.tx.NewInsert().Model(news).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add news: %w", err)
	}
	return nil
}

func (t *hearingTx) Notices(ctx context.Context, hearingID string) ([]hearing.Notice, error) {
	var rows []noticeRow
	err := t.tx.NewSelect().Model(&rows).ColumnExpr("hn.*").ColumnExpr("nw.topic, nw.link").Join("JOIN news AS nw ON nw.id = hn.id").
		Where("hn.hearing_id = ?", hearingID).OrderExpr("hn.at, hn.id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read notices: %w", err)
	}
	return mapRows(rows, func(r *noticeRow) hearing.Notice {
		return hearing.Notice{ID: r.ID, HearingID: r.HearingID, Kind: hearing.NoticeKind(r.Kind), Topic: r.Topic, Title: r.Title, Body: r.Body,
			Link: r.Link, AuthorID: r.AuthorID, At: r.At.UTC()}
	}), nil
}

func (t *hearingTx) AddNotifications(ctx context.Context, ns []notification.Notification) error {
	rows := make([]notificationRow, len(ns))
	for i, n := range ns {
		rows[i] = notificationRow{ID: n.ID, AccountID: n.AccountID, Kind: string(n.Kind), TitleRu: n.TitleRu, TitleEn: n.TitleEn,
			BodyRu: n.BodyRu, BodyEn: n.BodyEn, Link: n.Link, CreatedAt: n.CreatedAt.UTC()}
	}
	return insertAll(ctx, t.tx, rows, "add notifications")
}

func (t *hearingTx) AddEvents(ctx context.Context, evs []event.Event) error {
	now := t.clock()
	rows := make([]outboxModel, len(evs))
	for i, ev := range evs {
		if ev.Type == "" {
			return errors.New("store: unable to add an event without a type")
		}
		queue, payload, available := ev.Queue, ev.Payload, ev.NotBefore
		if queue == "" {
			queue = event.QueueDefault
		}
		if payload == nil {
			payload = []byte{}
		}
		if available.IsZero() {
			available = now
		}
		rows[i] = outboxModel{ID: uuid.NewString(), Type: ev.Type, Queue: queue, Payload: payload, CreatedAt: dbTime(now), AvailableAt: dbTime(available)}
	}
	return insertAll(ctx, t.tx, rows, "add events")
}

func (t *hearingTx) AddProtocol(ctx context.Context, d hearing.ProtocolDocument) error {
	row := &documentRow{ID: d.ID, AccountID: d.AuthorID, Kind: hearing.DocumentKind, Title: d.Title, Data: string(d.Data), CreatedAt: dbTime(d.CreatedAt)}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a protocol: %w", err)
	}
	return nil
}

func (t *hearingTx) ProtocolDocument(ctx context.Context, id string) (hearing.ProtocolDocument, error) {
	var r documentRow
	err := t.tx.NewSelect().Model(&r).Where("dc.id = ? AND dc.kind = ?", id, hearing.DocumentKind).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return hearing.ProtocolDocument{}, hearing.ErrNotFound
	}
	if err != nil {
		return hearing.ProtocolDocument{}, fmt.Errorf("store: unable to read a protocol: %w", err)
	}
	return hearing.ProtocolDocument{ID: r.ID, AuthorID: r.AccountID, Title: r.Title, Data: []byte(r.Data), CreatedAt: r.CreatedAt.UTC()}, nil
}

// HearingByProtocol implements hearing.Tx.
func (t *hearingTx) HearingByProtocol(ctx context.Context, sha string) (hearing.Hearing, error) {
	var id string
	err := t.tx.NewSelect().TableExpr("hearings").Column("id").Where("protocol_sha256 = ? AND protocol_sha256 <> ''", sha).Limit(1).Scan(ctx, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return hearing.Hearing{}, hearing.ErrNotFound
	}
	if err != nil {
		return hearing.Hearing{}, fmt.Errorf("store: unable to find a protocol: %w", err)
	}
	return t.Hearing(ctx, id, hearing.LockNone)
}
