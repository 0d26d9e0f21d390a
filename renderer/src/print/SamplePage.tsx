/** `#/print/sample`: both bundled fonts with Vietnamese text, on A4 portrait. */
import { usePrintReady } from './ready';
import type { PrintPageProps } from './registry';

export default function SamplePage(props: PrintPageProps): React.JSX.Element {
  usePrintReady(true);
  return (
    <div>
      <h1>{props.lang === 'en' ? 'Sample print page' : 'Trang in thử'}</h1>
      <p>Huyện Tập Huấn — Xã Đông Hải, ấp Phước Thạnh: cấp độ dịch, người phụ trách, số điện thoại.</p>
      <p className="print-serif">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc</p>
      <p>{props.params['note'] ?? ''}</p>
    </div>
  );
}
