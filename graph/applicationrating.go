package graph

import (
	"context"
	"errors"
	"sync"

	"github.com/vikstrous/dataloadgen"

	"github.com/uslugi/uslugi/application"
)

// scoreKey is an application as seen by the account asking for its score.
type scoreKey struct{ accountID, applicationID string }

// scoreSlot makes a request's loader of scores on first use: a list of the
// citizen's applications reads the ratings of all of them at once.
type scoreSlot struct {
	once   sync.Once
	scores *Source[scoreKey, int]
}

func newScoreSource(apps *application.Service) *Source[scoreKey, int] {
	return newSource(func(ctx context.Context, keys []scoreKey) (map[scoreKey]int, error) {
		byAccount := map[string][]string{}
		for _, k := range keys {
			byAccount[k.accountID] = append(byAccount[k.accountID], k.applicationID)
		}
		out := make(map[scoreKey]int, len(keys))
		for accountID, ids := range byAccount {
			scores, err := apps.MyScores(ctx, accountID, ids)
			if err != nil {
				return nil, err
			}
			for id, score := range scores {
				out[scoreKey{accountID, id}] = score
			}
		}
		return out, nil
	})
}

// myRating is the applicant's own score of his application; null before he
// rates it, and for anyone else (the officers who handle it).
func (r *Resolver) myRating(ctx context.Context, obj *application.Application) (*int, error) {
	p, err := Principal(ctx)
	if err != nil || p.AccountID != obj.AccountID {
		return nil, nil
	}
	l := r.loaders(ctx)
	l.scores.once.Do(func() { l.scores.scores = newScoreSource(r.Applications) })
	score, err := l.scores.scores.Load(ctx, scoreKey{p.AccountID, obj.ID})
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &score, nil
}
