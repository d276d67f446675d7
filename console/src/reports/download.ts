import { gql } from '../api/http';
import { REPORT_EXPORT } from '../api/queries';
import type { ReportFile } from '../api/types';

export type ExportFormat = 'XLSX' | 'CSV';

/** Fetches a report version as a file and hands it to the browser as a download. */
export async function downloadReport(token: string, month: string, version: number, format: ExportFormat): Promise<string> {
  const data = await gql<{ monthlyReport: { version: number; export: ReportFile } | null }>(token, REPORT_EXPORT, { month, version, format });
  const file = data.monthlyReport?.export;
  if (!file) throw new Error(`No report for ${month} v${version}`);
  const name = file.fileName || `monthly-report-${month}-v${version}.${format.toLowerCase()}`;
  const binary = atob(file.contentBase64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mediaType || 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // the click starts the download asynchronously: revoke the URL only afterwards
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}
