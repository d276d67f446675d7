import path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The import boundaries of the modular monolith (README, "Architecture") are enforced by lint
 * (eslint.config.mjs). These cases lint a snippet as if it were a file at the given place in the tree.
 */
const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it("refuses a subgraph importing another subgraph's internals", async () => {
    const errors = await boundaryErrors('subgraphs/applications/probe.ts', "import { appendStage } from '../statuses/stage.service';\nexport const probe = appendStage;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/another subgraph's internals/);
  });

  it("lets a subgraph import another subgraph's public API module", async () => {
    const errors = await boundaryErrors('subgraphs/applications/probe.ts', "import * as statuses from '../statuses/api';\nexport const probe = statuses;\n");
    expect(errors).toEqual([]);
  });

  it('lets a subgraph import its own files and the platform', async () => {
    const errors = await boundaryErrors('subgraphs/applications/probe.ts', "import * as own from './server';\nimport * as config from '../../platform/config';\nexport const probe = [own, config];\n");
    expect(errors).toEqual([]);
  });

  it('refuses the platform importing a subgraph', async () => {
    const errors = await boundaryErrors('platform/probe.ts', "import * as statuses from '../subgraphs/statuses/api';\nexport const probe = statuses;\n");
    expect(errors).toHaveLength(1);
  });

  it('refuses a pure library importing the platform, a subgraph or the gateway', async () => {
    const code = [
      "import * as config from '../../platform/config';",
      "import * as statuses from '../../subgraphs/statuses/api';",
      "import * as gateway from '../../gateway/server';",
      'export const probe = [config, statuses, gateway];',
      '',
    ].join('\n');
    const errors = await boundaryErrors('lib/ecp/probe.ts', code);
    expect(errors).toHaveLength(3);
  });

  it("refuses the gateway importing a subgraph's internals", async () => {
    const errors = await boundaryErrors('gateway/probe.ts', "import * as verifier from '../subgraphs/signatures/signature-verifier';\nexport const probe = verifier;\n");
    expect(errors).toHaveLength(1);
  });
});
