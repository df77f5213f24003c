import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

/** A modal question with its own small form (e.g. the reason of a revocation); Escape cancels. */
export function ConfirmDialog({
  title,
  children,
  confirm,
  onConfirm,
  onCancel,
  fetching,
}: {
  title: string;
  children?: ReactNode;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
  fetching?: boolean;
}) {
  const { t } = useTranslation('admin');
  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable onOpenChange={(o) => !o && onCancel()}>
      <Modal className="modal">
        <Dialog className="dialog" aria-labelledby="confirm-title" role="alertdialog">
          <form
            className="form"
            noValidate
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              onConfirm();
            }}
          >
            <Heading slot="title" id="confirm-title">
              {title}
            </Heading>
            {children}
            <div className="button-row">
              <Button type="submit" className="button button-primary" isDisabled={fetching}>
                {confirm}
              </Button>
              <Button className="button button-secondary" onPress={onCancel}>
                {t('cancel')}
              </Button>
            </div>
          </form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
