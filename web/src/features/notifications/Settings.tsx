import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Form } from 'react-aria-components';
import {
  NotificationsSettingsDocument,
  SetNotificationPreferenceDocument,
  SetQuietHoursDocument,
  type NotificationSettingsFieldsFragment,
} from './notifications.generated';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { useSession } from '../../lib/auth/useSession';

const CHANNELS = ['PUSH', 'SMS', 'EMAIL'] as const;

function Preferences({ settings }: { settings: NotificationSettingsFieldsFragment }) {
  const { t } = useTranslation('notifications');
  const [{ fetching }, set] = useMutation(SetNotificationPreferenceDocument);
  const [errors, setErrors] = useState<string[]>([]);
  const categories = [...new Set(settings.preferences.map((p) => p.category))];
  const find = (c: string, ch: string) => settings.preferences.find((p) => p.category === c && p.channel === ch);
  const toggle = async (category: string, channel: string, enabled: boolean) => {
    const r = await set({ input: { category: category as never, channel: channel as never, enabled } });
    if (r.error) return setErrors([describeError(r.error, t) ?? '']);
    const ue = r.data?.setNotificationPreference.userErrors ?? [];
    setErrors(ue.map((e) => e.message));
  };
  return (
    <section className="card" aria-labelledby="prefs-title">
      <h2 id="prefs-title">{t('prefs.title')}</h2>
      <p>{t('prefs.lead')}</p>
      <FormErrorList messages={errors} />
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="preferences" style={{ borderCollapse: 'collapse', width: '100%' }}>
          <caption className="visually-hidden">{t('prefs.title')}</caption>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'left' }}>
                {t('prefs.category')}
              </th>
              {CHANNELS.map((ch) => (
                <th scope="col" key={ch}>
                  {t(`channels.${ch}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr key={c}>
                <th scope="row" style={{ textAlign: 'left', fontWeight: 'normal', padding: '0.5rem 0' }}>
                  {t(`categories.${c}`)}
                </th>
                {CHANNELS.map((ch) => {
                  const p = find(c, ch);
                  if (!p) return <td key={ch} />;
                  return (
                    <td key={ch} style={{ textAlign: 'center' }}>
                      <input
                        type="checkbox"
                        style={{ width: 24, height: 24 }}
                        checked={p.enabled}
                        disabled={p.locked || fetching}
                        aria-label={`${t(`categories.${c}`)}: ${t(`channels.${ch}`)}${p.locked ? ` (${t('prefs.locked')})` : ''}`}
                        onChange={(e) => void toggle(c, ch, e.target.checked)}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="note">{t('prefs.securityNote')}</p>
    </section>
  );
}

function QuietHours({ settings }: { settings: NotificationSettingsFieldsFragment }) {
  const { t } = useTranslation('notifications');
  const q = settings.quietHours;
  const [v, setV] = useState({
    start: q?.start ?? '22:00',
    end: q?.end ?? '08:00',
    timeZone: q?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'Europe/Moscow',
  });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [saved, setSaved] = useState('');
  const [{ fetching }, set] = useMutation(SetQuietHoursDocument);
  const send = async (input: { start?: string; end?: string; timeZone?: string; clear?: boolean }) => {
    const r = await set({ input });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.setQuietHours;
    if (p?.settings) {
      setErrors(noErrors);
      setSaved(input.clear ? t('quiet.cleared') : t('quiet.saved'));
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, ['start', 'end', 'timeZone']));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send({ start: v.start, end: v.end, timeZone: v.timeZone.trim() });
  };
  return (
    <section className="card" aria-labelledby="quiet-title">
      <h2 id="quiet-title">{t('quiet.title')}</h2>
      <p>{t('quiet.lead')}</p>
      <p data-testid="quiet-state">{q ? t('quiet.on', { start: q.start, end: q.end, zone: q.timeZone }) : t('quiet.off')}</p>
      <Form className="form" onSubmit={submit} aria-labelledby="quiet-title">
        <FormErrorList messages={errors.form} />
        <p className="form-info" role="status">
          {saved}
        </p>
        <TextField label={t('quiet.start')} name="start" type="time" isRequired value={v.start} onChange={(start) => setV({ ...v, start })} error={errors.fields.start} />
        <TextField label={t('quiet.end')} name="end" type="time" isRequired value={v.end} onChange={(end) => setV({ ...v, end })} error={errors.fields.end} />
        <TextField
          label={t('quiet.zone')}
          description={t('quiet.zoneHint')}
          name="timeZone"
          isRequired
          value={v.timeZone}
          onChange={(timeZone) => setV({ ...v, timeZone })}
          error={errors.fields.timeZone}
        />
        <div className="button-row">
          <Button type="submit" className="button button-primary" isDisabled={fetching}>
            {t('quiet.save')}
          </Button>
          {q && (
            <Button className="button button-secondary" isDisabled={fetching} onPress={() => void send({ clear: true })}>
              {t('quiet.clear')}
            </Button>
          )}
        </div>
      </Form>
    </section>
  );
}

/** /notifications/settings: channels per category, quiet hours. */
export default function Settings() {
  const { t } = useTranslation('notifications');
  const { status } = useSession();
  const [res, refetch] = useQuery({ query: NotificationsSettingsDocument, pause: status !== 'signedIn', requestPolicy: 'cache-and-network' });
  const s = res.data?.notificationSettings;
  return (
    <div className="page page-narrow">
      <p>
        <Link to="/notifications">← {t('title')}</Link>
      </p>
      <h1 id="page-title">{t('settingsTitle')}</h1>
      {status !== 'signedIn' ? (
        <p>{t('signedOut')}</p>
      ) : res.fetching && !s ? (
        <Loading />
      ) : res.error && !s ? (
        <ErrorState error={res.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : s ? (
        <>
          <Preferences settings={s} />
          <QuietHours settings={s} />
        </>
      ) : null}
    </div>
  );
}
