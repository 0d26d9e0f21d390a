import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import { RISK_LEVELS, type RiskLevel } from '../../../../shared/risk';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { DateTimeField } from '../../ui/DateFields';
import { useNotify } from '../../ui/Notifications';
import { asRiskLevel, formatVnTime, riskName } from './risk-map';
import { strings } from './strings';

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
  const { t: common, lang } = useI18n();
  const t = useStrings(strings);
  const notify = useNotify();
  const { units } = props;
  const single = units.length === 1 ? units[0] : undefined;
  const [level, setLevel] = useState<RiskLevel | null>(props.initialLevel);
  // "Now" as of opening the dialog: render stays pure, and a time typed a minute ahead counts as now.
  const [openedAt] = useState(() => Date.now());
  const [initialFrom] = useState(() => new Date(openedAt).toISOString());
  const [from, setFrom] = useState<string | null>(initialFrom);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const infoQuery = useApiQuery('risk.unit', { code: single?.code ?? '' }, { enabled: !!single });
  const info = infoQuery.data ?? null;
  const setMutation = useApiMutation('risk.set', {
    onSuccess: (r, input) => {
      const name = riskName(lang, asRiskLevel(input.level));
      if (scheduled) notify.success(t('levelScheduled', { level: name, at: formatVnTime(r.effectiveFrom) }));
      else
        notify.success(
          t('levelSet', { level: name }),
          single ? single.name : t(r.count === 1 ? 'levelSetCountOne' : 'levelSetCount', { n: r.count }),
        );
      props.onDone();
    },
    onError: (err) => notify.error(err),
  });
  const saving = setMutation.isPending;

  const scheduled = from !== null && Date.parse(from) > openedAt + 60_000;
  const reasonMissing = reason.trim() === '';

  const save = (): void => {
    setTried(true);
    if (level === null || reasonMissing || !from || saving) return;
    setMutation.mutate({
      codes: units.map((u) => u.code),
      level,
      reason: reason.trim(),
      // Left as opened: "now" by the engine's clock, so it can never sort before an earlier
      // change made in the same minute (the field only shows minutes).
      ...(from === initialFrom ? {} : { effectiveFrom: from }),
    });
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
          save();
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
                <Text size="xs">
                  {t('noSuggestion', { why: info?.suggestionMissing?.[lang] ?? common('loading') })}
                </Text>
              )}
            </Alert>
          )}
          <Group align="flex-end" gap="sm">
            <DateTimeField
              label={t('effectiveFrom')}
              value={from}
              onChange={setFrom}
              required
              error={from ? null : t('effectiveInvalid')}
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
            label={common('reasonLabel')}
            placeholder={common('reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            // Checked here, not by the browser: its bubble would not say why in our words.
            withAsterisk
            autosize
            minRows={2}
            error={tried && reasonMissing ? common('reasonRequired') : undefined}
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
              {common('cancel')}
            </Button>
            <Button type="submit" loading={saving} data-testid="set-level-save">
              {common('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
