// Shared by the end-to-end scripts: a real `motcua serve` on a temporary database seeded with the
// demo province, on a free loopback port, serving the built web UI; stopped and removed at exit.
//
// Environment: MOTCUA_BIN (default: build/debug/src/app/motcua, else build/motcua),
// E2E_DOSSIERS (demo dossiers to seed, default 300).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WEB } from './browser.mjs'

const ROOT = join(WEB, '..')
export const BIN =
  process.env.MOTCUA_BIN ??
  [join(ROOT, 'build/debug/src/app/motcua'), join(ROOT, 'build/motcua')].find((p) => existsSync(p))
export const DIST = join(WEB, 'dist')

// Exits with status 2 and one line when the executable or the built UI is missing.
export function requireBuild(name) {
  if (!BIN || !existsSync(BIN)) {
    console.error(`${name}: the motcua executable was not found; build it or set MOTCUA_BIN`)
    process.exit(2)
  }
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error(`${name}: web/dist is missing; run "npm run build" first`)
    process.exit(2)
  }
}

// Seeds a demo province into a fresh temporary database and starts `motcua serve --demo` on it.
// Resolves to { base: 'http://127.0.0.1:PORT', stop() }; the process and the files go at exit.
export async function startMotcua({ dossiers = process.env.E2E_DOSSIERS ?? '300' } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'motcua-e2e-'))
  const db = join(work, 'e2e.db')
  let server = null
  const stop = () => {
    if (server && server.exitCode === null) server.kill('SIGTERM')
    rmSync(work, { recursive: true, force: true })
  }
  process.on('exit', stop)
  const seed = spawnSync(BIN, ['seed-demo', '--db', db, '--dossiers', String(dossiers)], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'], // the progress bar is long
    maxBuffer: 64 * 1024 * 1024,
  })
  if (seed.status !== 0) {
    throw new Error(`seed-demo failed (${seed.status ?? seed.signal ?? seed.error}): ${seed.stderr}`)
  }
  // Every user of the suite signs in from 127.0.0.1: the per-address sign-in limit is raised so
  // that it does not stand between the journeys (the limit itself is tested in tests/integration).
  const config = join(work, 'serve.json')
  writeFileSync(config, JSON.stringify({ rate_limits: { login_per_ip: { per_second: 50, burst: 500 } } }))
  server = spawn(BIN, ['serve', '--db', db, '--port', '0', '--address', '127.0.0.1', '--web', DIST, '--demo', '--config', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const base = await new Promise((resolve, reject) => {
    let log = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000)
    const onData = (chunk) => {
      log += chunk
      const m = /serving .* on http:\/\/[^:]+:(\d+)\//.exec(log)
      if (m) {
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${m[1]}`)
      }
    }
    server.stdout.on('data', onData)
    server.stderr.on('data', onData)
    server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)))
  })
  return { base, stop }
}
