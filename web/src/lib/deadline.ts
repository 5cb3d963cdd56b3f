// How urgent a dossier or step is, for the officers' queues: green while under 75 % of the
// step's budget is used, amber from 75 %, red once overdue. Wall-clock fractions approximate
// working time; the server's due times already skip holidays.
import { vnTime } from './format'

export type Urgency = 'none' | 'ok' | 'warn' | 'overdue'

export interface DueState {
  urgency: Urgency
  // Whole calendar days until the due day (negative when overdue), or null without a due time.
  daysLeft: number | null
  usedFraction: number | null
}

const DAY_MS = 86_400_000

export function dueState(
  dueAt: string | null | undefined,
  startedAt: string | null | undefined,
  nowMs: number,
): DueState {
  if (!dueAt) return { urgency: 'none', daysLeft: null, usedFraction: null }
  const due = vnTime(dueAt)
  if (Number.isNaN(due)) return { urgency: 'none', daysLeft: null, usedFraction: null }
  // Days counted on Vietnam calendar days.
  const dayOf = (ms: number) => Math.floor((ms + 7 * 3600 * 1000) / DAY_MS)
  const daysLeft = dayOf(due) - dayOf(nowMs)
  let usedFraction: number | null = null
  const start = startedAt ? vnTime(startedAt) : NaN
  if (!Number.isNaN(start) && due > start) usedFraction = (nowMs - start) / (due - start)
  let urgency: Urgency = 'ok'
  if (nowMs > due) urgency = 'overdue'
  else if (usedFraction !== null ? usedFraction >= 0.75 : daysLeft <= 1) urgency = 'warn'
  return { urgency, daysLeft, usedFraction }
}
