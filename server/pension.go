package main

import (
	"context"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/pension"
)

// sfrPension asks the pension fund for statements.
type sfrPension struct{ sfr agency.SFRPension }

func (s sfrPension) Request(ctx context.Context, p pension.Person) (string, error) {
	t, err := s.sfr.RequestPensionStatement(ctx, agency.PensionQuery{SNILS: p.SNILS, LastName: p.LastName, FirstName: p.FirstName,
		Patronymic: p.Patronymic, BirthDate: p.BirthDate})
	return string(t), err
}

func (s sfrPension) Poll(ctx context.Context, ticket string) (pension.Answer, error) {
	r, err := s.sfr.PensionStatement(ctx, agency.Ticket(ticket))
	if err != nil || !r.Done() {
		return pension.Answer{}, err
	}
	ans := pension.Answer{Done: true, Message: r.Message, MessageEn: r.MessageEn}
	if st := r.Statement; st != nil && r.State == agency.StateConfirmed {
		out := &pension.Statement{InsuranceYears: st.InsuranceYears, InsuranceMonths: st.InsuranceMonths, InsuranceDays: st.InsuranceDays, IPK: st.IPK}
		for _, c := range st.Contributions {
			out.Contributions = append(out.Contributions, pension.Contribution{Year: c.Year, EmployerName: c.Employer.Name,
				EmployerINN: c.Employer.INN, AmountKopecks: c.AmountKopecks})
		}
		ans.Statement = out
	}
	return ans, nil
}

// pensionPeople reads the person, SNILS opened, from the account's
// personal data.
type pensionPeople struct{ accounts *account.Service }

func (p pensionPeople) Person(ctx context.Context, accountID string) (pension.Person, error) {
	d, err := p.accounts.MyPersonalData(ctx, account.Principal{AccountID: accountID})
	if err != nil {
		return pension.Person{}, err
	}
	if d == nil || d.SNILS == "" {
		return pension.Person{}, pension.ErrNoSNILS
	}
	return pension.Person{SNILS: d.SNILS, LastName: d.LastName, FirstName: d.FirstName, Patronymic: d.Patronymic, BirthDate: d.BirthDate}, nil
}
