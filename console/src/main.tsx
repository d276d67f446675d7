import { createRoot } from 'react-dom/client';
import { validateStageReport } from '../../subgraphs/statuses/stage-report.validation';

function App() {
  let message = 'ok';
  try {
    validateStageReport({ providerBin: '123', applicationNumber: 'x', stage: 1, occurredAt: '2024-01-01T10:00:00+06:00', messageId: 'm', signature: '' } as never, new Date());
  } catch (e) {
    message = String((e as { extensions?: { code?: string } }).extensions?.code);
  }
  return <p>{message}</p>;
}
createRoot(document.getElementById('root')!).render(<App />);
