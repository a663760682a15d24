import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { npmStartCommand, parseStartScript } from './processes.js';

describe('the server command of npm start', () => {
  it('is the last step that runs node, with its flags, script and arguments', () => {
    expect(parseStartScript('npm run build && node --max-old-space-size=512 dist/src/cli-main.js serve --seed-if-empty')).toEqual({
      env: {},
      nodeFlags: ['--max-old-space-size=512'],
      script: 'dist/src/cli-main.js',
      args: ['serve', '--seed-if-empty'],
    });
    expect(parseStartScript('NODE_ENV=production UV_THREADPOOL_SIZE=2 node dist/src/cli-main.js serve')).toEqual({
      env: { NODE_ENV: 'production', UV_THREADPOOL_SIZE: '2' },
      nodeFlags: [],
      script: 'dist/src/cli-main.js',
      args: ['serve'],
    });
  });

  it('refuses a script it cannot read rather than run something else', () => {
    expect(() => parseStartScript('npm run build')).toThrow(/cannot read/);
    expect(() => parseStartScript('node --flag')).toThrow(/no script/);
    expect(() => parseStartScript('node "$APP" serve')).toThrow(/cannot read/);
    expect(() => parseStartScript('env -i node x.js')).toThrow(/before node/);
  });

  it("reads package.json's start script: the compiled server's serve command", () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const start = npmStartCommand(root);
    // The bundle of src/cli-main.ts (package.json `bundle`): one file per lazily loaded part, not ~1,900 modules.
    expect(start.script).toBe('dist/bundle/cli-main.js');
    expect(start.args[0]).toBe('serve');
    expect(fs.existsSync(path.join(root, 'src', 'cli-main.ts'))).toBe(true);
  });
});
