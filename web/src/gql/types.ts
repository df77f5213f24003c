export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An amount in kopecks (1/100 rouble): an integer, never a float. */
  Kopecks: { input: number; output: number; }
  /** An RFC 3339 time. */
  Time: { input: string; output: string; }
  /** A file sent in a multipart request (the GraphQL multipart request spec). */
  Upload: { input: File; output: File; }
};

/** How far an account has grown; each tier unlocks more services. */
export type AccountTier =
  | 'CONFIRMED'
  | 'SIMPLIFIED'
  | 'STANDARD';

export type AddLookupDocumentInput = {
  kind: LookupDocumentKind;
  /** The citizen's name for it, up to 50 characters. */
  label?: InputMaybe<Scalars['String']['input']>;
  number: Scalars['String']['input'];
};

export type AddressInput = {
  /** OKTMO code of the municipality. */
  municipalityOktmo?: InputMaybe<Scalars['String']['input']>;
  /** Two-digit region code. */
  regionCode: Scalars['String']['input'];
  /** Street, house, flat. */
  street: Scalars['String']['input'];
};

/** The agencies that verify personal data. */
export type Agency =
  /** The migration service: the identity document is valid. */
  | 'MVD'
  /** The pension fund: the name matches the SNILS, sex and age are right. */
  | 'SFR';

export type ApplicantKind =
  | 'CHILD'
  | 'ORGANISATION'
  | 'SELF';

export type ApplicationChannel =
  | 'IN_PERSON'
  | 'PORTAL'
  | 'SERVICE_CENTRE';

export type ApplicationDraftInput = {
  applicant?: InputMaybe<ApplicantKind>;
  /** The child's id, when applying for a child. */
  applicantId?: InputMaybe<Scalars['ID']['input']>;
  branchCode?: InputMaybe<Scalars['String']['input']>;
  /** Fields to set, as a JSON object; a null removes a field. Merged into the draft. */
  fields?: InputMaybe<Scalars['String']['input']>;
  /** Empty for a new draft. */
  id?: InputMaybe<Scalars['ID']['input']>;
  serviceCode?: InputMaybe<Scalars['String']['input']>;
};

export type ApplicationStatus =
  | 'AWAITING_CITIZEN'
  | 'COMPLETED'
  | 'DRAFT'
  | 'IN_PROGRESS'
  | 'REGISTERED'
  | 'REJECTED'
  | 'SUBMITTED'
  | 'WITHDRAWN';

export type AttachApplicationDocumentInput = {
  /** An electronic duplicate of that type from the citizen's documents... */
  documentId?: InputMaybe<Scalars['ID']['input']>;
  /** ...or a new upload (PDF, JPEG or PNG). */
  file?: InputMaybe<Scalars['Upload']['input']>;
  /** The draft. */
  id: Scalars['ID']['input'];
  /** The requirement's type, e.g. WORK_RECORD_BOOK or OWNER_CONSENT. */
  requirement: Scalars['String']['input'];
};

/** Whom a service or category serves. */
export type Audience =
  | 'INDIVIDUAL'
  | 'LEGAL_ENTITY';

export type AuditFilter = {
  action?: InputMaybe<Scalars['String']['input']>;
  actorId?: InputMaybe<Scalars['String']['input']>;
  since?: InputMaybe<Scalars['Time']['input']>;
  subjectId?: InputMaybe<Scalars['String']['input']>;
  until?: InputMaybe<Scalars['Time']['input']>;
};

export type CategoryAdminInput = {
  audiences: Array<Audience>;
  code: Scalars['String']['input'];
  nameEn?: InputMaybe<Scalars['String']['input']>;
  nameRu: Scalars['String']['input'];
  reason: Scalars['String']['input'];
};

export type ChargeStatus =
  | 'PAID'
  | 'UNPAID';

export type ChargeStatusFilter =
  | 'ALL'
  | 'PAID'
  | 'UNPAID';

export type ChargeSubscriptionInput = {
  fines: Scalars['Boolean']['input'];
  taxes: Scalars['Boolean']['input'];
};

export type CheckState =
  | 'CONFIRMED'
  | 'NOT_REQUIRED'
  | 'NOT_STARTED'
  | 'PENDING'
  | 'REJECTED';

export type ChildInput = {
  birthCertificateNumber: Scalars['String']['input'];
  /** Roman numerals, a dash and two Cyrillic letters: IV-МЮ. */
  birthCertificateSeries: Scalars['String']['input'];
  /** YYYY-MM-DD. */
  birthDate: Scalars['String']['input'];
  firstName: Scalars['String']['input'];
  lastName: Scalars['String']['input'];
  patronymic?: InputMaybe<Scalars['String']['input']>;
};

export type ConfirmContactInput = {
  /** The SMS code, or the token from the email's link. */
  code: Scalars['String']['input'];
  registrationId: Scalars['ID']['input'];
};

export type ConfirmInPersonInput = {
  accountId: Scalars['ID']['input'];
  documentNumber: Scalars['String']['input'];
  /** From the document in the operator's hands. */
  documentSeries?: InputMaybe<Scalars['String']['input']>;
};

export type ConfirmWithLetterCodeInput = {
  code: Scalars['String']['input'];
};

export type ConfirmWithSignatureInput = {
  /** The qualified certificate, PEM. */
  certificate: Scalars['String']['input'];
  /** Intermediate certificates, PEM, if the certificate needs them. */
  chain?: InputMaybe<Scalars['String']['input']>;
  challengeId: Scalars['ID']['input'];
  /** The signature over the challenge's text (ECDSA P-256 or RSA with SHA-256), base64. */
  signature: Scalars['String']['input'];
};

export type ConfirmationLetterInput = {
  /** Region, city, street, house, flat. */
  address: Scalars['String']['input'];
  postalCode: Scalars['String']['input'];
};

/** How an account's identity was confirmed. */
export type ConfirmationMethod =
  | 'IN_PERSON'
  | 'NONE'
  | 'REGISTERED_MAIL'
  | 'SIGNATURE';

export type ContactKind =
  | 'EMAIL'
  | 'PHONE';

export type DepartmentAdminInput = {
  code: Scalars['String']['input'];
  level: ServiceLevel;
  nameEn?: InputMaybe<Scalars['String']['input']>;
  nameRu: Scalars['String']['input'];
  parentCode?: InputMaybe<Scalars['String']['input']>;
  reason: Scalars['String']['input'];
  shortNameEn?: InputMaybe<Scalars['String']['input']>;
  shortNameRu: Scalars['String']['input'];
};

export type DocumentKind =
  | 'APPLICATION_RESULT'
  | 'DUPLICATE'
  | 'PENSION_STATEMENT'
  | 'RECEIPT';

export type DuplicateFileInput = {
  file: Scalars['Upload']['input'];
  role: DuplicateFileRole;
};

export type DuplicateFileRole =
  /** The scan of the paper document. */
  | 'MAIN'
  /** The notarised translation of a foreign document. */
  | 'TRANSLATION';

export type FindMyInnInput = {
  passportNumber: Scalars['String']['input'];
  passportSeries: Scalars['String']['input'];
};

export type HandOutResultInput = {
  documentNumber: Scalars['String']['input'];
  /** From the identity document the citizen shows; must match the verified one. */
  documentSeries?: InputMaybe<Scalars['String']['input']>;
  /** The application. */
  id: Scalars['ID']['input'];
};

export type HearingInput = {
  closesAt: Scalars['Time']['input'];
  description: Scalars['String']['input'];
  /** The project's materials: PDF, JPEG or PNG. */
  materials?: InputMaybe<Array<Scalars['Upload']['input']>>;
  meetingAt?: InputMaybe<Scalars['Time']['input']>;
  meetingPlace?: InputMaybe<Scalars['String']['input']>;
  municipalityOktmo: Scalars['String']['input'];
  opensAt: Scalars['Time']['input'];
  organiser: Scalars['String']['input'];
  /** Further questions put to the vote besides the project. */
  questions?: InputMaybe<Array<Scalars['String']['input']>>;
  subject: HearingSubject;
  subjectDetail?: InputMaybe<Scalars['String']['input']>;
  territory: Scalars['String']['input'];
  /** Cadastral quarters the territory covers, e.g. 16:50:010101 (for land-use rules and planning projects: rights recorded in them admit their holders). */
  territoryQuarters?: InputMaybe<Array<Scalars['String']['input']>>;
  title: Scalars['String']['input'];
};

export type HearingStatus =
  | 'ANNOUNCED'
  | 'CLOSED'
  | 'DRAFT'
  | 'OPEN'
  | 'RESULTS_PUBLISHED';

export type HearingSubject =
  | 'BUDGET_DRAFT'
  | 'BUDGET_REPORT'
  /** Another question the municipality's charter names (see subjectDetail). */
  | 'CHARTER_QUESTION'
  | 'DEVELOPMENT_STRATEGY'
  | 'LAND_USE_RULES'
  | 'PLANNING_PROJECT';

export type IdentityDocumentInput = {
  /** YYYY-MM-DD. */
  issuedOn: Scalars['String']['input'];
  /** NNN-NNN for an RF passport. */
  issuerCode?: InputMaybe<Scalars['String']['input']>;
  kind: IdentityDocumentKind;
  /** 6 digits for an RF passport. */
  number: Scalars['String']['input'];
  /** 4 digits for an RF passport. */
  series?: InputMaybe<Scalars['String']['input']>;
};

export type IdentityDocumentKind =
  | 'FOREIGN_PASSPORT'
  | 'RF_PASSPORT';

export type JobState =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'COMPLETED'
  | 'PENDING'
  | 'RETRY'
  | 'SCHEDULED';

/** The right holder is given by accountId or by SNILS (as the registry names him), exactly one of them. */
export type LandRightInput = {
  accountId?: InputMaybe<Scalars['ID']['input']>;
  /** e.g. 16:50:010101:123. */
  cadastralNumber: Scalars['String']['input'];
  kind: LandRightKind;
  municipalityOktmo: Scalars['String']['input'];
  /** The registry's record of the right. */
  registryRecord: Scalars['String']['input'];
  /** The right holder's SNILS, 11 digits with or without separators. */
  snils?: InputMaybe<Scalars['String']['input']>;
};

export type LandRightKind =
  | 'BUILDING'
  | 'LAND';

export type LookupDocumentKind =
  /** Driver's licence: 10 characters, e.g. 99 12 345678. */
  | 'DRIVER_LICENCE'
  /** Registration plate, e.g. А123ВС77; Latin look-alike letters are accepted. */
  | 'PLATE'
  /** Vehicle registration certificate (СТС): 10 characters, e.g. 77 УВ 123456. */
  | 'VEHICLE_CERTIFICATE';

export type MakeDuplicateInput = {
  consentId: Scalars['ID']['input'];
  /** The type's fields as a JSON object of strings. */
  fields: Scalars['String']['input'];
  /** PDF, JPEG or PNG, up to 10 MB and 50 pages each; the content decides the type, not the name. */
  files: Array<DuplicateFileInput>;
};

export type MarkNotificationsReadInput = {
  /** Marks every notification read. */
  all?: InputMaybe<Scalars['Boolean']['input']>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type MoveApplicationInput = {
  /** The reason of a refusal, or what the citizen must provide; the result's note on completion. */
  comment?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  /** On completion: the result's file (PDF, JPEG or PNG), signed with the department's key and kept in the citizen's documents. */
  result?: InputMaybe<Scalars['Upload']['input']>;
  to: ApplicationStatus;
};

export type NotificationCategory =
  | 'ACCOUNT'
  | 'APPLICATIONS'
  | 'DOCUMENTS'
  | 'FINES'
  | 'HEARINGS'
  | 'NEWS'
  /** Codes, sign-in from a new device, password change: always on. */
  | 'SECURITY'
  | 'TAXES';

export type NotificationChannel =
  | 'EMAIL'
  | 'PUSH'
  | 'SMS';

export type OrganisationInput = {
  /** 10 digits for a legal entity, 12 for an entrepreneur. */
  inn: Scalars['String']['input'];
  kind: OrganisationKind;
  name: Scalars['String']['input'];
  /** OGRN (13 digits) or OGRNIP (15). */
  ogrn: Scalars['String']['input'];
};

export type OrganisationKind =
  | 'ENTREPRENEUR'
  | 'LEGAL_ENTITY';

export type OrganisationRole =
  | 'ADMINISTRATOR'
  | 'EMPLOYEE'
  | 'HEAD';

export type PayChargesInput = {
  /** Ids of fines, tax debts or proceedings (from fines, taxDebts, enforcementProceedings). */
  chargeIds: Array<Scalars['ID']['input']>;
  /** A key the app makes per attempt (e.g. a UUID): the same key returns the same payment. */
  idempotencyKey: Scalars['String']['input'];
  /** Where the payment page sends the citizen back: an address of this portal. */
  returnUrl: Scalars['String']['input'];
};

export type PaymentStatus =
  /** Stored; not yet at the acquirer (pay again with the same key). */
  | 'CREATED'
  | 'FAILED'
  /** The citizen pays on the acquirer's page (pageUrl). */
  | 'PENDING'
  | 'SUCCEEDED';

export type PensionRequestStatus =
  | 'FAILED'
  /** Sent to the pension fund; it answers within minutes to an hour. */
  | 'PENDING'
  | 'READY';

export type PersonalDataInput = {
  /** The registered address. */
  address: AddressInput;
  /** YYYY-MM-DD. */
  birthDate: Scalars['String']['input'];
  birthPlace: Scalars['String']['input'];
  /** ISO 3166-1 alpha-3 code, RUS for a citizen of Russia. */
  citizenship: Scalars['String']['input'];
  document: IdentityDocumentInput;
  firstName: Scalars['String']['input'];
  lastName: Scalars['String']['input'];
  patronymic?: InputMaybe<Scalars['String']['input']>;
  sex: Sex;
  /** 11 digits with the check sum; not required of foreign citizens. */
  snils?: InputMaybe<Scalars['String']['input']>;
};

export type ProposalKind =
  | 'COMMENT'
  | 'PROPOSAL';

export type ProposalStatus =
  | 'PENDING'
  | 'PUBLISHED'
  | 'REJECTED';

export type ProposalVerdict =
  | 'ADVISABLE'
  | 'NOT_ADVISABLE';

/** A proposal or a comment (a remark on the project) to an open hearing; both are published after moderation. */
export type ProposeInHearingInput = {
  /** Up to 5 files, PDF, JPEG or PNG by their content, 10 MB each. */
  attachments?: InputMaybe<Array<Scalars['Upload']['input']>>;
  hearingId: Scalars['ID']['input'];
  kind?: ProposalKind;
  /** 1 to 5,000 characters. */
  text: Scalars['String']['input'];
};

export type RateApplicationInput = {
  comment?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  /** 1 to 5. */
  score: Scalars['Int']['input'];
};

export type RecoveryChannel =
  | 'EMAIL'
  | 'PHONE'
  | 'SERVICE_CENTRE';

export type RefreshSessionInput = {
  refreshToken: Scalars['String']['input'];
};

export type RegionAdminInput = {
  code: Scalars['String']['input'];
  nameEn?: InputMaybe<Scalars['String']['input']>;
  nameRu: Scalars['String']['input'];
  reason: Scalars['String']['input'];
};

export type RegisterInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  firstName: Scalars['String']['input'];
  lastName: Scalars['String']['input'];
  /** A Russian mobile number in any common writing. */
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type RequestRecoveryInput = {
  /** A phone, an email or a SNILS. */
  login: Scalars['String']['input'];
};

export type RerunJobInput = {
  queue: Scalars['String']['input'];
  taskId: Scalars['String']['input'];
};

export type ResendCodeInput = {
  registrationId: Scalars['ID']['input'];
};

export type ResetPasswordInput = {
  /** The SMS code, or the token from the email's link. */
  code: Scalars['String']['input'];
  /** With an SMS code: the login the code was sent for. */
  login?: InputMaybe<Scalars['String']['input']>;
  password: Scalars['String']['input'];
  passwordAgain: Scalars['String']['input'];
};

export type RespondToApplicationInput = {
  comment?: InputMaybe<Scalars['String']['input']>;
  /** Fields changed, as a JSON object. */
  fields?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
};

export type RevokeSessionInput = {
  sessionId: Scalars['ID']['input'];
};

export type Role =
  | 'ADMIN'
  | 'CITIZEN'
  | 'MUNICIPAL_OFFICER'
  | 'OFFICER'
  | 'OPERATOR';

export type RoleGrantInput = {
  accountId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  role: Role;
  /** Service centre code (OPERATOR), department code (OFFICER), OKTMO (MUNICIPAL_OFFICER); none for ADMIN. */
  scope?: InputMaybe<Scalars['String']['input']>;
};

/** Creates the service when its code is new, else changes it. Texts in Russian, English optional. */
export type ServiceAdminInput = {
  audiences: Array<Audience>;
  categoryCodes: Array<Scalars['String']['input']>;
  code: Scalars['String']['input'];
  departmentCode: Scalars['String']['input'];
  descriptionEn?: InputMaybe<Scalars['String']['input']>;
  descriptionRu: Scalars['String']['input'];
  feeKopecks: Scalars['Kopecks']['input'];
  level: ServiceLevel;
  minTier: AccountTier;
  mode: ServiceMode;
  nameEn?: InputMaybe<Scalars['String']['input']>;
  nameRu: Scalars['String']['input'];
  processingDays: Scalars['Int']['input'];
  /** Why: kept with the change. */
  reason: Scalars['String']['input'];
  /** Regions the service is limited to; empty for everywhere. */
  regionCodes: Array<Scalars['String']['input']>;
};

export type ServiceFilter = {
  audience?: InputMaybe<Audience>;
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  departmentId?: InputMaybe<Scalars['ID']['input']>;
  /** With regionCode: keep the services not offered there too, after the others, marked by availability. */
  includeUnavailable?: InputMaybe<Scalars['Boolean']['input']>;
  level?: InputMaybe<ServiceLevel>;
  lifeSituationId?: InputMaybe<Scalars['ID']['input']>;
  mode?: InputMaybe<ServiceMode>;
  /** Full-text search in the language of the request, ranked. */
  query?: InputMaybe<Scalars['String']['input']>;
  /** Keeps the services offered in this region (two-digit code). */
  regionCode?: InputMaybe<Scalars['String']['input']>;
};

/** The level of government providing a service. */
export type ServiceLevel =
  | 'FEDERAL'
  | 'MUNICIPAL'
  | 'REGIONAL';

/** How far a service can be received online. */
export type ServiceMode =
  /** Applied for online, received in person. */
  | 'APPLY_ONLINE'
  /** Received fully online. */
  | 'FULLY_ONLINE'
  /** Information only. */
  | 'INFO';

export type SetNotificationPreferenceInput = {
  category: NotificationCategory;
  channel: NotificationChannel;
  enabled: Scalars['Boolean']['input'];
};

export type SetPasswordInput = {
  password: Scalars['String']['input'];
  passwordAgain: Scalars['String']['input'];
  setupToken: Scalars['String']['input'];
};

export type SetQuietHoursInput = {
  /** Turns quiet hours off. */
  clear?: InputMaybe<Scalars['Boolean']['input']>;
  end?: InputMaybe<Scalars['String']['input']>;
  start?: InputMaybe<Scalars['String']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

export type Sex =
  | 'FEMALE'
  | 'MALE';

export type SignInInput = {
  /** A phone, an email or a SNILS. */
  login: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

/** An agency statements come from. */
export type StatementSource =
  /** Tax service: tax debts. */
  | 'FNS'
  /** Bailiffs: enforcement proceedings. */
  | 'FSSP'
  /** Traffic police: fines. */
  | 'GIBDD';

export type SubmitApplicationInput = {
  draftId: Scalars['ID']['input'];
  /** The same key returns the application it submitted. */
  idempotencyKey: Scalars['String']['input'];
};

export type TrackingStatus =
  | 'ACCEPTED'
  | 'ARRIVED'
  | 'DELIVERED'
  | 'IN_TRANSIT'
  | 'RETURNED';

export type VerificationStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type VoteChoice = {
  option: VoteOption;
  /** 0 is the project. */
  question: Scalars['Int']['input'];
};

export type VoteOption =
  | 'ABSTAIN'
  | 'AGAINST'
  | 'FOR';
