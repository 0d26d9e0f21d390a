import { Alert, Badge, Button, Group, Modal, Stack, Text, TextInput, Textarea, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { UnitSummary } from '../../../shared/contract';
import type { Output } from '../../../shared/contract';
import { RISK_LEVELS, type RiskLevel } from '../../../shared/risk';
import { invoke } from '../api';
import { useCall } from '../data/query';
import { useI18n } from '../i18n';
import { asRiskLevel, formatVnTime, fromVnLocalInput, riskName, toVnLocalInput } from '../risk-map';
import { useNotify } from './Notifications';

const CHOICES: readonly RiskLevel[] = [1, 2, 3, 4, 0];

export interface SetLevelModalProps {
  /** The units to set (at least one). */
  readonly units: readonly UnitSummary[];
  /** Preset level (keys 0–4), or null for none chosen yet. */
  readonly initialLevel: RiskLevel | null;
  readonly onClose: () => void;
  readonly onDone: () => void;
}

/**
 * Sets one level for the selected units, with an effective time (Vietnam time; a future time is
 * scheduled) and a required reason. For a single unit it shows the Decision 4800 suggestion with
 * its explanation, which the operator may accept or override.
 */
export function SetLevelModal(props: SetLevelModalProps): React.JSX.Element {
  const { t, lang } = useI18n();
  const notify = useNotify();
  // Through the query layer, so what the write makes stale (warnings, coverage) refreshes.
  const call = useCall();
  const { units } = props;
  const single = units.length === 1 ? units[0] : undefined;
  const [level, setLevel] = useState<RiskLevel | null>(props.initialLevel);
  // "Now" as of opening the dialog: render stays pure, and a time typed a minute ahead counts as now.
  const [openedAt] = useState(() => Date.now());
  const [initialFrom] = useState(() => toVnLocalInput(openedAt));
  const [from, setFrom] = useState(initialFrom);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [info, setInfo] = useState<Output<'risk.unit'> | null>(null);

  useEffect(() => {
    if (!single) return undefined;
    let stale = false;
    invoke('risk.unit', { code: single.code })
      .then((r) => {
        if (!stale) setInfo(r);
      })
      .catch((err: unknown) => {
        if (!stale) notify.error(err);
      });
    return () => {
      stale = true;
    };
  }, [single, notify]);

  const fromIso = fromVnLocalInput(from);
  const scheduled = fromIso !== null && Date.parse(fromIso) > openedAt + 60_000;
  const reasonMissing = reason.trim() === '';

  const save = async (): Promise<void> => {
    setTried(true);
    if (level === null || reasonMissing || !fromIso || saving) return;
    setSaving(true);
    try {
      const r = await call('risk.set', {
        codes: units.map((u) => u.code),
        level,
        reason: reason.trim(),
        // Left as opened: "now" by the engine's clock, so it can never sort before an earlier
        // change made in the same minute (the field only shows minutes).
        ...(from === initialFrom ? {} : { effectiveFrom: fromIso }),
      });
      const name = riskName(lang, level);
      if (scheduled) notify.success(t('levelScheduled', { level: name, at: formatVnTime(r.effectiveFrom) }));
      else notify.success(t('levelSet', { level: name }), single ? single.name : t('levelSetCount', { n: r.count }));
      props.onDone();
    } catch (err) {
      notify.error(err);
    } finally {
      setSaving(false);
    }
  };

  const suggestion = info?.suggestion ?? null;
  const current = info?.current ? asRiskLevel(info.current.level) : null;

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={single ? t('setLevelTitleOne', { name: single.name }) : t('setLevelTitle', { n: units.length })}
      data-testid="set-level-modal"
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          {!single && (
            <Text size="sm" c="dimmed" data-testid="set-level-units" lineClamp={3}>
              {units.map((u) => u.name).join(', ')}
            </Text>
          )}
          {single && current !== null && (
            <Text size="sm" data-testid="set-level-current">
              {riskName(lang, current)}
            </Text>
          )}
          <div>
            <Text size="sm" fw={500} mb={4} id="set-level-choice">
              {t('chooseLevel')}
            </Text>
            <div className="saban-level-choices" role="radiogroup" aria-labelledby="set-level-choice">
              {CHOICES.map((l) => (
                <UnstyledButton
                  key={l}
                  role="radio"
                  aria-checked={level === l}
                  className={`saban-level-choice${level === l ? ' is-on' : ''}`}
                  onClick={() => setLevel(l)}
                  data-testid={`set-level-${l}`}
                >
                  <span className="saban-swatch" style={{ background: RISK_LEVELS[l].colour }} />
                  <span>{riskName(lang, l)}</span>
                </UnstyledButton>
              ))}
            </div>
          </div>
          {single && (
            <Alert color="blue" variant="light" p="xs" data-testid="set-level-suggestion">
              {suggestion ? (
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <Text size="sm" fw={600}>
                      {t('suggestion')}: {riskName(lang, asRiskLevel(suggestion.level))}
                    </Text>
                    <Text size="xs" data-testid="set-level-explanation">
                      {suggestion.steps.map((s) => s[lang]).join('; ')}
                    </Text>
                  </div>
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={() => {
                      setLevel(asRiskLevel(suggestion.level));
                      if (!reason.trim()) setReason(suggestion.steps.map((s) => s[lang]).join('; '));
                    }}
                    data-testid="set-level-accept"
                  >
                    {t('acceptSuggestion')}
                  </Button>
                </Group>
              ) : (
                <Text size="xs">{t('noSuggestion', { why: info?.suggestionMissing?.[lang] ?? t('loading') })}</Text>
              )}
            </Alert>
          )}
          <Group align="flex-end" gap="sm">
            <TextInput
              type="datetime-local"
              label={t('effectiveFrom')}
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              error={fromIso ? undefined : t('effectiveInvalid')}
              data-testid="set-level-from"
            />
            {scheduled && (
              <Badge color="violet" variant="light" mb={6} data-testid="set-level-scheduled">
                {t('scheduled')}
              </Badge>
            )}
          </Group>
          {scheduled && (
            <Text size="xs" c="dimmed">
              {t('scheduledHelp')}
            </Text>
          )}
          <Textarea
            label={t('reasonLabel')}
            placeholder={t('reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            // Checked here, not by the browser: its bubble would not say why in our words.
            withAsterisk
            autosize
            minRows={2}
            error={tried && reasonMissing ? t('reasonRequired') : undefined}
            data-testid="set-level-reason"
            data-autofocus
          />
          {tried && level === null && (
            <Text size="sm" c="red">
              {t('chooseLevel')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={saving} data-testid="set-level-save">
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
