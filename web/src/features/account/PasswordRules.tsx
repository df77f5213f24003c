import { useTranslation } from 'react-i18next';
import { PASSWORD_RULES, type PasswordRule } from './passwordRules';
import { Icon } from '../../lib/ui/icons';

/** The rules, each marked met or not as the citizen types. */
export function PasswordRules({ result, id }: { result: Record<PasswordRule, boolean>; id: string }) {
  const { t } = useTranslation('account');
  return (
    <div className="password-rules" id={id}>
      <p className="password-rules-title">{t('register.rulesTitle')}</p>
      <ul>
        {PASSWORD_RULES.map((r) => (
          <li key={r} className={result[r] ? 'rule-met' : 'rule-unmet'}>
            <Icon name={result[r] ? 'check' : 'cross'} size={16} />
            <span>{t(`register.rules.${r}`)}</span>
            <span className="visually-hidden">: {result[r] ? t('register.ruleMet') : t('register.ruleNotMet')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
