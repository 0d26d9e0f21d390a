/** `#/print/report?district=CODE&day=YYYY-MM-DD`: a district's 14:00 report (Decree 30 layout). */
import { formatDate } from '../../../../../shared/time';
import { useApiQuery } from '../../../data/query';
import { useStrings } from '../../../i18n/define';
import { usePrintError, usePrintReady } from '../../../print/ready';
import type { PrintPageProps } from '../../../print/registry';
import { strings } from '../strings';
import { AdminDocument, FiguresTable, Paragraphs, TeamsList } from './Document';

export default function ReportPage(props: PrintPageProps): React.JSX.Element | null {
  const t = useStrings(strings);
  const district = props.params['district'];
  const day = props.params['day'];
  const q = useApiQuery('report.get', { ...(district ? { district } : {}), ...(day ? { day } : {}) });
  usePrintError(q.error);
  usePrintReady(!!q.data);
  const r = q.data;
  if (!r) return null;
  return (
    <AdminDocument
      issuer={r.issuer.split('\n')}
      number={r.docNumber}
      symbol={r.docSymbol}
      place={r.place}
      day={r.day}
      title={t('docTitle')}
      subtitle={t('docSubtitle', { day: formatDate(r.day) })}
      recipients={r.recipients}
      signTitle={t('signTitle')}
      signer={r.approvedBy}
      {...(r.preparedBy ? { prepared: t('signPrepared', { name: r.preparedBy }) } : {})}
    >
      <h2>{t('partFigures')}</h2>
      <FiguresTable figures={r.figures} lang={props.lang} />
      <h2>{t('partTeams')}</h2>
      <TeamsList teams={r.teams} lang={props.lang} />
      <h2>{t('partField')}</h2>
      {r.fieldWork.length === 0 ? (
        <Paragraphs text="" />
      ) : (
        <ul className="nd30-list">
          {r.fieldWork.map((f, i) => (
            <li key={i}>{[f.person, f.place, f.note].filter((x) => x.trim() !== '').join(' — ')}</li>
          ))}
        </ul>
      )}
      <h2>{t('partDifficulties')}</h2>
      <Paragraphs text={r.difficulties} />
      <h2>{t('partProposals')}</h2>
      <Paragraphs text={r.proposals} />
    </AdminDocument>
  );
}
