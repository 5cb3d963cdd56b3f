#!/usr/bin/env node
// After `vite build`: writes a gzip sibling (<file>.gz) of every text asset, which
// `motcua serve` sends to clients that accept gzip, then checks the size budget.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, dirname, extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { spawnSync } from 'node:child_process'

const here = dirname(fileURLToPath(import.meta.url))
const dist = join(here, '..', 'dist')
const TEXT = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.webmanifest'])

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) {
      if (name !== '.vite') walk(p)
    } else if (TEXT.has(extname(name))) {
      const body = readFileSync(p)
      if (body.length >= 256) writeFileSync(`${p}.gz`, gzipSync(body, { level: 9 }))
    }
  }
}
walk(dist)

const r = spawnSync(process.execPath, [join(here, 'size-budget.mjs')], { stdio: 'inherit' })
process.exit(r.status ?? 1)
