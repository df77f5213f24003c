package notification

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification/fcm"
)

// TypePushNews is the job that sends a news item to its FCM topic.
const TypePushNews = "news:push"

// News is a municipality-wide or region-wide notice. It goes to an FCM
// topic in one call, not to each device: a region has millions of phones.
type News struct {
	ID    string
	Topic string // municipality-<OKTMO> or region-<code>
	Title string
	Body  string
	// Link is where the app opens it, e.g. uslugi://hearings/<id>.
	Link      string
	AuthorID  string
	CreatedAt time.Time
	PushedAt  time.Time
	PushError string
}

// NewsInput is what an officer publishes: for a municipality (OKTMO) or,
// for an administrator, a whole region.
type NewsInput struct {
	MunicipalityOKTMO string
	RegionCode        string
	Title, Body, Link string
}

// RoleScope is a role an account holds within a scope.
type RoleScope struct{ Role, Scope string }

// NewsStore keeps news.
type NewsStore interface {
	RoleScopes(ctx context.Context, accountID string) ([]RoleScope, error)
	// MunicipalityRegion returns the region of a municipality, "" for none.
	MunicipalityRegion(ctx context.Context, oktmo string) (string, error)
	RegionExists(ctx context.Context, code string) (bool, error)
	// AddNews stores n and its push event together.
	AddNews(ctx context.Context, n News, ev event.Event) error
	NewsItem(ctx context.Context, id string) (News, error)
	MarkNewsPushed(ctx context.Context, id string, at time.Time, pushErr string) error
	// ListNews returns the newest news of the topics.
	ListNews(ctx context.Context, topics []string, limit int) ([]News, error)
}

// NewsSender sends a news item to a topic; a transient failure is a
// *RetryError.
type NewsSender interface {
	SendNews(ctx context.Context, n News) error
}

// ErrNotOfficer: the caller may not publish for that place.
var ErrNotOfficer = errors.New("only a municipal officer of the municipality, or an administrator, may publish its news")

// Roles that publish news (the names of account.Role).
const (
	roleAdmin            = "ADMIN"
	roleMunicipalOfficer = "MUNICIPAL_OFFICER"
)

// NewsService publishes news.
type NewsService struct {
	store  NewsStore
	sender NewsSender
	clock  func() time.Time
}

// NewNewsService returns the news service.
func NewNewsService(store NewsStore, sender NewsSender, clock func() time.Time) *NewsService {
	if clock == nil {
		clock = time.Now
	}
	return &NewsService{store: store, sender: sender, clock: clock}
}

// Publish checks the input and the author's role and stores the item with
// its push job: a municipality's officer publishes for it, an administrator
// for any municipality or region.
func (s *NewsService) Publish(ctx context.Context, authorID string, in NewsInput) (News, error) {
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	in.Body = strings.TrimSpace(in.Body)
	in.Link = strings.TrimSpace(in.Link)
	in.MunicipalityOKTMO = strings.TrimSpace(in.MunicipalityOKTMO)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	switch {
	case (in.MunicipalityOKTMO == "") == (in.RegionCode == ""):
		return News{}, &FieldError{"municipalityOktmo", "REQUIRED", "Укажите ОКТМО муниципалитета или код региона (одно из двух)",
			"give a municipality's OKTMO or a region's code (one of the two)"}
	case in.Title == "" || utf8.RuneCountInString(in.Title) > 100:
		return News{}, &FieldError{"title", "LENGTH", "Заголовок: от 1 до 100 знаков", "the title takes 1 to 100 characters"}
	case in.Body == "" || utf8.RuneCountInString(in.Body) > 1000:
		return News{}, &FieldError{"body", "LENGTH", "Текст: от 1 до 1000 знаков (подробности — по ссылке)", "the text takes 1 to 1,000 characters (details go behind the link)"}
	case in.Link != "" && !strings.HasPrefix(in.Link, "uslugi://") && !strings.HasPrefix(in.Link, "https://"):
		return News{}, &FieldError{"link", "INVALID", "Ссылка должна начинаться с uslugi:// или https://", "the link must start with uslugi:// or https://"}
	}
	var topic string
	if in.RegionCode != "" {
		ok, err := s.store.RegionExists(ctx, in.RegionCode)
		if err != nil {
			return News{}, err
		}
		if !ok {
			return News{}, &FieldError{"regionCode", "UNKNOWN_REGION", "Нет региона с таким кодом", "no region has this code"}
		}
		topic = fcm.RegionTopic(in.RegionCode)
	} else {
		region, err := s.store.MunicipalityRegion(ctx, in.MunicipalityOKTMO)
		if err != nil {
			return News{}, err
		}
		if region == "" {
			return News{}, &FieldError{"municipalityOktmo", "UNKNOWN_MUNICIPALITY", "Нет муниципалитета с таким ОКТМО", "no municipality has this OKTMO"}
		}
		topic = fcm.MunicipalityTopic(in.MunicipalityOKTMO)
	}
	grants, err := s.store.RoleScopes(ctx, authorID)
	if err != nil {
		return News{}, err
	}
	if !mayPublish(grants, in.MunicipalityOKTMO) {
		return News{}, ErrNotOfficer
	}
	n := News{ID: uuid.NewString(), Topic: topic, Title: in.Title, Body: in.Body, Link: in.Link, AuthorID: authorID,
		CreatedAt: s.clock().UTC()}
	b, err := json.Marshal(map[string]string{"news_id": n.ID})
	if err != nil {
		return News{}, err
	}
	ev := event.Event{Type: TypePushNews, Queue: event.QueueDefault, Payload: b}
	return n, s.store.AddNews(ctx, n, ev)
}

func mayPublish(grants []RoleScope, oktmo string) bool {
	for _, g := range grants {
		if g.Role == roleAdmin || (oktmo != "" && g.Role == roleMunicipalOfficer && g.Scope == oktmo) {
			return true
		}
	}
	return false
}

// NewsPayload names the news item to push.
type NewsPayload struct {
	NewsID string `json:"news_id"`
}

// Push sends a news item to its topic, once: a sent item is not sent
// again, and FCM collapses a repeat by the item's id.
func (s *NewsService) Push(ctx context.Context, id string) error {
	n, err := s.store.NewsItem(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || !n.PushedAt.IsZero() {
		return err
	}
	err = s.sender.SendNews(ctx, n)
	var retry *RetryError
	if errors.As(err, &retry) {
		return err
	}
	pushErr := ""
	if err != nil {
		pushErr = err.Error()
	}
	return s.store.MarkNewsPushed(ctx, id, s.clock().UTC(), pushErr)
}

// ForPlace returns the newest news of a municipality and its region.
func (s *NewsService) ForPlace(ctx context.Context, oktmo string, limit int) ([]News, error) {
	region, err := s.store.MunicipalityRegion(ctx, strings.TrimSpace(oktmo))
	if err != nil {
		return nil, err
	}
	if region == "" {
		return nil, &FieldError{"municipalityOktmo", "UNKNOWN_MUNICIPALITY", "Нет муниципалитета с таким ОКТМО", "no municipality has this OKTMO"}
	}
	if limit <= 0 || limit > MaxPageSize {
		limit = DefaultPageSize
	}
	return s.store.ListNews(ctx, []string{fcm.MunicipalityTopic(strings.TrimSpace(oktmo)), fcm.RegionTopic(region)}, limit)
}
