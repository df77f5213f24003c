import { useMemo } from 'react';
import { useQuery } from 'urql';
import { CatalogOfficerNamesDocument, OfficerScopeDocument } from './officer.generated';

export interface OfficerNames {
  /** Service names by code (the catalog, in the request's language). */
  service: (code: string) => string;
  /** Department short names by code. */
  department: (code: string) => string;
  /** The officer's departments (the scopes of the OFFICER grants). */
  myDepartments: string[];
  /** The services of the officer's departments: [code, name], by name. */
  myServices: [string, string][];
  regions: { code: string; name: string }[];
}

/** Labels for codes and the officer's departments, from the catalog and the account's grants. */
export function useOfficerNames(lang: string): OfficerNames {
  const [{ data: catalog }] = useQuery({ query: CatalogOfficerNamesDocument });
  const [{ data: scope }] = useQuery({ query: OfficerScopeDocument });
  return useMemo(() => {
    const services = new Map((catalog?.services.edges ?? []).map((e) => [e.node.code, e.node]));
    const departments = new Map((catalog?.departments ?? []).map((d) => [d.code, d.shortName]));
    const myDepartments = (scope?.me.roleGrants ?? [])
      .filter((g) => g.role === 'OFFICER' && g.scope)
      .map((g) => g.scope as string);
    const collator = new Intl.Collator(lang.startsWith('en') ? 'en' : 'ru');
    const myServices = [...services.values()]
      .filter((s) => myDepartments.includes(s.department.code))
      .map((s): [string, string] => [s.code, s.name])
      .sort((a, b) => collator.compare(a[1], b[1]));
    return {
      service: (code) => services.get(code)?.name ?? code,
      department: (code) => departments.get(code) ?? code,
      myDepartments,
      myServices,
      regions: (catalog?.regions ?? []).map((r) => ({ code: r.code, name: r.name })).sort((a, b) => collator.compare(a.name, b.name)),
    };
  }, [catalog, scope, lang]);
}
