package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/application"
	"github.com/uslugi/uslugi/statement"
)

// statementAgencies are the gateways statements ask: simulators until real
// adapters exist, all reporting payments to one GIS GMP register.
type statementAgencies struct {
	register *agency.GISGMPSimulator
	gibdd    agency.GIBDD
	fns      agency.FNS
	fssp     agency.FSSP
}

func newStatementAgencies(a *App) statementAgencies {
	opts := agency.LookupOptions{Latency: a.cfg.AgencyLatency, FailureRate: a.cfg.AgencyFailureRate, TimeoutRate: a.cfg.AgencyTimeoutRate}
	reg := agency.NewGISGMPSimulator(a.clock, agency.LookupOptions{})
	return statementAgencies{
		register: reg,
		gibdd:    agency.NewGIBDDSimulator(a.clock, reg, opts),
		fns:      agency.NewFNSSimulator(a.clock, reg, agency.FNSOptions{Lookup: opts}),
		fssp:     agency.NewFSSPSimulator(a.clock, reg, opts),
	}
}

var taxTitles = map[agency.TaxKind]string{
	agency.TaxProperty:       "Налог на имущество физических лиц",
	agency.TaxLand:           "Земельный налог",
	agency.TaxTransport:      "Транспортный налог",
	agency.TaxPersonalIncome: "Налог на доходы физических лиц",
}

// gateways maps the agencies' answers to charges.
func (s statementAgencies) gateways() statement.Gateways {
	return statement.Gateways{
		Fines: func(ctx context.Context, docs []statement.Document) ([]statement.Charge, error) {
			var q agency.FineQuery
			for _, d := range docs {
				switch d.Kind {
				case statement.DocDriverLicence:
					q.DriverLicences = append(q.DriverLicences, d.Number)
				case statement.DocVehicleCertificate:
					q.VehicleCertificates = append(q.VehicleCertificates, d.Number)
				case statement.DocPlate:
					q.Plates = append(q.Plates, d.Number)
				}
			}
			fines, err := s.gibdd.Fines(ctx, q)
			if err != nil {
				return nil, err
			}
			out := make([]statement.Charge, len(fines))
			for i, f := range fines {
				out[i] = statement.Charge{UIN: f.UIN, Title: f.Description, AmountKopecks: f.AmountKopecks, Date: f.DecisionDate,
					Article: f.Article, Place: f.Place, PhotoRef: f.PhotoRef, Document: f.Document.Number, Paid: f.Paid, PaidAt: f.PaidAt}
			}
			return out, nil
		},
		TaxDebts: func(ctx context.Context, inn string) ([]statement.Charge, error) {
			debts, err := s.fns.TaxDebts(ctx, inn)
			if err != nil {
				return nil, err
			}
			out := make([]statement.Charge, len(debts))
			for i, d := range debts {
				out[i] = statement.Charge{UIN: d.UIN, Title: taxTitles[d.Kind], TaxKind: string(d.Kind), Period: d.Period,
					AmountKopecks: d.AmountKopecks, PenaltyKopecks: d.PenaltyKopecks, Date: d.DueDate, Paid: d.Paid, PaidAt: d.PaidAt}
			}
			return out, nil
		},
		FindINN: func(ctx context.Context, p statement.Person, series, number string) (string, bool, error) {
			return s.fns.FindINN(ctx, agency.INNQuery{LastName: p.LastName, FirstName: p.FirstName, Patronymic: p.Patronymic,
				BirthDate: p.BirthDate, PassportSeries: series, PassportNumber: number})
		},
		TaxAccount: func(ctx context.Context, inn string) (statement.TaxAccount, error) {
			acc, err := s.fns.TaxAccount(ctx, inn)
			if err != nil {
				return statement.TaxAccount{}, err
			}
			out := statement.TaxAccount{INN: acc.INN}
			for _, r := range acc.RealEstate {
				out.Objects = append(out.Objects, statement.TaxObject{Kind: statement.TaxObjectRealEstate, Name: r.Kind, Identifier: r.CadastralNumber,
					Address: r.Address, AreaSqM: r.AreaSqM, CadastralValueKopecks: r.CadastralValueKopecks, OwnedSince: r.OwnedSince})
			}
			for _, l := range acc.Land {
				out.Objects = append(out.Objects, statement.TaxObject{Kind: statement.TaxObjectLand, Name: "Земельный участок", Identifier: l.CadastralNumber,
					Address: l.Address, AreaSqM: l.AreaSqM, CadastralValueKopecks: l.CadastralValueKopecks, OwnedSince: l.OwnedSince})
			}
			for _, v := range acc.Vehicles {
				out.Objects = append(out.Objects, statement.TaxObject{Kind: statement.TaxObjectVehicle, Name: fmt.Sprintf("%s %d", v.Model, v.Year),
					Identifier: v.Plate, EnginePowerHP: v.EnginePowerHP, OwnedSince: v.OwnedSince})
			}
			return out, nil
		},
		Proceedings: func(ctx context.Context, p statement.Person) ([]statement.Charge, error) {
			ps, err := s.fssp.Proceedings(ctx, agency.ProceedingsQuery{LastName: p.LastName, FirstName: p.FirstName,
				Patronymic: p.Patronymic, BirthDate: p.BirthDate})
			if err != nil {
				return nil, err
			}
			out := make([]statement.Charge, len(ps))
			for i, x := range ps {
				out[i] = statement.Charge{UIN: x.UIN, Title: x.Subject, Number: x.Number, Date: x.Date, AmountKopecks: x.AmountOwedKopecks,
					BailiffOffice: x.BailiffOffice.Name + ", " + x.BailiffOffice.Address, Paid: x.Paid, PaidAt: x.PaidAt}
			}
			return out, nil
		},
	}
}

// innApplications sends INN applications to the tax service with the
// applicant's data from his profile.
type innApplications struct {
	fns      agency.FNS
	accounts *account.Service
}

func (g innApplications) Apply(ctx context.Context, accountID string) (string, error) {
	d, err := g.accounts.MyPersonalData(ctx, account.Principal{AccountID: accountID})
	if err != nil {
		return "", err
	}
	if d == nil {
		return "", errors.New("inn: the applicant has no personal data")
	}
	t, err := g.fns.ApplyForINN(ctx, agency.INNQuery{LastName: d.LastName, FirstName: d.FirstName, Patronymic: d.Patronymic,
		BirthDate: d.BirthDate, PassportSeries: d.DocSeries, PassportNumber: d.DocNumber})
	return string(t), err
}

func (g innApplications) Answer(ctx context.Context, ticket string) (application.INNAnswer, error) {
	r, err := g.fns.INNApplication(ctx, agency.Ticket(ticket))
	if err != nil || !r.Done() {
		return application.INNAnswer{}, err
	}
	if r.State == agency.StateConfirmed {
		return application.INNAnswer{Done: true, INN: r.INN}, nil
	}
	return application.INNAnswer{Done: true, ReasonRu: r.Message, ReasonEn: r.MessageEn}, nil
}
