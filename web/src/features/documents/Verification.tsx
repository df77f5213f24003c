import { useTranslation } from 'react-i18next';
import type { DocumentVerificationFieldsFragment } from './documents.generated';
import { Icon } from '../../lib/ui/icons';
import { formatTime } from './common';

/** What a signature check says: genuine or not, who signed and when, revoked or not. */
export function VerificationView({ v }: { v: DocumentVerificationFieldsFragment }) {
  const { t, i18n } = useTranslation('documents');
  const ok = v.genuine && !v.revoked;
  return (
    <div data-testid="verification">
      <p className={`status-line ${ok ? 'status-ok' : 'status-no'}`}>
        <Icon name={ok ? 'check' : 'cross'} size={20} />{' '}
        <strong>{v.genuine ? (v.revoked ? t('sig.revoked') : t('sig.genuine')) : t('sig.notGenuine')}</strong>
      </p>
      {!v.genuine && <p>{t('sig.notGenuineHint')}</p>}
      <dl className="facts">
        {v.documentType && (
          <div>
            <dt>{t('sig.documentType')}</dt>
            <dd>{v.documentType}</dd>
          </div>
        )}
        {v.signedBy && (
          <div>
            <dt>{t('sig.signedBy')}</dt>
            <dd>{v.signedBy}</dd>
          </div>
        )}
        {v.signedAt && (
          <div>
            <dt>{t('sig.signedAt')}</dt>
            <dd>{formatTime(v.signedAt, i18n.language)}</dd>
          </div>
        )}
        {v.keyId && (
          <div>
            <dt>{t('sig.keyId')}</dt>
            <dd className="hash">{v.keyId}</dd>
          </div>
        )}
        {v.revoked && v.revokedAt && (
          <div>
            <dt>{t('sig.revokedAt')}</dt>
            <dd>{formatTime(v.revokedAt, i18n.language)}</dd>
          </div>
        )}
        {v.revoked && v.revokeReason && (
          <div>
            <dt>{t('sig.revokeReason')}</dt>
            <dd>{v.revokeReason}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
