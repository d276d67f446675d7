import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../harness/messages';
import { RESTART_POLICY, restartDelayMs, Supervisor } from './supervisor';

describe('the delay before a service that exited is started again', () => {
  it('starts at half a second and doubles with each exit in a row, up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => restartDelayMs(n))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(RESTART_POLICY).toEqual({ initialMs: 500, maxMs: 30_000, stableMs: 60_000 });
  });

  it('stays a finite number for any count of exits', () => {
    expect(restartDelayMs(10_000)).toBe(30_000);
    expect(restartDelayMs(0)).toBe(500);
  });
});

describe('a service stopped on purpose (an outage a benchmark or a fault test makes)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-supervisor-'));
  const script = path.join(dir, 'service.js');
  // a service that answers 200 on its port until SIGTERM
  writeFileSync(script, "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1'); process.on('SIGTERM', () => process.exit(0));");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is not restarted, and starts again on its port when told, with a new process id', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const supervisor = new Supervisor({ ...process.env, PORT: String(port) }, (line) => lines.push(line), { initialMs: 10, maxMs: 10, stableMs: 60_000 });
    const spec = { name: 'service', script, readyUrl: `http://127.0.0.1:${port}/` };
    try {
      await supervisor.start(spec);
      const first = supervisor.pidOf('service');
      expect(first).toEqual(expect.any(Number));

      await supervisor.stop('service');
      expect(supervisor.pidOf('service')).toBeUndefined();
      // a restart would have been due after 10 ms; none came (the port refuses)
      await new Promise((r) => setTimeout(r, 300));
      await expect(fetch(spec.readyUrl)).rejects.toThrow();
      expect(lines.filter((l) => l.includes('exited unexpectedly'))).toEqual([]);

      await supervisor.start(spec);
      expect(supervisor.pidOf('service')).toEqual(expect.any(Number));
      expect(supervisor.pidOf('service')).not.toBe(first);
      expect(await (await fetch(spec.readyUrl)).text()).toBe('ok');
    } finally {
      await supervisor.stopAll(['service']);
    }
  });
});
