import { useDeferredValue } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, type CombinedError } from 'urql';
import { CatalogServiceDocument, ServiceAccessDocument, type ServiceAccessQuery } from './catalog.generated';
import type { AccountTier } from '../../gql/types';
import { useRegion } from './region';
import { RegionPicker, useRegionName } from './RegionPicker';
import { useSession } from '../../lib/auth/useSession';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { prerenderedService, type PrerenderedService } from './prerendered';
import { Icon } from '../../lib/ui/icons';

const TIERS: AccountTier[] = ['SIMPLIFIED', 'STANDARD', 'CONFIRMED'];

interface AccessProps {
  id: string;
  minTier: AccountTier;
  excludesMail: boolean;
  access: NonNullable<ServiceAccessQuery['service']>['access'] | undefined;
  error: CombinedError | undefined;
}

/** Whether this account may use the service and, if not, what is missing and how to get it. */
function Access({ id, minTier, excludesMail, access, error }: AccessProps) {
  const { t } = useTranslation('catalog');
  const session = useSession();
  const account = session.account;
  const signedIn = session.status === 'signedIn' && !!account;
  const needed = access?.requiredTier ?? minTier;
  const allowed = access?.allowed ?? false;
  // The tiers the account still has to go through, in order.
  const from = signedIn ? TIERS.indexOf(account.tier) + 1 : 0;
  const steps = TIERS.slice(from, TIERS.indexOf(needed) + 1);
  return (
    <section aria-labelledby="access-title" className={`card access ${allowed ? 'access-ok' : 'access-no'}`}>
      <h2 id="access-title">{t('access')}</h2>
      {error && !access && <ErrorState error={error} />}
      {access && allowed && (
        <p className="status-line status-ok">
          <Icon name="check" size={20} /> {t('accessAllowed')}
        </p>
      )}
      {access && !allowed && (
        <>
          <p className="status-line status-no">
            <Icon name="cross" size={20} /> {signedIn ? t('needTier', { tier: t(`common:tier.${needed}`) }) : t('accessSignIn')}
          </p>
          {signedIn && <p>{t('yourTier', { tier: t(`common:tier.${account.tier}`) })}</p>}
          {access.reason && <p className="access-reason">{access.reason}</p>}
          {steps.length > 0 && (
            <>
              <h3>{t('howToGet')}</h3>
              <ol className="steps">
                {steps.map((tier) => (
                  <li key={tier}>
                    <strong>{t(`common:tier.${tier}`)}.</strong> {t(`tierHowTo.${tier}`)}
                  </li>
                ))}
              </ol>
            </>
          )}
          {signedIn ? (
            <Link className="button button-primary" to="/account">
              {t('goToAccount')}
            </Link>
          ) : (
            <div className="button-row">
              <Link className="button button-primary" to="/register">
                {t('common:register')}
              </Link>
              <Link className="button button-secondary" to="/signin" state={{ from: `/service/${id}` }}>
                {t('common:signIn')}
              </Link>
            </div>
          )}
        </>
      )}
      {excludesMail && <p className="note">{t('excludesMail')}</p>}
    </section>
  );
}

/** The page's top: the way back, the service's name and description (server/webapp.go sends the same). */
function ServiceHeading({ name, description, category }: Omit<PrerenderedService, 'id'>) {
  const { t } = useTranslation('catalog');
  return (
    <>
      <nav aria-label={t('backToCatalog')} className="breadcrumbs">
        <Link to="/">{t('backToCatalog')}</Link>
        {category && (
          <>
            {' / '}
            <Link to={category.href}>{category.name}</Link>
          </>
        )}
      </nav>
      <h1 id="page-title">{name}</h1>
      <p className="lead">{description}</p>
    </>
  );
}

export default function ServicePage() {
  const { t } = useTranslation('catalog');
  const { id = '' } = useParams();
  const [region] = useRegion();
  const regionName = useRegionName(region);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CatalogServiceDocument,
    variables: { id, regionCode: region ?? '', withRegion: !!region },
  });
  // Asked beside the service, not after it renders: the access (it depends
  // on the account, so always asked again: the tier may have changed, and
  // never in a Catalog* query, which the service worker keeps offline). The
  // online form behind "Apply" comes with the service. The page shows when
  // both have answered, whole: nothing moves under the reader afterwards.
  const [access] = useQuery({ query: ServiceAccessDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const waiting = (!data && fetching) || (!access.data && !access.error);
  // The page renders as a deferred update, in slices the browser can
  // interrupt, not in the one task that receives the last answer.
  const shown = useDeferredValue(waiting ? undefined : data);
  // Opened on this page: the server sent its heading, which stays while the
  // rest loads (below it, so nothing above moves).
  const pre = prerenderedService(id);
  const pending = pre ? (
    <article className="page service-page" aria-labelledby="page-title" aria-busy="true">
      <ServiceHeading name={pre.name} description={pre.description} category={pre.category} />
      <Loading />
    </article>
  ) : (
    <Loading />
  );
  if (waiting) return pending;
  if (!data && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (data && !shown) return pending;
  const s = shown?.service;
  if (!s) {
    return (
      <div className="page">
        <h1 id="page-title">{t('serviceNotFound')}</h1>
        <Link to="/">{t('backToCatalog')}</Link>
      </div>
    );
  }
  const av = s.availability;
  return (
    <article className="page service-page" aria-labelledby="page-title">
      <ServiceHeading
        name={s.name}
        description={s.description}
        category={s.categories[0] ? { href: `/category/${encodeURIComponent(s.categories[0].id)}`, name: s.categories[0].name } : null}
      />
      <Access
        id={s.id}
        minTier={s.minTier}
        excludesMail={s.excludesMailConfirmation}
        access={access.data?.service?.access}
        error={access.error}
      />
      {s.applicationForm && (
        <p>
          <Link className="button button-primary" to={`/documents/apply/${encodeURIComponent(s.code)}`}>
            {t('apply')}
          </Link>
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>{t('department')}</dt>
          <dd>
            <Link to={`/department/${encodeURIComponent(s.department.id)}`}>{s.department.name}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('fee')}</dt>
          <dd>
            {s.fee.kopecks > 0 ? s.fee.formatted : t('free')}
            {s.feeNote && <span className="note"> {s.feeNote}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('processing')}</dt>
          <dd>{s.processingDays > 0 ? t('processingDays', { count: s.processingDays }) : t('immediate')}</dd>
        </div>
        <div>
          <dt>{t('forWhom')}</dt>
          <dd>
            {s.audiences.map((a) => t(`audience.${a}`)).join(', ')}
            {s.forChildren && ` · ${t('forChildren')}`}
          </dd>
        </div>
        <div>
          <dt>{t('level.' + s.level)}</dt>
          <dd>{t(`mode.${s.mode}`)}</dd>
        </div>
      </dl>

      <section aria-labelledby="availability-title" className="card">
        <h2 id="availability-title">{t('availability')}</h2>
        <RegionPicker describe={false} />
        <div role="status" aria-live="polite" className="availability">
          {!region && <p>{t('chooseRegion')}</p>}
          {region && av && (
            <>
              <p className={`status-line ${av.available ? 'status-ok' : 'status-no'}`}>
                <Icon name={av.available ? 'check' : 'cross'} size={20} />{' '}
                {av.available ? t('available', { region: regionName }) : t('notAvailable', { region: regionName })}
              </p>
              {av.reason && <p>{av.reason}</p>}
              {av.conditions && (
                <p>
                  <strong>{t('conditions')}:</strong> {av.conditions}
                </p>
              )}
            </>
          )}
        </div>
      </section>

      {s.lifeSituations.length > 0 && (
        <section aria-labelledby="situations-title" className="section">
          <h2 id="situations-title">{t('lifeSituations')}</h2>
          <ul className="chip-list">
            {s.lifeSituations.map((l) => (
              <li key={l.id}>
                <Link className="chip" to={`/situation/${encodeURIComponent(l.id)}`}>
                  {l.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
