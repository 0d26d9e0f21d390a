/**
 * Page 1 of the briefing (and the first slide): title, the date and time the data stands at, the
 * map, and beside it the legend with counts (the dashed "changed" outline explained), the marks,
 * and the district's roll-up.
 */
import type { Lang } from '../../../../shared/messages';
import { RISK_LEVELS } from '../../../../shared/risk';
import { formatDateTime } from '../../../../shared/time';
import { useStrings } from '../../i18n/define';
import { CHANGED_OUTLINE, asRiskLevel } from '../risk/risk-map';
import type { BriefingData } from './briefing-data';
import { legendRows, type IncidentRow } from './briefing-model';
import { BriefingMap, INCIDENT_COLOUR, POST_COLOUR } from './BriefingMap';
import { strings } from './strings';

export interface MapSheetProps {
  readonly data: BriefingData;
  readonly lang: Lang;
  readonly incidents: readonly IncidentRow[];
  readonly className: string;
  readonly mapClassName: string;
  readonly onMapReady?: () => void;
}

/** The briefing's title: the unit's name, or the whole country. */
export function useBriefingTitle(data: BriefingData | undefined): string {
  const t = useStrings(strings);
  if (!data) return t('title');
  return t('titleOf', { name: data.unit?.name ?? t('country') });
}

export function MapSheet(props: MapSheetProps): React.JSX.Element {
  const t = useStrings(strings);
  const { data, lang } = props;
  const title = useBriefingTitle(data);
  const legend = legendRows(data, lang);
  const mapped = legend.reduce((s, r) => s + r.count, 0);
  return (
    <section className={`briefing-map-sheet ${props.className}`} data-testid="briefing-map-sheet">
      <header className="briefing-head">
        <h1>{title}</h1>
        <p className="briefing-stands-at">{t('standsAt', { at: formatDateTime(data.at) })}</p>
      </header>
      <div className="briefing-map-body">
        <BriefingMap
          data={data}
          incidents={props.incidents}
          className={props.mapClassName}
          northLabel={t('north')}
          {...(props.onMapReady ? { onReady: props.onMapReady } : {})}
        />
        <aside className="briefing-side">
          <h2>{t('legendTitle')}</h2>
          <table className="briefing-legend" data-testid="briefing-legend">
            <tbody>
              {legend.map((r) => (
                <tr key={r.level}>
                  <td>
                    <span className="briefing-swatch briefing-swatch-lg" style={{ background: r.colour }} />
                  </td>
                  <td>{r.label}</td>
                  <td className="print-num">{r.count}</td>
                </tr>
              ))}
              <tr className="briefing-legend-total">
                <td />
                <td>{t('legendUnits', { n: mapped })}</td>
                <td />
              </tr>
            </tbody>
          </table>
          <div className="briefing-mark">
            <svg width="26" height="16" aria-hidden="true">
              <rect
                x="2"
                y="2"
                width="22"
                height="12"
                fill="#fff"
                stroke={CHANGED_OUTLINE}
                strokeWidth="2.2"
                strokeDasharray="5 2.5"
              />
            </svg>
            <span>{t('changedOutline')}</span>
          </div>
          <div className="briefing-mark">
            <svg width="26" height="16" aria-hidden="true">
              <circle cx="13" cy="8" r="4" fill={POST_COLOUR} stroke="#fff" />
            </svg>
            <span>{t('postMark')}</span>
          </div>
          <div className="briefing-mark">
            <svg width="26" height="16" aria-hidden="true">
              <circle cx="13" cy="8" r="7" fill={INCIDENT_COLOUR} />
              <text x="13" y="11" textAnchor="middle" fontSize="9" fill="#fff" fontWeight="700">
                1
              </text>
            </svg>
            <span>{t('incidentMark')}</span>
          </div>
          {data.unit?.level === 'district' && (
            <div className="briefing-rollup" data-testid="briefing-rollup">
              {data.rollup ? (
                <>
                  <div>
                    <span
                      className="briefing-swatch briefing-swatch-lg"
                      style={{ background: RISK_LEVELS[asRiskLevel(data.rollup.level)].colour }}
                    />
                    <strong>{t('rollup', { level: RISK_LEVELS[asRiskLevel(data.rollup.level)][lang] })}</strong>
                  </div>
                  <div className="print-muted">{data.rollup.step[lang]}</div>
                </>
              ) : (
                <span className="print-muted">{t('rollupNone')}</span>
              )}
            </div>
          )}
        </aside>
      </div>
    </section>
  );
}
