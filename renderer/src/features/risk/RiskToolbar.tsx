import { Badge, Button, Group, Paper, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import type { RiskLevel } from '../../../../shared/risk';
import { useApiMutation } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { useNotify } from '../../ui/Notifications';
import { asRiskLevel, riskName } from './risk-map';
import { SetLevelModal } from './SetLevelModal';
import { strings } from './strings';
import { useMay } from '../auth/me';

/** True when a key event is meant for a text field or a dialog, not the map's shortcuts. */
export function keyIsForSomethingElse(e: KeyboardEvent): boolean {
  const target = e.target as HTMLElement | null;
  if (!target) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
    // The slider thumb and the tree are not text fields; real inputs keep their keys.
    return true;
  }
  // A data grid (the figures' entry grid) takes digits and Ctrl+Z for its own cells.
  return !!target.closest('[role="dialog"], [role="menu"], [role="listbox"], [role="grid"], [role="treegrid"]');
}

export interface RiskToolbarProps {
  /** Every selected unit that can carry a level (communes, hamlets, a district). */
  readonly selected: readonly UnitSummary[];
  /** Viewing a day other than now: setting a level is disabled, with the reason shown. */
  readonly viewingOtherDay: boolean;
  readonly unitName: (code: string) => string;
  readonly onClear: () => void;
  /** Filled with the dialog opener, for the detail panel's "Set level…" button. */
  readonly openRef?: React.RefObject<((level: RiskLevel | null) => void) | null>;
}

/**
 * "N selected · Set level… · Undo", the set-level dialog, and their keys: 0–4 open the dialog
 * preset to that level for the selection, Ctrl+Z undoes the last level change. Levels are set for
 * now only: while the map shows another day the button is disabled and says why, and the keys
 * give the same advice as a warning.
 */
export function RiskToolbar(props: RiskToolbarProps): React.JSX.Element {
  const { lang } = useI18n();
  const t = useStrings(strings);
  const mayWrite = useMay('write');
  const notify = useNotify();
  const [dialog, setDialog] = useState<{ level: RiskLevel | null } | null>(null);
  const { selected, viewingOtherDay, unitName, openRef } = props;
  const undoMutation = useApiMutation('risk.undo', {
    onSuccess: (r) => {
      const names = r.codes.slice(0, 5).map(unitName).join(', ') + (r.codes.length > 5 ? ', …' : '');
      notify.success(t('undoneNote'), t('undoWhat', { level: riskName(lang, asRiskLevel(r.level)), names }));
    },
    onError: (err) => notify.error(err),
  });

  const open = (level: RiskLevel | null): void => {
    if (selected.length === 0) return;
    if (viewingOtherDay) {
      notify.warn(t('pastNoEdit'));
      return;
    }
    setDialog({ level });
  };
  const undo = (): void => {
    if (!undoMutation.isPending) undoMutation.mutate({});
  };

  // Latest values for the key listener, registered once.
  const keysRef = useLatest({ open, undo, dialogOpen: dialog !== null });
  useEffect(() => {
    if (!openRef) return undefined;
    openRef.current = (level) => keysRef.current.open(level);
    return () => {
      openRef.current = null;
    };
  }, [openRef, keysRef]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const k = keysRef.current;
      if (k.dialogOpen || keyIsForSomethingElse(e)) return;
      if (e.key.toLowerCase() === 'z' && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        k.undo();
      } else if (/^[0-4]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        k.open(Number(e.key) as RiskLevel);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keysRef]);

  return (
    <>
      <Paper className="saban-map-overlay saban-risk-toolbar" shadow="md" p={6} withBorder data-testid="risk-toolbar">
        <Group gap="xs" wrap="nowrap">
          {selected.length > 0 && (
            <>
              <Badge variant="light" data-testid="selected-count">
                {t('selectedCount', { n: selected.length })}
              </Badge>
              {mayWrite && (
                <Button
                  size="compact-sm"
                  onClick={() => open(null)}
                  disabled={viewingOtherDay}
                  title={viewingOtherDay ? t('pastNoEdit') : undefined}
                  data-testid="set-level-open"
                >
                  {t('setLevel')}
                </Button>
              )}
              <Button size="compact-sm" variant="subtle" onClick={props.onClear} data-testid="selection-clear">
                {t('clearSelection')}
              </Button>
            </>
          )}
          {mayWrite && (
            <Button
              size="compact-sm"
              variant="default"
              onClick={undo}
              loading={undoMutation.isPending}
              data-testid="risk-undo"
            >
              ↶ {t('undoLevel')}
            </Button>
          )}
        </Group>
        {selected.length > 0 && viewingOtherDay && (
          <Text size="xs" c="orange.9" mt={4} maw={320} data-testid="set-level-disabled-why">
            {t('pastNoEdit')}
          </Text>
        )}
      </Paper>
      {dialog && (
        <SetLevelModal
          units={selected}
          initialLevel={dialog.level}
          onClose={() => setDialog(null)}
          onDone={() => setDialog(null)}
        />
      )}
    </>
  );
}

/** A ref that always holds the latest value (for listeners registered once). */
function useLatest<T>(value: T): React.RefObject<T> {
  const [ref] = useState(() => ({ current: value }));
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}
