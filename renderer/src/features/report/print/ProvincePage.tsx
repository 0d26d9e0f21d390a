/**
 * `#/print/report-province?province=CODE&day=YYYY-MM-DD`: the consolidated report of a province's
 * districts (summed figures, a table per district, their difficulties and proposals).
 */
import { formatDate } from '../../../../../shared/time';
import { useApiQuery } from '../../../data/query';
import { useStrings } from '../../../i18n/define';
import { usePrintError, usePrintReady } from '../../../print/ready';
import type { PrintPageProps } from '../../../print/registry';
import { strings } from '../strings';
import { AdminDocument, FiguresTable, Paragraphs, TeamsList } from './Document';

/** The province's name without its type, for the place-date line ("Tỉnh Bạc Liêu" → "Bạc Liêu"). */
const placeOf = (name: string) => name.replace(/^(Tỉnh|Thành phố)\s+/, '');

export default function ProvincePage(props: PrintPageProps): React.JSX.Element | null {
  const t = useStrings(strings);
  const province = props.params['province'];
  const day = props.params['day'];
  const q = useApiQuery('report.consolidated', { ...(province ? { province } : {}), ...(day ? { day } : {}) });
  usePrintError(q.error);
  usePrintReady(!!q.data);
  const c = q.data;
  if (!c) return null;
  return (
    <AdminDocument
      issuer={[t('provinceIssuer', { province: placeOf(c.provinceName).toLocaleUpperCase('vi') })]}
      number=""
      symbol="BC-BDVTU"
      place={placeOf(c.provinceName)}
      day={c.day}
      title={t('docTitle')}
      subtitle={t('consolidatedSubtitle', { day: formatDate(c.day) })}
      recipients={['Thường trực Tỉnh ủy', 'Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh', 'Lưu: VT']}
      signTitle="TM. BAN DÂN VẬN"
      signer=""
    >
      <p className="nd30-p">
        {c.missing.length === 0
          ? t('allReported')
          : t('notReported', { list: c.missing.map((m) => m.name).join(', ') })}
      </p>
      <h2>{t('partFigures')}</h2>
      <FiguresTable figures={c.figures} lang={props.lang} />
      <h2>{t('partTeams')}</h2>
      <TeamsList teams={c.teams} lang={props.lang} />
      <h2>{t('partDistricts')}</h2>
      {c.reports.map((r) => (
        <div key={r.district}>
          <h3>{r.districtName}</h3>
          <FiguresTable figures={r.figures} lang={props.lang} />
          <TeamsList teams={r.teams} lang={props.lang} />
        </div>
      ))}
      <h2>{t('partDistrictNotes')}</h2>
      {c.reports.map((r) => (
        <div key={r.district}>
          <h3>{r.districtName}</h3>
          <Paragraphs text={[r.difficulties, r.proposals].filter((x) => x.trim() !== '').join('\n')} />
        </div>
      ))}
    </AdminDocument>
  );
}
