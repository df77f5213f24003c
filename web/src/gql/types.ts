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

/** The agencies that verify personal data. */
/** Whom a service or category serves. */
export type Audience =
  | 'INDIVIDUAL'
  | 'LEGAL_ENTITY';

export type ConfirmContactInput = {
  /** The SMS code, or the token from the email's link. */
  code: Scalars['String']['input'];
  registrationId: Scalars['ID']['input'];
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

/** A proposal or a comment (a remark on the project) to an open hearing; both are published after moderation. */
export type RefreshSessionInput = {
  refreshToken: Scalars['String']['input'];
};

export type RegisterInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  firstName: Scalars['String']['input'];
  lastName: Scalars['String']['input'];
  /** A Russian mobile number in any common writing. */
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type ResendCodeInput = {
  registrationId: Scalars['ID']['input'];
};

export type Role =
  | 'ADMIN'
  | 'CITIZEN'
  | 'MUNICIPAL_OFFICER'
  | 'OFFICER'
  | 'OPERATOR';

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

export type SetPasswordInput = {
  password: Scalars['String']['input'];
  passwordAgain: Scalars['String']['input'];
  setupToken: Scalars['String']['input'];
};

export type SignInInput = {
  /** A phone, an email or a SNILS. */
  login: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

/** An agency statements come from. */
