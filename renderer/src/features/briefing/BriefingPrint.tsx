/**
 * `#/print/briefing?date=YYYY-MM-DD&within=CODE&size=A4|A3&lang=vi|en`: the map briefing for
 * print. Page 1 the map on a landscape sheet (A4 or A3), then the sections on A4 portrait.
 * `within=all` (or none): the whole country.
 */
import './briefing.css';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { vnToday } from '../../../../shared/time';
import { usePrintError, usePrintReady } from '../../print/ready';
import type { PrintPageProps } from '../../print/registry';
import { loadBriefing, type BriefingParams } from './briefing-data';
import { incidentRows } from './briefing-model';
import { AllSections } from './BriefingSections';
import { MapSheet } from './MapSheet';

// The bundled font's files (both weights, the latin and Vietnamese subsets) are fetched while the
// data loads, rather than once the text is laid out.
for (const weight of [400, 700]) void document.fonts.load(`${weight} 10pt "Noto Sans"`, 'Aạ').catch(() => undefined);

/** The briefing's parameters from the print route's. */
export function briefingParams(params: Readonly<Record<string, string>>): BriefingParams {
  const within = params['within'];
  return { date: params['date'] ?? vnToday(), within: within && within !== 'all' ? within : null };
}

export default function BriefingPrint(props: PrintPageProps): React.JSX.Element | null {
  const p = useMemo(() => briefingParams(props.params), [props.params]);
  const q = useQuery({ queryKey: ['briefing', p], queryFn: () => loadBriefing(p), retry: false });
  usePrintError(q.error);
  const [mapReady, setMapReady] = useState(false);
  const onMapReady = useCallback(() => setMapReady(true), []);
  usePrintReady(!!q.data && mapReady);
  const incidents = useMemo(() => (q.data ? incidentRows(q.data, props.lang) : []), [q.data, props.lang]);
  if (!q.data) return null;
  const a3 = props.size === 'A3';
  return (
    <div className={`briefing-print ${a3 ? 'briefing-a3' : 'briefing-a4'}`}>
      <MapSheet
        data={q.data}
        lang={props.lang}
        incidents={incidents}
        className={a3 ? 'print-sheet-map-a3' : 'print-sheet-map-a4'}
        mapClassName={a3 ? 'briefing-map-a3' : 'briefing-map-a4'}
        onMapReady={onMapReady}
      />
      <div className="print-break-before">
        <AllSections data={q.data} lang={props.lang} incidents={incidents} chartWidth={420} chartHeight={80} />
      </div>
    </div>
  );
}
