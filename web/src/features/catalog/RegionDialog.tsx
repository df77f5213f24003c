import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import {
  Button,
  ComboBox,
  Dialog,
  Heading,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Modal,
  ModalOverlay,
  Popover,
} from 'react-aria-components';
import { CatalogRegionsDocument } from './catalog.generated';
import { useRegion } from './region';
import { Icon } from '../../lib/ui/icons';

const ALL = 'all';

/** A modal dialog with the region combobox: type to filter, pick, done. */
export default function RegionDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('catalog');
  const [region, setRegion] = useRegion();
  const [{ data }] = useQuery({ query: CatalogRegionsDocument });
  // The list opens inside the dialog (not at the end of <body>), so it is
  // placed against the fixed dialog on phones, where the page is scrolled.
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const items = [{ id: ALL, name: t('allRegions') }, ...(data?.regions ?? []).map((r) => ({ id: r.code, name: r.name }))];
  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable onOpenChange={(o) => !o && onClose()}>
      <Modal className="modal">
        <Dialog className="dialog" aria-labelledby="region-dialog-title" ref={setContainer}>
          <div className="dialog-header">
            <Heading slot="title" id="region-dialog-title">
              {t('chooseRegionTitle')}
            </Heading>
            <Button className="icon-button" aria-label={t('common:close')} onPress={onClose}>
              <Icon name="cross" size={20} />
            </Button>
          </div>
          <ComboBox
            className="field"
            items={items}
            selectedKey={region ?? ALL}
            onSelectionChange={(key) => {
              if (key == null) return;
              setRegion(key === ALL ? null : String(key));
              onClose();
            }}
            autoFocus
          >
            <Label className="field-label">{t('region')}</Label>
            <div className="combobox">
              <Icon name="search" size={20} />
              <Input className="field-input" placeholder={t('regionPlaceholder')} />
            </div>
            <Popover className="popover combobox-popover" UNSTABLE_portalContainer={container ?? undefined}>
              <ListBox className="listbox">
                {(item: { id: string; name: string }) => (
                  <ListBoxItem className="listbox-item" id={item.id} textValue={item.name}>
                    {item.name}
                  </ListBoxItem>
                )}
              </ListBox>
            </Popover>
          </ComboBox>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
