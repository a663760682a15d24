import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './processes.js';

describe('the bench starts the server as npm start does', () => {
  it("gives node the start script's flags", () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
    const flags = /\bnode ((?:--\S+ )*)dist\/src\/cli-main\.js serve\b/.exec(pkg.scripts.start)?.[1]?.trim().split(' ');
    expect(flags).toEqual(SERVER_NODE_FLAGS);
  });
});
