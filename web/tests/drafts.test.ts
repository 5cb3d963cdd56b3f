// Server-side drafts (lib/drafts.ts) against a fake server with the real rules (versions,
// If-Match, submitted drafts read-only): the autosave creates then replaces, skips unchanged
// answers, saves over another device's save, recreates a draft deleted elsewhere, keeps the
// answers on this device when offline; resuming picks the right copy; "my drafts" merges both.
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/client'
import type { ServerDraft } from '../src/api/types'
import {
  answersOf,
  createSyncer,
  draftOfProcedure,
  fromServer,
  loadDraft,
  mergeDrafts,
  newDraft,
  pickDraft,
  resumeDraft,
  saveDraft,
  syncDraft,
  unsynced,
  type DraftApi,
  type DraftWrite,
} from '../src/lib/drafts'
import { submissionOf } from '../src/lib/wizard'

const BIRTH = '1.001193'

// An in-memory /api/drafts.
class FakeServer implements DraftApi {
  drafts = new Map<string, ServerDraft>()
  calls: string[] = []
  offline = false
  next = 1

  private fail(status: number, type: string): never {
    throw new ApiError(status, { type, status }, type)
  }

  private check() {
    if (this.offline) throw new ApiError(0, {}, 'Không kết nối được')
  }

  async create(body: DraftWrite & { procedure_code: string }): Promise<ServerDraft> {
    this.check()
    this.calls.push(`create`)
    const id = `d${this.next++}`
    const d: ServerDraft = {
      id,
      procedure_code: body.procedure_code,
      procedure_name: 'Đăng ký khai sinh',
      agency_code: body.agency_code,
      attachments: body.attachments,
      version: 1,
      status: 'open',
      dossier_code: null,
      submitted_at: null,
      created_at: '2026-03-02T09:00',
      updated_at: '2026-03-02T09:00',
      expires_at: '2026-04-01T09:00',
      answers: body.answers,
    }
    this.drafts.set(id, d)
    return { ...d }
  }

  async save(id: string, version: number | undefined, body: DraftWrite): Promise<ServerDraft> {
    this.check()
    this.calls.push(`save ${id}@${version}`)
    const d = this.drafts.get(id)
    if (!d) this.fail(404, '/problems/not-found')
    if (d.status === 'submitted') this.fail(409, '/problems/not-allowed-now')
    if (version !== undefined && version !== d.version) this.fail(409, '/problems/conflict')
    Object.assign(d, body, { version: d.version + 1 })
    return { ...d }
  }

  async get(id: string): Promise<ServerDraft> {
    this.check()
    this.calls.push(`get ${id}`)
    const d = this.drafts.get(id)
    if (!d) this.fail(404, '/problems/not-found')
    return { ...d }
  }

  async list(): Promise<ServerDraft[]> {
    this.check()
    this.calls.push('list')
    return [...this.drafts.values()].filter((d) => d.status === 'open').map((d) => ({ ...d, answers: undefined }))
  }

  // Another device saves `change` over the stored answers.
  otherDevice(id: string, change: (a: Record<string, any>) => void) {
    const d = this.drafts.get(id)!
    const a = JSON.parse(d.answers!)
    change(a)
    d.answers = JSON.stringify(a)
    d.version += 1
  }
}

function mai() {
  const d = newDraft(7, BIRTH, 'Đăng ký khai sinh', 'Nguyễn Thị Mai')
  d.agency_code = '000.00.21.H99'
  d.applicant.id_number = '001190012345'
  d.attachments = [
    { component: 'TP1', sha256: 'a'.repeat(64), name: 'to-khai.pdf', size: 10 },
    { component: 'TP2', sha256: 'a'.repeat(64), name: 'to-khai.pdf', size: 10 },
  ]
  return d
}

describe('server drafts', () => {
  let server: FakeServer
  beforeEach(() => {
    localStorage.clear()
    server = new FakeServer()
  })

  it('creates the server draft once, then saves with the version it last saw', async () => {
    const d = mai()
    expect(unsynced(d)).toBe(true)
    expect(await syncDraft(d, server)).toEqual({ state: 'saved' })
    expect(d.server_id).toBe('d1')
    expect(d.server_version).toBe(1)
    expect(unsynced(d)).toBe(false)
    const stored = server.drafts.get('d1')!
    expect(stored.answers).toBe(answersOf(d))
    expect(stored.agency_code).toBe('000.00.21.H99')
    expect(stored.attachments).toEqual(['a'.repeat(64)]) // each file once

    // Nothing new: no request at all.
    expect(await syncDraft(d, server)).toEqual({ state: 'unchanged' })
    expect(server.calls).toEqual(['create'])

    d.applicant.phone = '0912345678'
    expect(await syncDraft(d, server)).toEqual({ state: 'saved' })
    expect(server.calls).toEqual(['create', 'save d1@1'])
    expect(d.server_version).toBe(2)
    expect(JSON.parse(server.drafts.get('d1')!.answers!).applicant.phone).toBe('0912345678')
  })

  it('the device in use saves over a save from another device, never losing its answers', async () => {
    const d = mai()
    await syncDraft(d, server)
    server.otherDevice('d1', (a) => (a.applicant.address = 'Nhà khác'))
    d.applicant.address = 'Số 12, tổ 3'
    expect(await syncDraft(d, server)).toEqual({ state: 'saved' })
    expect(server.calls).toEqual(['create', 'save d1@1', 'get d1', 'save d1@2'])
    expect(JSON.parse(server.drafts.get('d1')!.answers!).applicant.address).toBe('Số 12, tổ 3')
    expect(d.server_version).toBe(3)
  })

  it('recreates a draft deleted or expired on the server', async () => {
    const d = mai()
    await syncDraft(d, server)
    server.drafts.delete('d1')
    d.applicant.name = 'Nguyễn Thị Mai Anh'
    expect(await syncDraft(d, server)).toEqual({ state: 'saved' })
    expect(d.server_id).toBe('d2')
    expect(server.drafts.get('d2')!.answers).toBe(answersOf(d))
  })

  it('keeps the answers on this device when offline and saves them later', async () => {
    const d = mai()
    server.offline = true
    const outcome = await syncDraft(d, server)
    expect(outcome.state).toBe('offline')
    expect(d.server_id).toBeUndefined()
    saveDraft(d)
    expect(loadDraft(7, BIRTH)?.applicant.id_number).toBe('001190012345')
    server.offline = false
    expect(await syncDraft(d, server)).toEqual({ state: 'saved' })
  })

  it('reports a draft submitted meanwhile (from another device)', async () => {
    const d = mai()
    await syncDraft(d, server)
    Object.assign(server.drafts.get('d1')!, { status: 'submitted', dossier_code: 'X-1', version: 2 })
    d.applicant.phone = '0900000000'
    expect(await syncDraft(d, server)).toEqual({ state: 'submitted', dossier_code: 'X-1' })
  })

  it('a refused save (too large, not your file) is kept on this device', async () => {
    const d = mai()
    const refusing: DraftApi = {
      create: async () => {
        throw new ApiError(413, { type: '/problems/payload-too-large' }, 'Quá lớn')
      },
      save: (id, version, body) => server.save(id, version, body),
      get: (id) => server.get(id),
      list: () => server.list(),
    }
    expect(await syncDraft(d, refusing)).toEqual({ state: 'refused', message: 'Quá lớn' })
  })

  it('runs one save at a time: two quick page changes never make two server drafts', async () => {
    const syncer = createSyncer(server)
    const d = mai()
    const first = syncer.sync(d)
    const second = syncer.sync(d)
    expect(await first).toEqual({ state: 'saved' })
    expect(await second).toEqual({ state: 'unchanged' })
    d.applicant.phone = '0911111111'
    const third = syncer.sync(d)
    d.applicant.phone = '0922222222' // typed before that save went out: it carries it
    const fourth = syncer.sync(d)
    expect(await third).toEqual({ state: 'saved' })
    expect(await fourth).toEqual({ state: 'unchanged' })
    expect(server.calls.filter((c) => c === 'create')).toHaveLength(1)
    expect(JSON.parse(server.drafts.get('d1')!.answers!).applicant.phone).toBe('0922222222')
  })

  it('the submission names the server draft', async () => {
    const d = mai()
    d.components = ['TP1']
    expect('draft_id' in submissionOf(d)).toBe(false)
    await syncDraft(d, server)
    expect(submissionOf(d).draft_id).toBe('d1')
  })
})

describe('resuming a draft', () => {
  let server: FakeServer
  beforeEach(() => {
    localStorage.clear()
    server = new FakeServer()
  })

  it('on another device: the server copy with every answer', async () => {
    const d = mai()
    await syncDraft(d, server)
    localStorage.clear() // the other device has nothing
    const resumed = await resumeDraft(7, BIRTH, 'd1', server)
    expect(resumed.submitted).toBeUndefined()
    const r = resumed.draft!
    expect(r.server_id).toBe('d1')
    expect(r.applicant).toEqual(d.applicant)
    expect(r.agency_code).toBe(d.agency_code)
    expect(r.attachments).toEqual(d.attachments)
    expect(r.idempotency_key).toBe(d.idempotency_key)
    expect(unsynced(r)).toBe(false)
    // Without a chosen draft: the newest open one of the procedure.
    const found = await resumeDraft(7, BIRTH, undefined, server)
    expect(found.draft?.server_id).toBe('d1')
    expect((await resumeDraft(7, '2.000488', undefined, server)).draft).toBeNull()
  })

  it("this device's unsaved answers win; otherwise a newer server copy does", async () => {
    const d = mai()
    await syncDraft(d, server)
    saveDraft(d)
    server.otherDevice('d1', (a) => (a.applicant.address = 'Từ điện thoại'))
    // Nothing unsaved here: the phone's answers are taken.
    let r = (await resumeDraft(7, BIRTH, undefined, server)).draft!
    expect(r.applicant.address).toBe('Từ điện thoại')
    expect(r.server_version).toBe(2)
    // Typed here and not saved yet: kept.
    d.applicant.address = 'Gõ trên máy tính'
    saveDraft(d)
    r = (await resumeDraft(7, BIRTH, undefined, server)).draft!
    expect(r.applicant.address).toBe('Gõ trên máy tính')
    expect(pickDraft(null, server.drafts.get('d1')!, 7).applicant.address).toBe('Từ điện thoại')
  })

  it('offline, or the draft gone: this device copy', async () => {
    const d = mai()
    await syncDraft(d, server)
    saveDraft(d)
    server.offline = true
    expect((await resumeDraft(7, BIRTH, undefined, server)).draft?.applicant.name).toBe('Nguyễn Thị Mai')
    server.offline = false
    server.drafts.clear()
    const r = (await resumeDraft(7, BIRTH, undefined, server)).draft!
    expect(r.applicant.name).toBe('Nguyễn Thị Mai')
    expect(r.server_id).toBeUndefined() // saved again as a new server draft next time
  })

  it('a draft submitted from another device is not resumed', async () => {
    const d = mai()
    await syncDraft(d, server)
    saveDraft(d)
    Object.assign(server.drafts.get('d1')!, { status: 'submitted', dossier_code: 'X-9' })
    expect(await resumeDraft(7, BIRTH, undefined, server)).toEqual({ draft: null, submitted: 'X-9' })
    expect(loadDraft(7, BIRTH)).toBeNull()
  })

  it('odd server answers give empty fields, never an error', () => {
    const s = { id: 'x', procedure_code: BIRTH, procedure_name: 'Đăng ký khai sinh', agency_code: 'A', attachments: [], version: 3, status: 'open', dossier_code: null, submitted_at: null, created_at: '', updated_at: '', expires_at: '' } as unknown as ServerDraft
    for (const answers of ['{}', 'not json', '[1]', '{"applicant": 5, "components": "TP1"}']) {
      const d = fromServer({ ...s, answers }, 7)
      expect(d.applicant.name).toBe('')
      expect(d.components).toEqual([])
      expect(d.agency_code).toBe('A')
      expect(d.idempotency_key).toHaveLength(32)
    }
  })
})

describe('my drafts', () => {
  const civil = (ms: number) => new Date(ms + 7 * 3600 * 1000).toISOString().slice(0, 16)
  const server = (id: string, updated: string): ServerDraft => ({
    id,
    procedure_code: BIRTH,
    procedure_name: 'Đăng ký khai sinh',
    agency_code: '',
    attachments: [],
    version: 1,
    status: 'open',
    dossier_code: null,
    submitted_at: null,
    created_at: updated,
    updated_at: updated,
    expires_at: '2026-04-01T09:00',
  })

  it('lists the server drafts, then those only on this device', () => {
    const synced = mai()
    synced.server_id = 's1'
    synced.synced = answersOf(synced)
    const offline = newDraft(7, '2.000488', 'Cấp phiếu lý lịch tư pháp', 'Mai')
    const stale = newDraft(7, '1.000656', 'Đăng ký khai tử', 'Mai')
    stale.server_id = 'gone'
    stale.synced = answersOf(stale)
    const items = mergeDrafts([synced, offline, stale], [server('s2', '2026-03-03T10:00'), server('s1', '2026-03-02T09:00')], civil)
    expect(items.map((i) => i.key)).toEqual(['s2', 's1', 'local:2.000488'])
    expect(items[1]!.local).toBe(synced)
    expect(items[2]!.server).toBeUndefined()
    // Offline (no server list): this device's drafts.
    expect(mergeDrafts([synced, offline], null, civil).map((i) => i.key)).toEqual(['local:1.001193', 'local:2.000488'])
  })

  it('offers the procedure page the newest open server draft of that procedure, else the device copy', () => {
    const submitted = { ...server('s9', '2026-03-04T08:00'), status: 'submitted' as const }
    const other = { ...server('s5', '2026-03-05T08:00'), procedure_code: '2.000488' }
    const list = [other, submitted, server('s2', '2026-03-03T10:00'), server('s1', '2026-03-02T09:00')]
    // Started on another device: nothing here, the server's draft is offered.
    const fromElsewhere = draftOfProcedure(BIRTH, null, list, civil)
    expect(fromElsewhere?.server?.id).toBe('s2')
    expect(fromElsewhere?.saved_at).toBe('2026-03-03T10:00')
    // This device's copy of a server draft is resumed through the server draft.
    const synced = mai()
    synced.server_id = 's1'
    synced.synced = answersOf(synced)
    expect(draftOfProcedure(BIRTH, synced, [server('s1', '2026-03-02T09:00')], civil)?.local).toBe(synced)
    // Offline: the device copy.
    const offline = mai()
    expect(draftOfProcedure(BIRTH, offline, null, civil)?.key).toBe('local:1.001193')
    // Nothing open for the procedure: nothing to resume.
    expect(draftOfProcedure(BIRTH, null, [other, submitted], civil)).toBeNull()
  })
})
