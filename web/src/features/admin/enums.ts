import type { AccountTier, Audience, JobState, Role, ServiceLevel, ServiceMode } from '../../gql/types';

export const LEVELS: ServiceLevel[] = ['FEDERAL', 'REGIONAL', 'MUNICIPAL'];
export const MODES: ServiceMode[] = ['INFO', 'APPLY_ONLINE', 'FULLY_ONLINE'];
export const TIERS: AccountTier[] = ['SIMPLIFIED', 'STANDARD', 'CONFIRMED'];
export const AUDIENCES: Audience[] = ['INDIVIDUAL', 'LEGAL_ENTITY'];
/** The roles an administrator grants. */
export const STAFF_ROLES: Role[] = ['OPERATOR', 'OFFICER', 'MUNICIPAL_OFFICER', 'ADMIN'];
export const JOB_STATES: JobState[] = ['PENDING', 'ACTIVE', 'SCHEDULED', 'RETRY', 'ARCHIVED', 'COMPLETED'];
/** The states a job can be run again from (rerunJob). */
export const RERUNNABLE: JobState[] = ['ARCHIVED', 'RETRY', 'SCHEDULED'];
export const ENTITIES = ['SERVICE', 'DEPARTMENT', 'CATEGORY', 'REGION'] as const;
export type Entity = (typeof ENTITIES)[number];
