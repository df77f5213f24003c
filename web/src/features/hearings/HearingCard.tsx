import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HearingCardFragment } from './hearings.generated';
import { formatDate } from './format';

export function HearingStatus({ status }: { status: HearingCardFragment['status'] }) {
  const { t } = useTranslation('hearings');
  return <span className={`hearing-status hearing-status-${status}`}>{t(`status.${status}`)}</span>;
}

/** One hearing in a list: its title links to its page. */
export function HearingCard({ hearing }: { hearing: HearingCardFragment }) {
  const { t, i18n } = useTranslation('hearings');
  const lang = i18n.language;
  return (
    <li>
      <Link className="hearing-card" to={`/hearings/${encodeURIComponent(hearing.id)}`}>
        <span className="hearing-card-title">{hearing.title}</span>
        <span className="hearing-card-meta">
          <HearingStatus status={hearing.status} />
          {hearing.subject === 'CHARTER_QUESTION' && hearing.subjectDetail ? hearing.subjectDetail : t(`subject.${hearing.subject}`)}
        </span>
        <span className="hearing-card-meta">
          {t('dates', { from: formatDate(hearing.opensAt, lang), to: formatDate(hearing.closesAt, lang) })} · {hearing.territory}
        </span>
      </Link>
    </li>
  );
}
