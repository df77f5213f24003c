import type { Key } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { useMutation } from 'urql';
import { useSession } from '../auth/useSession';
import { clearSession } from '../auth/session';
import { SignOutDocument } from '../auth/auth.generated';
import { Icon } from './icons';

/** The signed-in account's menu: profile and sign-out (its own chunk). */
export default function AccountMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [, signOut] = useMutation(SignOutDocument);
  if (!session.account) return null;
  const { firstName, tier } = session.account;
  const onAction = async (key: Key) => {
    if (key === 'account') void navigate('/account');
    if (key === 'signout') {
      await signOut({}).catch(() => undefined);
      clearSession();
      void navigate('/');
    }
  };
  return (
    <MenuTrigger>
      <Button className="header-button" aria-label={`${t('common:accountMenu')}: ${firstName}`}>
        <Icon name="account" size={20} />
        <span className="header-account-name">{firstName}</span>
        <span className={`tier-badge tier-${tier.toLowerCase()}`}>{t(`common:tier.${tier}`)}</span>
      </Button>
      <Popover className="popover" placement="bottom end">
        <Menu className="menu" onAction={(k) => void onAction(k)}>
          <MenuItem className="menu-item" id="account">
            {t('common:myAccount')}
          </MenuItem>
          <MenuItem className="menu-item" id="signout">
            {t('common:signOut')}
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
