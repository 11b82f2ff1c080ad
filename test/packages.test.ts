/**
 * The published packages, as a stranger gets them: packed from this repository, installed from
 * their tarballs into an empty project outside it, and used there — the conformance command
 * against a running server, the three packages' types under `tsc --strict` (nodenext and
 * bundler resolution), the widget imported in Node (server-side rendering) and bundled by Vite
 * with Lit once. publint and arethetypeswrong check each tarball's package.json and exports.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { referenceConfig, startReferenceServer, type RunningServer } from '../conformance/test/helpers/reference-server.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'node_modules/.bin');
const PACKAGES = ['protocol', 'widget', 'conformance'];

const exec = promisify(execFile);
const run = (command: string, args: string[], cwd: string) => exec(command, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });

describe('the packages, installed from their tarballs outside the repository', { timeout: 10 * 60_000 }, () => {
  let work: string;
  let tarballs: string[];
  let project: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'salon-chat-packages-'));
    const packed = path.join(work, 'tarballs');
    mkdirSync(packed);
    // `npm pack` builds each package first (its `prepack`), as `npm publish` does
    await run('npm', ['pack', ...PACKAGES.flatMap((p) => ['-w', p]), '--pack-destination', packed], ROOT);
    tarballs = readdirSync(packed).map((name) => path.join(packed, name));
    project = path.join(work, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'a-salon-site', private: true, type: 'module' }));
    // the packages from their tarballs; their dependencies (zod, ws, lit) from npm's cache where it has them
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], project);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('packs the three packages, each with its licence and without the build state', async () => {
    assert.deepEqual(tarballs.map((t) => path.basename(t)).sort(), ['salon-chat-conformance-0.1.0.tgz', 'salon-chat-protocol-0.1.0.tgz', 'salon-chat-widget-0.1.0.tgz']);
    for (const tarball of tarballs) {
      const { stdout } = await run('tar', ['-tzf', tarball], work);
      const files = stdout.split('\n');
      assert.ok(files.includes('package/LICENSE'), `${tarball} has no LICENSE`);
      assert.ok(!files.some((f) => f.endsWith('.tsbuildinfo')), `${tarball} ships a .tsbuildinfo`);
    }
  });

  it('passes publint and arethetypeswrong', async () => {
    for (const tarball of tarballs) {
      await run(path.join(BIN, 'publint'), ['run', tarball, '--strict'], work);
      await run(path.join(BIN, 'attw'), [tarball, '--profile', 'esm-only'], work);
    }
  });

  it('ships the protocol document that the conformance rules link to', async () => {
    const shipped = readFileSync(path.join(project, 'node_modules/salon-chat-conformance/docs/protocol.md'), 'utf8');
    assert.equal(shipped, readFileSync(path.join(ROOT, 'docs/protocol.md'), 'utf8'));
    const { stdout } = await run('npx', ['salon-chat-conformance', '--list'], project);
    assert.match(stdout, /— docs\/protocol\.md#authentication\n/);
  });

  it('certifies the reference server with `npx salon-chat-conformance`', async () => {
    const server: RunningServer = await startReferenceServer();
    try {
      writeFileSync(path.join(project, 'target.json'), JSON.stringify(referenceConfig(server.url)));
      const { stdout } = await run('npx', ['salon-chat-conformance', '--version'], project);
      assert.equal(stdout.trim(), '0.1.0');
      const { stdout: report } = await run('npx', ['salon-chat-conformance', '--config', 'target.json'], project);
      assert.match(report, /CONFORMANT/);
    } finally {
      await server.stop();
    }
  });

  it('typechecks a consumer of all three under tsc --strict, with nodenext and with bundler resolution', async () => {
    writeFileSync(
      path.join(project, 'consumer.ts'),
      `import { decodeClientFrame, type Message } from '@salon-chat/protocol';
import { CLOSE } from '@salon-chat/protocol/core';
import { SalonChat, type SalonChatEventDetails } from '@salon-chat/widget';
import { RULES, runConformance, type Report } from 'salon-chat-conformance';

const chat: SalonChat = document.createElement('salon-chat');
chat.addEventListener('salon-chat-message', (event) => {
  const detail: SalonChatEventDetails['salon-chat-message'] = event.detail;
  const message: Message = detail.message;
  console.log(message.id, decodeClientFrame('{}').ok, CLOSE);
});
export const certify = (baseUrl: string): Promise<Report> => runConformance({ baseUrl, staff: [{ token: 't' }], customers: [{ token: 'c' }] });
export const rules: number = RULES.length;
`,
    );
    for (const [module, resolution] of [
      ['nodenext', 'nodenext'],
      ['esnext', 'bundler'],
    ]) {
      await run(
        path.join(BIN, 'tsc'),
        ['--strict', '--noEmit', '--skipLibCheck', 'false', '--target', 'es2022', '--lib', 'es2023,dom,dom.iterable', '--module', module!, '--moduleResolution', resolution!, 'consumer.ts'],
        project,
      ).catch((error: { stdout: string; stderr: string }) => assert.fail(`tsc (${resolution}):\n${error.stdout}${error.stderr}`));
    }
  });

  it('imports in Node, where the element is not defined', async () => {
    const script = `const { SalonChat } = await import('@salon-chat/widget');
const protocol = await import('@salon-chat/protocol');
const conformance = await import('salon-chat-conformance');
console.log(JSON.stringify({ element: typeof SalonChat, frame: protocol.decodeClientFrame('{"type":"ping"}').ok, rules: conformance.RULES.length > 0 }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], project);
    assert.deepEqual(JSON.parse(stdout), { element: 'function', frame: true, rules: true });
  });

  it('bundles the widget with Vite, with one copy of Lit and the panel in its own chunk', async () => {
    writeFileSync(path.join(project, 'index.html'), '<!doctype html><script type="module" src="./main.ts"></script><salon-chat></salon-chat>');
    writeFileSync(path.join(project, 'main.ts'), "import { LitElement } from 'lit';\nimport '@salon-chat/widget';\nconsole.log(LitElement.name);\n");
    await run(path.join(BIN, 'vite'), ['build', '--logLevel', 'error', '--outDir', 'site'], project);
    const assets = path.join(project, 'site/assets');
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    assert.ok(scripts.length >= 2, `the panel comes in a chunk of its own (${scripts.join(', ')})`);
    const code = scripts.map((f) => readFileSync(path.join(assets, f), 'utf8')).join('\n');
    assert.equal(code.match(/litHtmlVersions/g)?.length, 1, 'one copy of lit-html');
    assert.match(code, /customElements\.define\(["'`]salon-chat["'`]/);
  });
});
