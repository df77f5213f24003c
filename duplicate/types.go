package duplicate

// FieldKind is what a field holds.
type FieldKind string

// Field kinds.
const (
	// FieldString is free text, checked against Pattern if it has one.
	FieldString FieldKind = "STRING"
	// FieldDate is a date written YYYY-MM-DD, not after today.
	FieldDate FieldKind = "DATE"
)

// Field is one value the operator copies from the paper document.
type Field struct {
	// Name is the field's key in the duplicate's fields and the GraphQL
	// input name, e.g. "series".
	Name string
	// Ru and En label the field in forms.
	Ru, En string
	Kind   FieldKind
	// Required fields must be filled; the others may be left empty when
	// the paper document does not have them.
	Required bool
	// Pattern is an RE2 expression the whole value (after spaces are
	// tidied, see ValidateFields) must match; empty for none.
	Pattern string
	// HintRu and HintEn say what Pattern asks for, with an example; they
	// are the message of a BAD_FORMAT error and fit a form's placeholder.
	HintRu, HintEn string
	// MaxLen is the most characters the value takes (DefaultMaxLen if 0).
	MaxLen int
	// Upper: the value is upper-cased before it is checked and stored
	// (series and similar codes, typed in either case).
	Upper bool
}

// FileRole names a file of a duplicate.
type FileRole string

// File roles.
const (
	// FileMain is the scan of the paper document itself.
	FileMain FileRole = "MAIN"
	// FileTranslation is the scan of the notarised translation into
	// Russian that a document of a foreign state comes with.
	FileTranslation FileRole = "TRANSLATION"
)

// FileSpec is a file a type takes.
type FileSpec struct {
	Role     FileRole
	Ru, En   string
	Required bool
}

// Type is a kind of paper document a service centre may duplicate.
type Type struct {
	// Code is the stable identifier, e.g. "WORK_RECORD_BOOK".
	Code string
	// Ru and En name the document.
	Ru, En string
	// CategoryRu and CategoryEn name the group of documents, as the law
	// groups those a citizen must bring himself (see TypesSource).
	CategoryRu, CategoryEn string
	// Fields are what the operator fills in, in form order.
	Fields []Field
	// Files are the files it takes, in signing order: MAIN first.
	Files []FileSpec
}

// Field returns the type's field with that name.
func (t Type) Field(name string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Foreign reports whether the type is a document of a foreign state, which
// comes with a notarised translation.
func (t Type) Foreign() bool {
	for _, f := range t.Files {
		if f.Role == FileTranslation {
			return true
		}
	}
	return false
}

// Act is a legal act cited as a source.
type Act struct {
	// Kind, Number and Date (YYYY-MM-DD) identify the act; TitleRu is its
	// official title and TitleEn a translation.
	Kind, Number, Date string
	TitleRu, TitleEn   string
	// Provision is the part relied on.
	Provision string
	// URL is the act's text, when known; ReportURL a public report of it.
	URL, ReportURL string
}

// Source says where the list of types comes from.
type Source struct {
	Acts []Act
	// Verified reports whether each of the types was checked, item by
	// item, against the official text of the act that lists the documents
	// service centres duplicate. It is false: see Note.
	Verified bool
	Note     string
}

// TypesSource returns the legal basis of Types, in one place.
func TypesSource() Source {
	return Source{
		Acts: []Act{
			{
				Kind:    "Федеральный закон",
				Number:  "210-ФЗ",
				Date:    "2010-07-27",
				TitleRu: "Об организации предоставления государственных и муниципальных услуг",
				TitleEn: "On the organisation of the provision of state and municipal services",
				Provision: "ст. 7 ч. 6: documents a citizen presents himself because no register holds them " +
					"(the categories of the types below); ст. 16: the functions of service centres (MFC)",
				URL: "https://www.consultant.ru/document/cons_doc_LAW_103023/",
			},
			{
				Kind:    "Постановление Правительства РФ",
				Number:  "1114",
				Date:    "2021-07-05",
				TitleRu: "О внесении изменений в Правила организации деятельности многофункциональных центров предоставления государственных и муниципальных услуг",
				TitleEn: "Amending the rules for the work of service centres (approved by Government decree No. 1376 of 22 December 2012)",
				Provision: "the procedure by which a service centre makes an electronic duplicate: identify the citizen, " +
					"check the paper original is not a copy and has no erasures or corrections, scan it and sign it",
				ReportURL: "https://gazeta-trud.ru/news/obshestvo/2021-12-08/krasnogvardeytsy-smogut-oformit-elektronnye-dublikaty-bumazhnyh-dokumentov-v-mfts-12843",
			},
		},
		Verified: false,
		Note: "The act that enumerates the 19 kinds of documents service centres duplicate from 1 July 2022 " +
			"(the issue guessed a Government decree of 30.12.2021) was not found in the sources available when this " +
			"list was written, so no number or date is cited for it. The 19 types follow the categories of " +
			"210-FZ art. 7 part 6 that no state register holds, and the examples the portal gives (military ID; " +
			"marriage and other civil-status certificates of a foreign state with their notarised translations; " +
			"adoption certificate; work record book; education documents, foreign ones with notarised translations). " +
			"Check each type against the act's official text (publication.pravo.gov.ru) and set Verified before production. " +
			"A later search of the stored public copies also failed to yield the text of 210-FZ art. 7 part 6 or of the " +
			"enumerating act; two leads found then cast doubt on the list and must be settled by that check: (1) decree 1114 " +
			"in its edition of 28.12.2022 (docs.cntd.ru/document/607224577) cites \"пунктами 1-7, 9, 10, 17 и 18 части 6 статьи 7\", " +
			"so part 6 has at least 18 points, not only the 8 categories used here; (2) reports of the Ministry of Digital " +
			"Development's draft list (June 2021, 18 points) name the passport, residence permit, vehicle documents and the " +
			"constituent documents of a legal entity, none of which is a type here.",
	}
}

// Types returns the document types, in the order forms list them. Each
// call builds a new slice, so callers may change what they get.
func Types() []Type {
	// Fields shared by many types.
	holder := func(ru, en string) Field {
		return Field{Name: "holder", Ru: ru, En: en, Kind: FieldString, Required: true,
			Pattern: namePattern, HintRu: nameHintRu, HintEn: nameHintEn}
	}
	person := func(name, ru, en string, required bool) Field {
		return Field{Name: name, Ru: ru, En: en, Kind: FieldString, Required: required,
			Pattern: namePattern, HintRu: nameHintRu, HintEn: nameHintEn}
	}
	text := func(name, ru, en string, required bool) Field {
		return Field{Name: name, Ru: ru, En: en, Kind: FieldString, Required: required}
	}
	date := func(name, ru, en string, required bool) Field {
		return Field{Name: name, Ru: ru, En: en, Kind: FieldDate, Required: required}
	}
	number := func(required bool) Field {
		return Field{Name: "number", Ru: "Номер", En: "Number", Kind: FieldString, Required: required,
			Pattern: docNumberPattern, HintRu: docNumberHintRu, HintEn: docNumberHintEn, MaxLen: 40, Upper: true}
	}
	series := func(required bool) Field {
		return Field{Name: "series", Ru: "Серия", En: "Series", Kind: FieldString, Required: required,
			Pattern: docNumberPattern, HintRu: docNumberHintRu, HintEn: docNumberHintEn, MaxLen: 20, Upper: true}
	}
	issuedOn := date("issuedOn", "Дата выдачи", "Date of issue", true)
	issuer := func(required bool) Field {
		return text("issuer", "Кем выдан", "Issued by", required)
	}
	main := FileSpec{Role: FileMain, Ru: "Скан документа", En: "Scan of the document", Required: true}
	translation := FileSpec{Role: FileTranslation, Ru: "Скан нотариально удостоверенного перевода на русский язык",
		En: "Scan of the notarised translation into Russian", Required: true}

	// A document of a foreign state: the state, its own details, then the
	// notarised translation that comes with it.
	foreign := func(code, ru, en, catRu, catEn string, own ...Field) Type {
		fields := []Field{text("state", "Государство, выдавшее документ", "State of issue", true)}
		fields = append(fields, own...)
		fields = append(fields,
			Field{Name: "number", Ru: "Номер (если есть)", En: "Number (if any)", Kind: FieldString,
				Pattern: docNumberPattern, HintRu: docNumberHintRu, HintEn: docNumberHintEn, MaxLen: 40, Upper: true},
			issuedOn,
			issuer(false),
			person("translationNotary", "Нотариус, удостоверивший перевод", "Notary who certified the translation", true),
			Field{Name: "translationRegistryNumber", Ru: "Номер в реестре нотариальных действий", En: "Notarial register number",
				Kind: FieldString, Pattern: registryPattern, HintRu: registryHintRu, HintEn: registryHintEn, MaxLen: 40},
			date("translationCertifiedOn", "Дата удостоверения перевода", "Date the translation was certified", true),
		)
		return Type{Code: code, Ru: ru, En: en, CategoryRu: catRu, CategoryEn: catEn, Fields: fields,
			Files: []FileSpec{main, translation}}
	}
	const (
		militaryRu = "Документы воинского учёта"
		militaryEn = "Military registration documents"
		civilRu    = "Свидетельства о государственной регистрации актов гражданского состояния, выданные компетентными органами иностранного государства, с нотариально удостоверенным переводом на русский язык"
		civilEn    = "Civil-status certificates issued by a foreign state, with a notarised translation into Russian"
		adoptRu    = "Свидетельства об усыновлении, выданные органами ЗАГС или консульскими учреждениями Российской Федерации"
		adoptEn    = "Adoption certificates issued by Russian civil registry offices or consulates"
		workRu     = "Документы о трудовой деятельности, трудовом стаже и заработке"
		workEn     = "Documents on employment, length of service and earnings"
		eduRu      = "Документы об образовании и (или) о квалификации, об учёных степенях и учёных званиях"
		eduEn      = "Documents on education and qualifications, academic degrees and titles"
		socialRu   = "Документы, подтверждающие право на социальную поддержку, и документы учреждений медико-социальной экспертизы"
		socialEn   = "Documents of entitlement to social support, and documents of medical and social assessment bodies"
		awardRu    = "Документы о государственных и ведомственных наградах, государственных премиях и знаках отличия"
		awardEn    = "Documents on state and departmental awards, state prizes and insignia"
		propertyRu = "Правоустанавливающие документы на объекты недвижимости, права на которые не зарегистрированы в Едином государственном реестре недвижимости"
		propertyEn = "Title documents to real estate whose rights are not registered in the Unified State Register of Real Estate"
	)

	return []Type{
		{
			Code: "MILITARY_ID", Ru: "Военный билет", En: "Military ID",
			CategoryRu: militaryRu, CategoryEn: militaryEn,
			Fields: []Field{
				holder("Владелец", "Holder"),
				{Name: "series", Ru: "Серия", En: "Series", Kind: FieldString, Required: true,
					Pattern: `^[А-ЯЁ]{2}$`, HintRu: "Серия — две русские буквы, например АК", HintEn: "the series is two Cyrillic letters, e.g. АК", Upper: true},
				{Name: "number", Ru: "Номер", En: "Number", Kind: FieldString, Required: true,
					Pattern: `^\d{7}$`, HintRu: "Номер — 7 цифр", HintEn: "the number is 7 digits"},
				issuedOn,
				text("issuer", "Военный комиссариат, выдавший билет", "Military commissariat that issued it", true),
			},
			Files: []FileSpec{main},
		},
		{
			Code: "MILITARY_ID_TEMPORARY", Ru: "Временное удостоверение, выданное взамен военного билета",
			En:         "Temporary certificate issued in place of a military ID",
			CategoryRu: militaryRu, CategoryEn: militaryEn,
			Fields: []Field{
				holder("Владелец", "Holder"),
				number(true),
				issuedOn,
				text("issuer", "Военный комиссариат, выдавший удостоверение", "Military commissariat that issued it", true),
			},
			Files: []FileSpec{main},
		},
		{
			Code: "CONSCRIPT_CERTIFICATE", Ru: "Удостоверение гражданина, подлежащего призыву на военную службу",
			En:         "Certificate of a citizen liable to military conscription",
			CategoryRu: militaryRu, CategoryEn: militaryEn,
			Fields: []Field{
				holder("Владелец", "Holder"),
				series(false),
				number(true),
				issuedOn,
				text("issuer", "Военный комиссариат, выдавший удостоверение", "Military commissariat that issued it", true),
			},
			Files: []FileSpec{main},
		},
		foreign("FOREIGN_BIRTH_CERTIFICATE",
			"Свидетельство о рождении, выданное компетентным органом иностранного государства, и его нотариально удостоверенный перевод на русский язык",
			"Birth certificate issued by a foreign state, with its notarised translation into Russian", civilRu, civilEn,
			person("child", "Фамилия, имя, отчество ребёнка", "Child's full name", true),
			date("bornOn", "Дата рождения", "Date of birth", true),
		),
		foreign("FOREIGN_MARRIAGE_CERTIFICATE",
			"Свидетельство о заключении брака, выданное компетентным органом иностранного государства, и его нотариально удостоверенный перевод на русский язык",
			"Marriage certificate issued by a foreign state, with its notarised translation into Russian", civilRu, civilEn,
			person("spouse1", "Супруг (фамилия, имя, отчество)", "Spouse (full name)", true),
			person("spouse2", "Супруга (фамилия, имя, отчество)", "Spouse (full name)", true),
			date("marriedOn", "Дата заключения брака", "Date of marriage", true),
		),
		foreign("FOREIGN_DIVORCE_CERTIFICATE",
			"Свидетельство о расторжении брака, выданное компетентным органом иностранного государства, и его нотариально удостоверенный перевод на русский язык",
			"Divorce certificate issued by a foreign state, with its notarised translation into Russian", civilRu, civilEn,
			person("spouse1", "Бывший супруг (фамилия, имя, отчество)", "Former spouse (full name)", true),
			person("spouse2", "Бывшая супруга (фамилия, имя, отчество)", "Former spouse (full name)", true),
			date("divorcedOn", "Дата расторжения брака", "Date of divorce", true),
		),
		foreign("FOREIGN_ADOPTION_CERTIFICATE",
			"Свидетельство об усыновлении (удочерении), выданное компетентным органом иностранного государства, и его нотариально удостоверенный перевод на русский язык",
			"Adoption certificate issued by a foreign state, with its notarised translation into Russian", civilRu, civilEn,
			person("child", "Фамилия, имя, отчество ребёнка после усыновления", "Child's full name after adoption", true),
			text("adoptiveParents", "Усыновитель (усыновители)", "Adoptive parent(s)", true),
			date("adoptedOn", "Дата усыновления", "Date of adoption", true),
		),
		foreign("FOREIGN_PATERNITY_CERTIFICATE",
			"Свидетельство об установлении отцовства, выданное компетентным органом иностранного государства, и его нотариально удостоверенный перевод на русский язык",
			"Certificate of paternity issued by a foreign state, with its notarised translation into Russian", civilRu, civilEn,
			person("child", "Фамилия, имя, отчество ребёнка", "Child's full name", true),
			person("father", "Фамилия, имя, отчество отца", "Father's full name", true),
			date("establishedOn", "Дата установления отцовства", "Date paternity was established", true),
		),
		foreign("FOREIGN_NAME_CHANGE_CERTIFICATE",
			"Свидетельство о перемене имени, выданное компетентным органом иностранного государства, и его нотариально удостоверенный перевод на русский язык",
			"Change-of-name certificate issued by a foreign state, with its notarised translation into Russian", civilRu, civilEn,
			person("previousName", "Прежние фамилия, имя, отчество", "Previous full name", true),
			person("newName", "Новые фамилия, имя, отчество", "New full name", true),
			date("changedOn", "Дата перемены имени", "Date of the change", true),
		),
		foreign("FOREIGN_DEATH_CERTIFICATE",
			"Свидетельство о смерти, выданное компетентным органом иностранного государства, и его нотариально удостоверенный перевод на русский язык",
			"Death certificate issued by a foreign state, with its notarised translation into Russian", civilRu, civilEn,
			person("deceased", "Фамилия, имя, отчество умершего", "Full name of the deceased", true),
			date("diedOn", "Дата смерти", "Date of death", true),
		),
		{
			Code: "ADOPTION_CERTIFICATE",
			Ru:   "Свидетельство об усыновлении (удочерении), выданное органом ЗАГС или консульским учреждением Российской Федерации",
			En:   "Adoption certificate issued by a Russian civil registry office or consulate", CategoryRu: adoptRu, CategoryEn: adoptEn,
			Fields: []Field{
				person("child", "Фамилия, имя, отчество ребёнка после усыновления", "Child's full name after adoption", true),
				text("adoptiveParents", "Усыновитель (усыновители)", "Adoptive parent(s)", false),
				{Name: "series", Ru: "Серия", En: "Series", Kind: FieldString, Required: true,
					Pattern: `^[IVXLC]{1,6}-[А-ЯЁ]{2}$`, HintRu: "Серия — римские цифры латиницей, дефис и две русские буквы, например I-КБ",
					HintEn: "the series is Roman numerals in Latin letters, a hyphen and two Cyrillic letters, e.g. I-КБ", Upper: true},
				{Name: "number", Ru: "Номер", En: "Number", Kind: FieldString, Required: true,
					Pattern: `^\d{6}$`, HintRu: "Номер — 6 цифр", HintEn: "the number is 6 digits"},
				issuedOn,
				text("issuer", "Орган ЗАГС или консульское учреждение, выдавшее свидетельство", "Civil registry office or consulate that issued it", true),
			},
			Files: []FileSpec{main},
		},
		{
			Code: "WORK_RECORD_BOOK", Ru: "Трудовая книжка", En: "Work record book",
			CategoryRu: workRu, CategoryEn: workEn,
			Fields: []Field{
				holder("Владелец", "Holder"),
				{Name: "series", Ru: "Серия", En: "Series", Kind: FieldString, Required: true,
					Pattern: `^[А-ЯЁA-Z]{2}(-[IVX]{1,4})?$`, HintRu: "Серия — две буквы и, если есть, римская цифра латиницей, например ТК-I или АТ-IV",
					HintEn: "the series is two letters and, if printed, a Roman numeral in Latin letters, e.g. ТК-I or АТ-IV", Upper: true},
				{Name: "number", Ru: "Номер", En: "Number", Kind: FieldString, Required: true,
					Pattern: `^\d{7}$`, HintRu: "Номер — 7 цифр", HintEn: "the number is 7 digits"},
				date("filledOn", "Дата заполнения", "Date of filling in", false),
			},
			Files: []FileSpec{main},
		},
		{
			Code: "EDUCATION_DOCUMENT",
			Ru:   "Документ об образовании и (или) о квалификации (аттестат, диплом, свидетельство)",
			En:   "Document on education and/or qualifications (school certificate, diploma)", CategoryRu: eduRu, CategoryEn: eduEn,
			Fields: []Field{
				holder("Кому выдан", "Holder"),
				text("kind", "Вид документа (аттестат, диплом бакалавра, …)", "Kind of document (school certificate, bachelor's diploma, ...)", true),
				text("organisation", "Организация, выдавшая документ", "Issuing organisation", true),
				text("qualification", "Квалификация, специальность или направление", "Qualification, speciality or field", false),
				{Name: "number", Ru: "Серия и номер бланка", En: "Form series and number", Kind: FieldString, Required: true,
					Pattern: docNumberPattern, HintRu: docNumberHintRu, HintEn: docNumberHintEn, MaxLen: 40, Upper: true},
				{Name: "registrationNumber", Ru: "Регистрационный номер", En: "Registration number", Kind: FieldString,
					Pattern: registryPattern, HintRu: registryHintRu, HintEn: registryHintEn, MaxLen: 40},
				issuedOn,
			},
			Files: []FileSpec{main},
		},
		{
			Code:       "ACADEMIC_DEGREE_DOCUMENT",
			Ru:         "Документ об учёной степени или учёном звании (диплом кандидата или доктора наук, аттестат доцента или профессора)",
			En:         "Document on an academic degree or title (candidate or doctor of sciences diploma, docent or professor certificate)",
			CategoryRu: eduRu, CategoryEn: eduEn,
			Fields: []Field{
				holder("Кому выдан", "Holder"),
				text("kind", "Вид документа", "Kind of document", true),
				text("field", "Отрасль науки или научная специальность", "Branch of science or speciality", false),
				number(true),
				issuedOn,
				issuer(true),
			},
			Files: []FileSpec{main},
		},
		foreign("FOREIGN_EDUCATION_DOCUMENT",
			"Документ об образовании и (или) о квалификации, выданный в иностранном государстве, и его нотариально удостоверенный перевод на русский язык",
			"Document on education and/or qualifications issued in a foreign state, with its notarised translation into Russian", eduRu, eduEn,
			holder("Кому выдан", "Holder"),
			text("kind", "Вид документа", "Kind of document", true),
			text("organisation", "Организация, выдавшая документ", "Issuing organisation", true),
			text("qualification", "Квалификация или степень", "Qualification or degree", false),
		),
		{
			Code: "DISABILITY_CERTIFICATE",
			Ru:   "Справка, подтверждающая факт установления инвалидности, выданная учреждением медико-социальной экспертизы",
			En:   "Certificate establishing disability, issued by a medical and social assessment body", CategoryRu: socialRu, CategoryEn: socialEn,
			Fields: []Field{
				holder("Кому выдана", "Holder"),
				series(false),
				number(true),
				{Name: "group", Ru: "Группа инвалидности", En: "Disability group", Kind: FieldString,
					Pattern: `^[123]$`, HintRu: "Группа — 1, 2 или 3; для ребёнка-инвалида оставьте пустым", HintEn: "the group is 1, 2 or 3; leave it empty for a disabled child"},
				date("establishedOn", "Дата установления инвалидности", "Date disability was established", true),
				text("issuer", "Бюро медико-социальной экспертизы", "Assessment bureau", true),
			},
			Files: []FileSpec{main},
		},
		{
			Code: "SOCIAL_SUPPORT_CERTIFICATE",
			Ru:   "Удостоверение, подтверждающее право на меры социальной поддержки (ветерана, многодетной семьи и т. п.)",
			En:   "Certificate of entitlement to social support (veteran, large family, etc.)", CategoryRu: socialRu, CategoryEn: socialEn,
			Fields: []Field{
				holder("Кому выдано", "Holder"),
				text("kind", "Вид удостоверения", "Kind of certificate", true),
				series(false),
				number(true),
				issuedOn,
				issuer(true),
			},
			Files: []FileSpec{main},
		},
		{
			Code: "STATE_AWARD_DOCUMENT",
			Ru:   "Документ о государственной награде, государственной премии или знаке отличия (орденская книжка, удостоверение к медали)",
			En:   "Document on a state award, state prize or insignia (order book, medal certificate)", CategoryRu: awardRu, CategoryEn: awardEn,
			Fields: []Field{
				holder("Награждённый", "Recipient"),
				text("award", "Награда", "Award", true),
				series(false),
				number(false),
				date("awardedOn", "Дата награждения", "Date of the award", true),
				text("decree", "Указ или приказ о награждении", "Decree or order of the award", false),
			},
			Files: []FileSpec{main},
		},
		{
			Code: "UNREGISTERED_PROPERTY_TITLE",
			Ru:   "Правоустанавливающий документ на объект недвижимости, права на который не зарегистрированы в ЕГРН",
			En:   "Title document to real estate whose rights are not registered in the Unified State Register", CategoryRu: propertyRu, CategoryEn: propertyEn,
			Fields: []Field{
				holder("Правообладатель", "Right holder"),
				text("kind", "Вид документа (договор, свидетельство о праве на наследство, решение суда, …)", "Kind of document (contract, certificate of inheritance, court decision, ...)", true),
				number(false),
				date("issuedOn", "Дата документа", "Date of the document", true),
				{Name: "object", Ru: "Объект недвижимости и его адрес", En: "Property and its address", Kind: FieldString, Required: true, MaxLen: 500},
				issuer(false),
			},
			Files: []FileSpec{main},
		},
	}
}

// TypeByCode returns the type with that code.
func TypeByCode(code string) (Type, bool) {
	for _, t := range Types() {
		if t.Code == code {
			return t, true
		}
	}
	return Type{}, false
}

// Patterns shared by several fields.
const (
	// namePattern: a person's name as printed, Cyrillic or Latin (foreign
	// documents), with spaces, hyphens, apostrophes and dots for initials.
	namePattern = `^\p{L}[\p{L}\p{M} .'’-]*$`
	nameHintRu  = "Только буквы, пробелы, дефис, апостроф и точка"
	nameHintEn  = "letters, spaces, hyphens, apostrophes and dots only"

	// docNumberPattern: series and numbers of forms, which mix letters,
	// digits and separators from one issuer to the next.
	docNumberPattern = `^[0-9A-ZА-ЯЁ][0-9A-ZА-ЯЁ /№-]*$`
	docNumberHintRu  = "Буквы, цифры, пробел, дефис и косая черта, как в документе"
	docNumberHintEn  = "letters, digits, spaces, hyphens and slashes, as printed"

	// registryPattern: register and registration numbers, e.g. "77/12-н/77-2023-1-345".
	registryPattern = `^[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё /№.-]*$`
	registryHintRu  = "Буквы, цифры, пробел, точка, дефис и косая черта, как в документе"
	registryHintEn  = "letters, digits, spaces, dots, hyphens and slashes, as printed"
)
