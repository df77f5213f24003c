package statement

import (
	"context"
	"fmt"
	"time"
)

// TaxObjectKind is what a tax is levied on.
type TaxObjectKind string

// Kinds of taxable objects.
const (
	TaxObjectRealEstate TaxObjectKind = "REAL_ESTATE"
	TaxObjectLand       TaxObjectKind = "LAND"
	TaxObjectVehicle    TaxObjectKind = "VEHICLE"
)

// TaxObject is a building, plot or vehicle the citizen is taxed for, as
// the tax personal account shows it.
type TaxObject struct {
	Kind TaxObjectKind
	// Name: "Квартира", "Земельный участок", "LADA VESTA 2019".
	Name string
	// Identifier: the cadastral number or the plate.
	Identifier string
	Address    string
	AreaSqM    int
	// CadastralValueKopecks is the tax base of real estate and land;
	// EnginePowerHP that of a vehicle.
	CadastralValueKopecks int64
	EnginePowerHP         int
	OwnedSince            time.Time
}

// TaxAccount is the tax personal account: what the citizen is taxed for.
type TaxAccount struct {
	INN     string
	Objects []TaxObject
}

// TaxAccount asks the tax service for the citizen's taxable objects. The
// API lets only identities confirmed in person or by signature see it: the
// tax service does not accept a confirmation by registered mail.
func (s *Service) TaxAccount(ctx context.Context, accountID string) (TaxAccount, error) {
	var person Person
	if err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		person, err = tx.Person(ctx, accountID)
		return err
	}); err != nil {
		return TaxAccount{}, err
	}
	if person.INN == "" {
		return TaxAccount{}, ErrNoINN
	}
	wctx, cancel := context.WithTimeout(ctx, s.cfg.Wait)
	defer cancel()
	acc, err := s.gw.TaxAccount(wctx, person.INN)
	if err != nil {
		return TaxAccount{}, fmt.Errorf("%w: %w", ErrSourceDown, err)
	}
	return acc, nil
}
