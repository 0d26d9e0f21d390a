/**
 * Outbreak clusters (ổ dịch) and temporary lockdowns (phong tỏa tạm thời): statuses, labels and the
 * pure rules (the 28-day suggestion, a lockdown's state at an instant). Pure: no I/O.
 */
import { addDays, daysBetween, DAY_MS, formatDate, toMs } from './time';

/** A cluster's status: active (cases still coming), watching (no new case, under watch), closed. */
export const CLUSTER_STATUSES = ['active', 'watching', 'closed'] as const;
/** See {@link CLUSTER_STATUSES}. */
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** A lockdown's stored status: in place until its end, or ended by hand (early). */
export const LOCKDOWN_STATUSES = ['active', 'ended'] as const;
/** See {@link LOCKDOWN_STATUSES}. */
export type LockdownStatus = (typeof LOCKDOWN_STATUSES)[number];

/**
 * What a lockdown is at an instant: not begun, in force, past its end without being ended by hand
 * (lapsed), or ended.
 */
export const LOCKDOWN_STATES = ['upcoming', 'in_force', 'lapsed', 'ended'] as const;
/** See {@link LOCKDOWN_STATES}. */
export type LockdownState = (typeof LOCKDOWN_STATES)[number];

/** What one entry of a lockdown's history records. */
export const LOCKDOWN_CHANGE_KINDS = ['created', 'extended', 'shortened', 'ended', 'edited'] as const;
/** See {@link LOCKDOWN_CHANGE_KINDS}. */
export type LockdownChangeKind = (typeof LOCKDOWN_CHANGE_KINDS)[number];

/** A label in both languages. */
export interface Label {
  readonly vi: string;
  readonly en: string;
}

/** Cluster status labels. */
export const CLUSTER_STATUS_LABELS: Readonly<Record<ClusterStatus, Label>> = {
  active: { vi: 'Đang hoạt động', en: 'Active' },
  watching: { vi: 'Đang theo dõi', en: 'Watching' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
};

/** Lockdown state labels. */
export const LOCKDOWN_STATE_LABELS: Readonly<Record<LockdownState, Label>> = {
  upcoming: { vi: 'Sắp phong tỏa', en: 'Upcoming' },
  in_force: { vi: 'Đang phong tỏa', en: 'In force' },
  lapsed: { vi: 'Đã hết hạn', en: 'Lapsed' },
  ended: { vi: 'Đã gỡ phong tỏa', en: 'Ended' },
};

/** Lockdown history entry labels. */
export const LOCKDOWN_CHANGE_LABELS: Readonly<Record<LockdownChangeKind, Label>> = {
  created: { vi: 'Bắt đầu phong tỏa', en: 'Created' },
  extended: { vi: 'Gia hạn', en: 'Extended' },
  shortened: { vi: 'Rút ngắn', en: 'Shortened' },
  ended: { vi: 'Gỡ phong tỏa', en: 'Ended' },
  edited: { vi: 'Sửa thông tin', en: 'Edited' },
};

/** Days with no new case after which a cluster may be declared over (Decision 07/2020/QĐ-TTg). */
export const DEFAULT_CLOSE_AFTER_DAYS = 28;
/** How long before its end a lockdown is announced as ending (milliseconds). */
export const REMIND_BEFORE_MS = DAY_MS;

/** The 28-day rule for one cluster: a suggestion, never applied by itself. */
export interface CloseSuggestion {
  /** The last day with a linked case (the opening day when none was linked yet). */
  readonly lastCaseDay: string;
  /** Whole days from that day to today. */
  readonly daysSinceLastCase: number;
  /** The first day the cluster may be declared over. */
  readonly canCloseFrom: string;
  /** True when today is on or after {@link canCloseFrom} and the cluster is not closed. */
  readonly suggestClose: boolean;
}

/**
 * The 28-day rule: a cluster may be declared over `closeAfterDays` days after its last case
 * (counted from the opening day while no case is linked). Closing stays the operator's decision.
 */
export function closeSuggestion(input: {
  readonly openedOn: string;
  readonly lastCaseDay: string | null;
  readonly status: ClusterStatus;
  readonly today: string;
  readonly closeAfterDays?: number;
}): CloseSuggestion {
  const last = input.lastCaseDay ?? input.openedOn;
  const canCloseFrom = addDays(last, input.closeAfterDays ?? DEFAULT_CLOSE_AFTER_DAYS);
  return {
    lastCaseDay: last,
    daysSinceLastCase: Math.max(0, daysBetween(last, input.today)),
    canCloseFrom,
    suggestClose: input.status !== 'closed' && input.today >= canCloseFrom,
  };
}

/** The suggestion as an operator reads it: "có thể kết thúc từ dd/mm/yyyy". */
export function closeSuggestionText(s: CloseSuggestion): Label {
  const d = formatDate(s.canCloseFrom);
  return s.suggestClose
    ? {
        vi: `Đủ ${s.daysSinceLastCase} ngày không có ca mới: có thể kết thúc từ ${d}`,
        en: `${s.daysSinceLastCase} days without a new case: may be closed from ${d}`,
      }
    : {
        vi: `${s.daysSinceLastCase} ngày từ ca cuối; có thể kết thúc từ ${d}`,
        en: `${s.daysSinceLastCase} days since the last case; may be closed from ${d}`,
      };
}

/** A lockdown's state at `now` (instants as ISO strings or ms). */
export function lockdownState(
  l: { readonly status: LockdownStatus; readonly startsAt: string; readonly endsAt: string },
  now: number,
): LockdownState {
  if (l.status === 'ended') return 'ended';
  if (now < toMs(l.startsAt)) return 'upcoming';
  if (now >= toMs(l.endsAt)) return 'lapsed';
  return 'in_force';
}

/** True when a lockdown still in place ends within {@link REMIND_BEFORE_MS} of `now`. */
export function endsSoon(
  l: { readonly status: LockdownStatus; readonly startsAt: string; readonly endsAt: string },
  now: number,
): boolean {
  const state = lockdownState(l, now);
  return (state === 'in_force' || state === 'upcoming') && toMs(l.endsAt) - now <= REMIND_BEFORE_MS;
}
