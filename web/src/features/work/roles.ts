import type { Role } from '../../gql/types';

/** The staff roles in the order the workspaces are listed, with their paths. */
export const WORKSPACES: { role: Role; path: string }[] = [
  { role: 'OPERATOR', path: '/work/operator' },
  { role: 'OFFICER', path: '/work/officer' },
  { role: 'MUNICIPAL_OFFICER', path: '/work/municipal' },
  { role: 'ADMIN', path: '/work/admin' },
];

/** Whether roles include any staff role (the nav then shows "Workspaces"). */
export function hasStaffRole(roles: readonly string[] | undefined): boolean {
  return !!roles?.some((r) => WORKSPACES.some((w) => w.role === r));
}
